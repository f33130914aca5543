#if canImport(Glibc)
import Glibc
#endif
import VouchArchive
import VouchCore
import VouchRegex

/// One thread's scanning state: its ``PatternScanner`` and a read buffer reused for every file
/// (read(2) straight into it, grown only when a larger file comes).
final class FileScanWorker {
    let detector: SecretDetector
    let scanner: PatternScanner
    let maxFileBytes: Int
    let maxArchiveDepth: Int
    let archiveLimits: ArchiveLimits
    private var buffer: UnsafeMutableRawBufferPointer

    init(detector: SecretDetector, options: SecretScanOptions) throws(VouchError) {
        self.detector = detector
        maxFileBytes = options.maxFileBytes
        maxArchiveDepth = options.maxArchiveDepth
        archiveLimits = options.archiveLimits
        scanner = try detector.makeScanner()
        buffer = .allocate(byteCount: 1 << 20, alignment: 64)
    }

    deinit {
        buffer.deallocate()
        if directoryDescriptor >= 0 { close(directoryDescriptor) }
    }

    enum Outcome {
        case scanned(findings: [SecretFinding], bytes: Int)
        /// Not scanned as text; `findings` are those of path-only rules.
        case binary(findings: [SecretFinding])
        case tooLarge
        case failed(String)
    }

    /// The directory this worker opened itself (one the walk did not keep open), and its descriptor.
    private var openDirectory = -1
    private var directoryDescriptor: Int32 = -1

    /// Reads and scans one file of a walked tree (or a path given alone, or `-` for standard input).
    ///
    /// A file is opened relative to its directory's descriptor (the walk's, or one this worker opens and
    /// keeps while its files come from that directory) and read with one `read(2)` into the reused
    /// buffer: a regular file that fills less than the buffer is complete, so no `fstat` and no second
    /// read for end of file.
    func scanFile(_ entry: TreeWalker.Entry, directories: WalkedDirectories) -> Outcome {
        let descriptor: Int32
        if entry.name == "-" && entry.directory < 0 {
            descriptor = STDIN_FILENO
        } else if entry.directory < 0 {
            descriptor = open(entry.name, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        } else if case let walked = directories.descriptor(entry.directory), walked >= 0 {
            descriptor = openat(walked, entry.name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW)
        } else {
            if entry.directory != openDirectory {
                if directoryDescriptor >= 0 { close(directoryDescriptor) }
                directoryDescriptor = open(directories.paths[entry.directory], O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                openDirectory = directoryDescriptor >= 0 ? entry.directory : -1
            }
            descriptor = directoryDescriptor >= 0 ? openat(directoryDescriptor, entry.name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW) : -1
        }
        guard descriptor >= 0 else { return .failed(VouchError.system(errno: errno, operation: "open", path: entry.display).reason) }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        let walked = entry.directory >= 0
        var length = 0
        while true {
            if length == buffer.count {
                if length > maxFileBytes { return .tooLarge }
                // A file larger than the buffer: its size (when it has one) sizes the buffer once.
                var status = stat()
                if fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG {
                    if Int(status.st_size) > maxFileBytes { return .tooLarge }
                    ensureCapacity(max(buffer.count * 2, Int(status.st_size) + 1))
                } else {
                    ensureCapacity(buffer.count * 2)
                }
            }
            let count = read(descriptor, buffer.baseAddress! + length, buffer.count - length)
            if count < 0 {
                if errno == EINTR { continue }
                return .failed(VouchError.system(errno: errno, operation: "read", path: entry.display).reason)
            }
            if count == 0 { break }
            length += count
            // A walked regular file (d_type) that left room in the buffer has been read to its end.
            if walked && length < buffer.count { break }
        }
        if length > maxFileBytes { return .tooLarge }
        let target = ScanTarget(path: entry.display, root: entry.root, relativePath: entry.relative)
        return scanContent(UnsafeRawBufferPointer(rebasing: buffer[0..<length]), target: target)
    }

    /// Scans a whole file's bytes (see ``TextContent``): text as it is, UTF-16 transcoded to UTF-8 first,
    /// an archive member by member (to ``maxArchiveDepth`` levels), other binaries not at all.
    func scanContent(_ bytes: UnsafeRawBufferPointer, target: ScanTarget, depth: Int = 0) -> Outcome {
        do throws(VouchError) {
            switch TextContent.classify(bytes) {
            case .binary:
                if depth < maxArchiveDepth && ArchiveMemberReader.recognizes(bytes) { return scanArchive(bytes, target: target, depth: depth) }
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

    /// Scans each regular member of the archive in `bytes` as a file named `archive!member` (as gitleaks
    /// names them). Going past an archive limit fails the file, naming the limit; bytes that only looked
    /// like an archive (or a damaged one) count as a binary file.
    private func scanArchive(_ bytes: UnsafeRawBufferPointer, target: ScanTarget, depth: Int) -> Outcome {
        var findings = detector.pathFindings(target: target)
        do throws(VouchError) {
            let reader = try ArchiveMemberReader(bytes: bytes, name: target.path, limits: archiveLimits)
            while let member = try reader.next() {
                if member.size > Int64(maxFileBytes) { continue }
                guard let content = try reader.readContent(upTo: maxFileBytes) else { continue }
                let memberTarget = ScanTarget(path: target.path + "!" + member.path, commit: target.commit, layer: target.layer,
                                              root: target.root, relativePath: target.relativePath.map { $0 + "!" + member.path })
                switch content.withUnsafeBytes({ scanContent($0, target: memberTarget, depth: depth + 1) }) {
                case .scanned(let found, _), .binary(let found): findings += found
                case .tooLarge: continue
                case .failed(let reason): return .failed(reason)
                }
            }
            return .scanned(findings: findings, bytes: bytes.count)
        } catch {
            if error.limit != nil { return .failed(error.reason) }
            return .binary(findings: findings)
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
