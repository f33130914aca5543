#if canImport(Glibc)
import Glibc
#endif
public import VouchArchive
public import VouchCore
import Synchronization
import VouchFiles

/// Where one stored file's bytes are: a whole file of a layout directory, or a member's data inside a tar.
/// Plain values, so each worker thread opens its own descriptor.
public struct FileSlice: Hashable, Sendable {
    /// The file on disk that holds the bytes.
    public var containerPath: String
    public var offset: Int64
    public var length: Int64
    /// How the file is named in messages, e.g. `image.tar:blobs/sha256/ab...`.
    public var displayName: String
    /// Open with `O_NOFOLLOW`: a layout blob checked with `lstat` cannot be swapped for a symlink
    /// between the check and the read.
    public var refusesSymlink: Bool

    public init(containerPath: String, offset: Int64, length: Int64, displayName: String, refusesSymlink: Bool = false) {
        self.containerPath = containerPath
        self.offset = offset
        self.length = length
        self.displayName = displayName
        self.refusesSymlink = refusesSymlink
    }

    /// A source that yields exactly these bytes, adding what it reads to `counter` when given.
    public func open(counting counter: ByteCounter? = nil) throws(VouchError) -> FileRangeByteSource {
        try FileRangeByteSource(slice: self, counter: counter)
    }

    /// The first `count` bytes (fewer if the file is shorter).
    public func prefix(_ count: Int) throws(VouchError) -> [UInt8] {
        var head = self
        head.length = min(length, Int64(count))
        return try head.readAll(maximum: Int64(count), limitName: "prefix")
    }

    /// All the bytes, refusing more than `maximum` (named `limitName` in the error).
    public func readAll(maximum: Int64, limitName: String) throws(VouchError) -> [UInt8] {
        if length > maximum {
            throw VouchError.limitExceeded(limitName, limit: maximum, found: length, path: displayName, what: "document size")
        }
        let source = try open()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(Int(length), 1), alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0
        while filled < Int(length) {
            let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<Int(length)]))
            if count == 0 { break }
            filled += count
        }
        let bytes = [UInt8](UnsafeRawBufferPointer(rebasing: buffer[..<filled]))
        guard filled == Int(length) else {
            throw VouchError(.malformedInput, "file ended after \(filled) of \(length) bytes", path: displayName)
        }
        return bytes
    }
}

extension FileSlice {
    /// A test seam: when set, called each time a slice is opened; the closure it returns (if any) sees
    /// the byte count of every read from that opening. Tests count how often each layer blob is read;
    /// nil otherwise.
    static let openObserver = Mutex<(@Sendable (FileSlice) -> (@Sendable (Int) -> Void)?)?>(nil)
}

/// The bytes of a ``FileSlice``, read with `pread(2)` from a descriptor this source owns.
public final class FileRangeByteSource: ByteSource {
    private let descriptor: Int32
    private let slice: FileSlice
    private var position: Int64 = 0
    private let counter: ByteCounter?
    private let observer: (@Sendable (Int) -> Void)?

    init(slice: FileSlice, counter: ByteCounter?) throws(VouchError) {
        let descriptor = Glibc.open(slice.containerPath, O_RDONLY | O_CLOEXEC | (slice.refusesSymlink ? O_NOFOLLOW : 0))
        guard descriptor >= 0 else {
            throw VouchError.system(errno: errno, operation: "open", path: slice.containerPath)
        }
        _ = posix_fadvise(descriptor, off_t(slice.offset), off_t(slice.length), POSIX_FADV_SEQUENTIAL)
        self.descriptor = descriptor
        self.slice = slice
        self.counter = counter
        observer = FileSlice.openObserver.withLock { $0 }?(slice)
    }

    deinit { close(descriptor) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(VouchError) -> Int {
        let wanted = Int(min(Int64(buffer.count), slice.length - position))
        guard wanted > 0 else { return 0 }
        let count = try FileDescriptorIO.read(
            descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]), at: slice.offset + position, path: slice.displayName)
        position += Int64(count)
        counter?.add(count)
        observer?(count)
        return count
    }
}
