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
        /// Not scanned as text; `findings` are those of path-only rules.
        case binary(findings: [SecretFinding])
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
        return scanContent(UnsafeRawBufferPointer(rebasing: buffer[0..<length]), target: ScanTarget(path: display))
    }

    /// Scans a whole file's bytes (see ``TextContent``): text as it is, UTF-16 transcoded to UTF-8 first,
    /// binary not at all.
    func scanContent(_ bytes: UnsafeRawBufferPointer, target: ScanTarget) -> Outcome {
        do throws(VouchError) {
            switch TextContent.classify(bytes) {
            case .binary:
                return .binary(findings: detector.pathFindings(target: target))
            case .text:
                return .scanned(findings: try detector.findings(in: bytes, target: target, scanner: scanner), bytes: bytes.count)
            case .utf16(let bigEndian, let bomBytes):
                let text = TextContent.transcodeUTF16(bytes, bigEndian: bigEndian, bomBytes: bomBytes)
                let findings = try SecretScan.withBytes(text) { (raw) throws(VouchError) in try detector.findings(in: raw, target: target, scanner: scanner) }
                return .scanned(findings: findings, bytes: bytes.count)
            }
        } catch {
            return .failed(error.reason)
        }
    }

    /// Scans bytes that are already in memory and known to be text (git diff fragments).
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

}
