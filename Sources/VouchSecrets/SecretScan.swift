#if canImport(Glibc)
import Glibc
#endif
import Foundation
public import VouchCore
public import VouchImage

/// Runs a ``SecretDetector`` over files, directory trees and standard input, in parallel over files,
/// and hands findings to a sink in a deterministic order (input order, then the tree's sorted order),
/// so reports are reproducible while memory holds only one batch of files' findings at a time.
public final class SecretScan {
    public let detector: SecretDetector
    public let options: SecretScanOptions
    private let threadCount: Int

    /// Files handed to the threads at once; their findings are emitted in order when the batch ends.
    static let batchFiles = 512

    public init(detector: SecretDetector, options: SecretScanOptions = SecretScanOptions()) {
        self.detector = detector
        self.options = options
        threadCount = options.threads > 0 ? options.threads : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Scans each path: a directory is walked, a file is read, `-` reads standard input. A path that
    /// does not exist is an error (the scan could not do its job); an unreadable file inside a tree is
    /// recorded in the summary and the scan goes on.
    public func scan(paths: [String], sink: (SecretFinding) throws(VouchError) -> Void) throws(VouchError) -> SecretScanSummary {
        var summary = SecretScanSummary()
        var files: [TreeWalker.Entry] = []
        var walker = TreeWalker()
        for path in paths {
            if path == "-" {
                files.append(TreeWalker.Entry(directory: -1, name: "-", display: "-"))
                continue
            }
            var status = stat()
            guard stat(path, &status) == 0 else { throw VouchError.system(errno: errno, operation: "stat", path: path) }
            if (status.st_mode & S_IFMT) == S_IFDIR {
                files += walker.files(under: path)
            } else {
                // A file given alone: its root is its directory, so `scan app/x.env` and `scan app` agree.
                let directory = (path as NSString).deletingLastPathComponent
                files.append(TreeWalker.Entry(directory: -1, name: path, display: path, root: TreeWalker.absolute(directory.isEmpty ? "." : directory),
                                              relative: (path as NSString).lastPathComponent))
            }
        }
        summary.symlinksSkipped += walker.symlinksSkipped
        summary.errors += walker.errors
        let workers = try makeWorkers()
        var start = 0
        while start < files.count {
            let batch = Array(files[start..<min(files.count, start + SecretScan.batchFiles)])
            start += batch.count
            let outcomes = run(batch, directories: walker.directories, workers: workers)
            for (index, outcome) in outcomes.enumerated() { try record(outcome, path: batch[index].display, summary: &summary, sink: sink) }
        }
        return summary
    }

    /// Scans git history (see ``GitHistorySource``).
    public func scanGit(repository: String, logOptions: [String], sink: (SecretFinding) throws(VouchError) -> Void) throws(VouchError) -> SecretScanSummary {
        var summary = SecretScanSummary()
        let worker = try FileScanWorker(detector: detector, options: options)
        let source = GitHistorySource(repository: repository, logOptions: logOptions)
        let topLevel = GitHistorySource.topLevel(of: repository)
        var commits = Set<String>()
        try source.forEachFragment { (fragment: GitHistorySource.Fragment) throws(VouchError) in
            commits.insert(fragment.commit.hash)
            summary.filesScanned += 1
            summary.bytesScanned += Int64(fragment.text.count)
            let findings = try SecretScan.withBytes(fragment.text) { (raw) throws(VouchError) in
                try worker.scan(raw, target: ScanTarget(path: fragment.path, commit: fragment.commit, lineNumbers: fragment.lineNumbers,
                                                        root: topLevel, relativePath: fragment.path))
            }
            for finding in findings { try emit(finding, summary: &summary, sink: sink) }
        }
        summary.commitsScanned = commits.count
        return summary
    }

    /// Scans every regular file of every layer of the image at `reference` (OCI layout, oci-archive,
    /// docker-save), so a secret a later layer deletes is still found, with its layer index and absolute
    /// path; whiteout markers are skipped, files over the size limit counted as skipped. The image
    /// module's one layer pass reads each layer once (in parallel, gzip and zstd inflated on the fly),
    /// handing each file to that layer's ``LayerSecretScanner`` from the pass's own buffer; digests are not
    /// checked (that is `vouch image verify`). Findings come in layer order, then archive order. A layer
    /// that cannot be read to its end is an entry of the summary's errors.
    public func scanImage(_ reference: ImageReference, sink: (SecretFinding) throws(VouchError) -> Void) throws(VouchError) -> SecretScanSummary {
        let image = try ImageLoader().load(reference)
        var scanners: [LayerSecretScanner] = []
        for layer in image.layers { scanners.append(try layerScanner(layer: layer.index)) }
        ImageVerifier().visitFiles(image, visitors: scanners)
        return try summarize(scanners, sink: sink)
    }

    /// `withUnsafeBytes` keeping the typed error (the standard one rethrows `any Error`).
    static func withBytes<T>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(VouchError) -> T) throws(VouchError) -> T {
        var result: Result<T, VouchError>?
        bytes.withUnsafeBytes { raw in
            do throws(VouchError) { result = .success(try body(raw)) } catch { result = .failure(error) }
        }
        return try result!.get()
    }

    func record(_ outcome: FileScanWorker.Outcome, path: String, summary: inout SecretScanSummary, sink: (SecretFinding) throws(VouchError) -> Void) throws(VouchError) {
        switch outcome {
        case .scanned(let findings, let bytes):
            summary.filesScanned += 1
            summary.bytesScanned += Int64(bytes)
            for finding in findings { try emit(finding, summary: &summary, sink: sink) }
        case .binary(let findings):
            summary.binaryFilesSkipped += 1
            for finding in findings { try emit(finding, summary: &summary, sink: sink) }
        case .tooLarge: summary.largeFilesSkipped += 1
        case .failed(let reason): summary.errors.append(SkippedInput(path: path, reason: reason))
        }
    }

    private func emit(_ finding: SecretFinding, summary: inout SecretScanSummary, sink: (SecretFinding) throws(VouchError) -> Void) throws(VouchError) {
        if options.suppressedFingerprints.contains(finding.fingerprint) {
            summary.suppressed += 1
            return
        }
        if finding.confidence < options.minimumConfidence {
            summary.belowMinimumConfidence += 1
            return
        }
        summary.findings += 1
        try sink(finding)
    }

    private func makeWorkers() throws(VouchError) -> [FileScanWorker] {
        var workers: [FileScanWorker] = []
        for _ in 0..<threadCount { workers.append(try FileScanWorker(detector: detector, options: options)) }
        return workers
    }

    /// Scans a batch on all workers; each worker takes the next unclaimed file.
    private func run(_ batch: [TreeWalker.Entry], directories: WalkedDirectories, workers: [FileScanWorker]) -> [FileScanWorker.Outcome] {
        // Thread i uses only workers[i] (its state is its number), so no worker is shared between threads.
        nonisolated(unsafe) let workers = workers
        let outcomes = ConcurrentMap.map(count: batch.count, workers: workers.count, state: { $0 }) { worker, index in
            workers[worker].scanFile(batch[index], directories: directories)
        }
        return outcomes.map { $0 ?? .failed("not scanned") }
    }
}
