#if canImport(Glibc)
import Glibc
#endif
public import VouchCore

/// Where a report goes: standard output, or a file written as a temporary file in the same directory
/// and renamed into place by ``commit()``, so a failed or interrupted scan never leaves half a report.
public final class ReportOutput {
    public let displayName: String
    private let descriptor: Int32
    private let temporaryPath: String?
    private let finalPath: String?
    private var buffer: [UInt8] = []
    private var finished = false

    /// Whether the output is a terminal (text reports use colour then).
    public var isTerminal: Bool { isatty(descriptor) == 1 }

    /// Standard output.
    public static func standardOutput() -> ReportOutput { ReportOutput(descriptor: STDOUT_FILENO) }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
        displayName = "standard output"
        temporaryPath = nil
        finalPath = nil
    }

    /// A report file at `path`, created on ``commit()``.
    public init(path: String) throws(VouchError) {
        let temporary = "\(path).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw VouchError.system(errno: errno, operation: "create", path: path) }
        self.descriptor = descriptor
        displayName = path
        temporaryPath = temporary
        finalPath = path
    }

    deinit { if !finished { abandon() } }

    public func write(_ text: String) throws(VouchError) {
        buffer += text.utf8
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func write(bytes: some Sequence<UInt8>) throws(VouchError) {
        buffer += bytes
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func flush() throws(VouchError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw VouchError.system(errno: errno, operation: "write", path: displayName) }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and, for a file, renames the temporary file into place.
    public func commit() throws(VouchError) {
        try flush()
        finished = true
        guard let temporaryPath, let finalPath else { return }
        guard fsync(descriptor) == 0 || errno == EINVAL else { throw VouchError.system(errno: errno, operation: "fsync", path: finalPath) }
        close(descriptor)
        guard rename(temporaryPath, finalPath) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw VouchError.system(errno: code, operation: "rename", path: finalPath)
        }
    }

    /// Drops a file report: the temporary file is removed and nothing appears at the final path.
    public func abandon() {
        finished = true
        guard let temporaryPath else { return }
        close(descriptor)
        unlink(temporaryPath)
    }
}
