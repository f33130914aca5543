#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import VouchCore
import VouchFiles

/// Where a ``TarReader`` gets its bytes: a file, memory, or a stream another layer decompressed itself.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer` and returns how many; 0 means the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(VouchError) -> Int
}

/// A source that can lend its next bytes where they already are (the buffer a decompressor wrote), so a
/// reader that only looks at them (a hash, a tar header parser) needs no copy of its own.
public protocol BorrowingByteSource: ByteSource {
    /// The next bytes, in the source's own memory, valid until the next call of ``borrow()`` or
    /// ``ByteSource/read(into:)``; empty at the end.
    func borrow() throws(VouchError) -> UnsafeRawBufferPointer
}

/// Bytes read from a file descriptor with `read(2)`.
public final class FileByteSource: ByteSource {
    /// The name used in errors.
    public let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool

    /// Opens `path` for reading.
    public init(path: String) throws(VouchError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw VouchError.system(errno: errno, operation: "open", path: path) }
        self.descriptor = descriptor
        self.ownsDescriptor = true
        self.name = path
    }

    /// Reads from an open descriptor; closes it when done only if `owned`.
    public init(fileDescriptor: Int32, name: String, owned: Bool) {
        self.descriptor = fileDescriptor
        self.ownsDescriptor = owned
        self.name = name
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(VouchError) -> Int {
        try FileDescriptorIO.read(descriptor, into: buffer, path: name)
    }
}

/// Bytes held in memory.
public final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(VouchError) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
