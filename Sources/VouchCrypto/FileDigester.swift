#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import VouchCore
import VouchFiles

/// Hashes files and file descriptors by streaming them through a ``DigestHasher``.
///
/// Reads with `read(2)` into one buffer that the digester keeps and reuses for every file, so the hot
/// path makes no allocation and no copy. One digester per thread.
public final class FileDigester {
    /// The buffer size: large enough that syscall overhead vanishes next to hashing.
    public static let defaultBufferSize = 1 << 20

    public let algorithm: DigestAlgorithm
    private let hasher: DigestHasher
    private let buffer: UnsafeMutableRawBufferPointer

    public init(algorithm: DigestAlgorithm = .sha256, bufferSize: Int = FileDigester.defaultBufferSize) throws(VouchError) {
        self.algorithm = algorithm
        hasher = try DigestHasher(algorithm)
        buffer = .allocate(byteCount: max(bufferSize, 4096), alignment: 64)
    }

    deinit { buffer.deallocate() }

    /// The digest and size of the file at `path`; `-` means standard input.
    public func digest(path: String) throws(VouchError) -> FileDigest {
        if path == "-" {
            return try digest(fileDescriptor: STDIN_FILENO, name: path)
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw VouchError.system(errno: errno, operation: "open", path: path)
        }
        defer { close(descriptor) }
        #if canImport(Glibc)
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        return try digest(fileDescriptor: descriptor, name: path)
    }

    /// The digest of everything readable from `descriptor`; `name` labels errors and the result.
    public func digest(fileDescriptor descriptor: Int32, name: String) throws(VouchError) -> FileDigest {
        try hasher.reset()
        var size: Int64 = 0
        while true {
            let count = try FileDescriptorIO.read(descriptor, into: buffer, path: name)
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            size += Int64(count)
        }
        return FileDigest(path: name, digest: try hasher.finalize(), size: size)
    }

    /// Digests every path, collecting per-file failures instead of stopping at the first.
    public func digestAll(paths: [String]) -> DigestReport {
        var report = DigestReport(algorithm: algorithm.name, files: [], errors: [])
        for path in paths {
            do {
                report.files.append(try digest(path: path))
            } catch {
                report.errors.append(InputFailure(path: path, reason: error.reason))
            }
        }
        return report
    }
}

/// One file's digest.
public struct FileDigest: Hashable, Sendable, Codable {
    public var path: String
    public var digest: Digest
    public var size: Int64

    public init(path: String, digest: Digest, size: Int64) {
        self.path = path
        self.digest = digest
        self.size = size
    }
}

/// An input that could not be read, and why.
public struct InputFailure: Hashable, Sendable, Codable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// The result of `vouch digest`: every digest made and every file that could not be read.
public struct DigestReport: Hashable, Sendable, Codable {
    public var algorithm: String
    public var files: [FileDigest]
    public var errors: [InputFailure]
}
