#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import VouchCore

/// Reads a small input file (a key, a signature, an envelope, a predicate, a config) whole, bounded
/// by a named limit, with the errors a user can act on: "no such file", "is a directory, not a
/// file", or the limit with the file's real size. Inputs are read through this one reader so no
/// Foundation error text (`NSCocoaErrorDomain error 256`) reaches the user, and a directory is
/// never read as an empty file.
public enum BoundedFileReader {
    /// The whole content of `path`; more than `limit` bytes is refused as `limitName`.
    public static func read(_ path: String, limit: Int, limitName: String, what: String = "file size") throws(VouchError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw VouchError.system(errno: errno, operation: "open", path: path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw VouchError.system(errno: errno, operation: "fstat", path: path) }
        let type = status.st_mode & S_IFMT
        if type == S_IFDIR { throw VouchError.system(errno: EISDIR, operation: "read", path: path) }
        if type == S_IFREG, Int64(status.st_size) > Int64(limit) {
            throw VouchError.limitExceeded(limitName, limit: Int64(limit), found: Int64(status.st_size), path: path, what: what)
        }
        var result: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = try FileDescriptorIO.read(descriptor, into: chunk, path: path)
            if count == 0 { return result }
            result += UnsafeRawBufferPointer(rebasing: chunk[..<count])
            if result.count > limit {
                // A pipe or a file growing while read: its final size cannot be known, so say "at least".
                throw VouchError.limitExceeded(limitName, limit: Int64(limit), found: Int64(result.count), path: path, what: "\(what) of at least")
            }
        }
    }
}
