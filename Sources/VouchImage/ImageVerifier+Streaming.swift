import Dispatch
import Foundation
import Synchronization
public import VouchArchive
public import VouchCore

extension ImageVerifier {
    /// Verifies `image` (its documents already read) with each layer's stored bytes taken from the stream
    /// `open` gives for it (a registry blob as it is received): the same checks as for a layer on disk
    /// (digest, size, compression, diff_id, every tar header), and nothing stored. Layers are read up to
    /// ``concurrency`` at a time, largest first. A layer whose stream cannot be opened is rethrown (the
    /// tool could not run); the first such error wins.
    public func verify(
        _ image: LoadedImage, streamingLayers open: @escaping @Sendable (ImageLayer) throws(VouchError) -> (source: any ByteSource, name: String)
    ) throws(VouchError) -> ImageVerificationReport {
        let layers = image.layers
        let order = layers.indices.sorted { (layers[$0].descriptor?.size ?? 0) > (layers[$1].descriptor?.size ?? 0) }
        let verifier = LayerVerifier(limits: limits)
        let workers = min(concurrency, max(layers.count, 1))
        // Threads of their own, not ConcurrentMap's dispatch workers: a worker blocks until bytes arrive,
        // and on Linux the tasks that deliver them run on the same bounded dispatch pool.
        let jobs = StreamingJobs(count: layers.count)
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<workers {
            let thread = Thread {
                while true {
                    let slot = jobs.next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard slot < layers.count else { break }
                    let index = order[slot]
                    let outcome: Result<LayerVerification, VouchError>
                    do throws(VouchError) {
                        let stream = try open(layers[index])
                        outcome = .success(verifier.verify(layers[index], streaming: stream.source, name: stream.name))
                    } catch {
                        outcome = .failure(error)
                    }
                    jobs.results.withLock { $0[index] = outcome }
                }
                finished.signal()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        for _ in 0..<workers { finished.wait() }
        let outcomes = jobs.results.withLock { $0 }.map { $0! }
        var verifications: [LayerVerification] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let verification): verifications.append(verification)
            case .failure(let error): throw error
            }
        }
        return Self.report(image, verifications)
    }
}

/// The shared state of a streamed verification's worker threads.
private final class StreamingJobs: Sendable {
    let next = Atomic<Int>(0)
    let results: Mutex<[Result<LayerVerification, VouchError>?]>

    init(count: Int) {
        results = Mutex(Array(repeating: nil, count: count))
    }
}
