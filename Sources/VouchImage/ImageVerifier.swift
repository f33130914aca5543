import Dispatch
import Foundation
import Synchronization
import VouchCore

/// Verifies a loaded image: its documents (done by ``ImageLoader``) and every layer, in parallel across
/// the machine's cores, largest layer first so the longest pass starts at once.
public struct ImageVerifier: Sendable {
    public var limits: ImageLimits
    /// Most layers read at once; defaults to the number of active processors.
    public var concurrency: Int

    public init(limits: ImageLimits = ImageLimits(), concurrency: Int? = nil) {
        self.limits = limits
        self.concurrency = max(1, concurrency ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Verifies `image`. `progress` is called about four times a second from a timer thread, and once
    /// when every layer is done.
    public func verify(_ image: LoadedImage, progress: (@Sendable (VerificationProgress) -> Void)? = nil) -> ImageVerificationReport {
        let outcomes = readLayers(image, listEntries: false, retain: nil, progress: progress)
        return Self.report(image, outcomes.map(\.verification))
    }

    /// Hands every regular file of every layer to that layer's visitor (`visitors`, one per layer, by
    /// index), reading each layer once, in parallel, largest first, with the same tar parsing and limits
    /// as ``verify(_:progress:)`` but no digest computed: for a scan of the files that does not claim the
    /// image is intact (`vouch secrets scan --image`). Each visitor is told how its layer's pass ended.
    public func visitFiles(_ image: LoadedImage, visitors: [any LayerContentVisitor]) {
        _ = readLayers(image, listEntries: false, retain: nil, visitors: visitors, checksDigests: false)
    }

    /// Reads every layer once, in parallel, keeping entries and retained contents when asked; `visitors`
    /// (one per layer, by index) see each layer's files during its pass. Without `checksDigests` the
    /// verifications check no digest (see ``LayerVerifier/checksDigests``).
    func readLayers(
        _ image: LoadedImage, listEntries: Bool, retain: (@Sendable (LayerEntry) -> Bool)?,
        visitors: [any LayerContentVisitor]? = nil, checksDigests: Bool = true, progress: (@Sendable (VerificationProgress) -> Void)? = nil
    ) -> [LayerVerifier.Outcome] {
        precondition(visitors == nil || visitors!.count == image.layers.count, "one visitor per layer")
        // Layer i's visitor is used only by the one worker that reads layer i, so none is shared.
        nonisolated(unsafe) let visitors = visitors
        let layers = image.layers
        let order = layers.indices.sorted { Self.size(layers[$0]) > Self.size(layers[$1]) }
        let done = Atomic<Int>(0)
        let counter = ByteCounter()
        let totalBytes = layers.reduce(Int64(0)) { $0 + Self.size($1) }
        let snapshot: @Sendable () -> VerificationProgress = {
            VerificationProgress(
                bytesRead: counter.value, totalBytes: totalBytes, layersDone: done.load(ordering: .relaxed), layerCount: layers.count)
        }
        let ticker = progress.map { callback in ProgressTicker(interval: 0.25) { callback(snapshot()) } }
        let verifier = LayerVerifier(limits: limits, checksDigests: checksDigests)
        let workers = min(concurrency, max(layers.count, 1))
        let outcomes = ConcurrentMap.map(count: layers.count, workers: workers, order: order) { index in
            let outcome = verifier.verify(layers[index], listEntries: listEntries, retain: retain, visitor: visitors?[index], counter: counter)
            done.wrappingAdd(1, ordering: .relaxed)
            return outcome
        }
        ticker?.stop()
        progress?(snapshot())
        return outcomes
    }

    static func report(_ image: LoadedImage, _ layers: [LayerVerification]) -> ImageVerificationReport {
        var failures = image.documentFailures
        var checks = image.documentChecks
        for layer in layers {
            failures += layer.failures
            checks += layer.checksMade
        }
        return ImageVerificationReport(
            image: ImageSummary(image), intact: failures.isEmpty, checksMade: checks, failures: failures,
            findings: layers.flatMap(\.findings), layers: layers)
    }

    private static func size(_ layer: ImageLayer) -> Int64 {
        if case .found(let slice) = layer.location { return slice.length }
        return 0
    }
}
