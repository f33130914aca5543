#if canImport(Glibc)
import Glibc
#endif
import VouchCore
import VouchRegex

/// One thread's scanning state: its ``PatternScanner`` and a read buffer reused for every file
/// (read(2) straight into it, grown only when a larger file comes).
final class FileScanWorker {
    let detector: SecretDetector
    let scanner: PatternScanner
    let maxFileBytes: Int
    private var buffer: UnsafeMutableRawBufferPointer

    init(detector: SecretDetector, maxFileBytes: Int) throws(VouchError) {
        self.detector = detector
        self.maxFileBytes = maxFileBytes
        scanner = try detector.makeScanner()
        buffer = .allocate(byteCount: 1 << 20, alignment: 64)
    }

    deinit { buffer.deallocate() }

    enum Outcome {
        case scanned(findings: [SecretFinding], bytes: Int)
        case binary
        case tooLarge
        case failed(String)
    }

    /// Reads and scans the file at `path` (`-` is standard input), labelling findings with `display`.
    func scanFile(path: String, display: String) -> Outcome {
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { return .failed(VouchError.system(errno: errno, operation: "open", path: display).reason) }
        defer { if path != "-" { close(descriptor) } }
        var status = stat()
        if fstat(descriptor, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFREG && Int(status.st_size) > maxFileBytes { return .tooLarge }
            if (status.st_mode & S_IFMT) == S_IFREG { ensureCapacity(Int(status.st_size) + 1) }
        }
        var length = 0
        while true {
            if length == buffer.count {
                if length > maxFileBytes { return .tooLarge }
                ensureCapacity(buffer.count * 2)
            }
            let count = read(descriptor, buffer.baseAddress! + length, buffer.count - length)
            if count < 0 {
                if errno == EINTR { continue }
                return .failed(VouchError.system(errno: errno, operation: "read", path: display).reason)
            }
            if count == 0 { break }
            length += count
        }
        if length > maxFileBytes { return .tooLarge }
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<length])
        if FileScanWorker.looksBinary(bytes) { return .binary }
        do {
            return .scanned(findings: try detector.findings(in: bytes, target: ScanTarget(path: display), scanner: scanner), bytes: length)
        } catch {
            return .failed(error.reason)
        }
    }

    /// Scans bytes that are already in memory (git diff fragments, image layer entries).
    func scan(_ bytes: UnsafeRawBufferPointer, target: ScanTarget) throws(VouchError) -> [SecretFinding] {
        try detector.findings(in: bytes, target: target, scanner: scanner)
    }

    private func ensureCapacity(_ capacity: Int) {
        guard capacity > buffer.count else { return }
        let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        grown.copyMemory(from: UnsafeRawBufferPointer(buffer))
        buffer.deallocate()
        buffer = grown
    }

    /// Git's test: a NUL byte in the first 8000 bytes.
    static func looksBinary(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return false }
        return memchr(base, 0, min(bytes.count, 8000)) != nil
    }
}
