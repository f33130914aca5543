#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import VouchCore

/// A regular file opened read-only for reads at given offsets (pread(2)), so an index can fetch the few
/// slices it needs of a large file without reading the rest. Owns its descriptor, closed in `deinit`.
public final class RandomAccessFile {
    /// The path, named in errors.
    public let path: String
    /// The size when opened.
    public let size: Int64
    private let descriptor: Int32

    /// Opens `path`; a directory or other non-regular file is refused.
    public init(path: String) throws(VouchError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw VouchError.system(errno: errno, operation: "open", path: path) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let failure = errno
            close(descriptor)
            throw VouchError.system(errno: failure, operation: "fstat", path: path)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw VouchError(.malformedInput, "not a regular file", path: path)
        }
        self.descriptor = descriptor
        self.path = path
        size = Int64(status.st_size)
    }

    deinit { close(descriptor) }

    /// Exactly `count` bytes from `offset`; a range past the end of the file is an error.
    public func read(at offset: Int64, count: Int) throws(VouchError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, Int64(count) <= size - offset else {
            throw VouchError(.malformedInput, "a read of \(count) bytes at offset \(offset) is past the end of the file (\(size) bytes)", path: path)
        }
        var bytes = [UInt8](repeating: 0, count: count)
        var failure: VouchError?
        let filled = bytes.withUnsafeMutableBytes { buffer in
            do throws(VouchError) { return try FileDescriptorIO.readFully(descriptor, into: buffer, at: offset, path: path) } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        guard filled == count else {
            throw VouchError(.malformedInput, "the file ended after \(filled) of \(count) bytes at offset \(offset)", path: path)
        }
        return bytes
    }
}
