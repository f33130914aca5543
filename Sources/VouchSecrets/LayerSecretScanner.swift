public import VouchCore
public import VouchImage

/// One layer's share of a secret scan, made while another pass reads the layer (`vouch policy check`
/// verifies each layer, builds its filesystem and scans its files in one inflate): every regular file of
/// the layer, whiteout markers excepted, scanned as ``SecretScan/scanImage(_:sink:)`` scans it, with the
/// same size limit, the same text/binary/archive handling and the same locations (layer index and path).
///
/// Made by ``SecretScan/layerScanner(layer:)``; after the pass, ``SecretScan/summarize(_:sink:)`` emits
/// every layer's findings in layer order, then archive order, as `scanImage` does. Only findings are
/// kept, never file bytes.
public final class LayerSecretScanner: LayerContentVisitor {
    public let layer: Int
    private let worker: FileScanWorker
    private let maxFileBytes: Int
    /// Each scanned file's outcome, in archive order.
    fileprivate var outcomes: [(path: String, outcome: FileScanWorker.Outcome)] = []
    fileprivate var tooLarge = 0
    /// Why some of the layer went unscanned, from the pass.
    fileprivate var unread: String?

    fileprivate init(layer: Int, worker: FileScanWorker, maxFileBytes: Int) {
        self.layer = layer
        self.worker = worker
        self.maxFileBytes = maxFileBytes
    }

    public func contentLimit(for entry: LayerEntry) -> Int? {
        if entry.isWhiteout { return nil }
        if entry.size > Int64(maxFileBytes) {
            tooLarge += 1
            return nil
        }
        return Int(entry.size)
    }

    public func visit(_ entry: LayerEntry, content: UnsafeRawBufferPointer) {
        outcomes.append((entry.path, worker.scanContent(content, target: ScanTarget(path: entry.path, layer: layer))))
    }

    public func layerEnded(unread: String?) {
        self.unread = unread
    }
}

extension SecretScan {
    /// A scanner for layer `layer`'s files, to hand to the layer pass (one per layer).
    public func layerScanner(layer: Int) throws(VouchError) -> LayerSecretScanner {
        LayerSecretScanner(layer: layer, worker: try FileScanWorker(detector: detector, options: options), maxFileBytes: options.maxFileBytes)
    }

    /// Emits the findings of `scanners` (after their pass) in layer order, then archive order, and sums
    /// them up. A layer the pass could not read to its end is an entry of the summary's errors, named
    /// `layer N`: its unread files are a gap in the scan, not a reason it could not run.
    public func summarize(_ scanners: [LayerSecretScanner], sink: (SecretFinding) throws(VouchError) -> Void) throws(VouchError) -> SecretScanSummary {
        var summary = SecretScanSummary()
        for scanner in scanners.sorted(by: { $0.layer < $1.layer }) {
            for (path, outcome) in scanner.outcomes { try record(outcome, path: path, summary: &summary, sink: sink) }
            summary.largeFilesSkipped += scanner.tooLarge
            if let unread = scanner.unread { summary.errors.append(SkippedInput(path: "layer \(scanner.layer)", reason: unread)) }
        }
        return summary
    }
}
