import Dispatch
import Synchronization
import VouchArchive
import VouchCore

/// A blob being received, as a blocking ``VouchArchive/ByteSource`` for the layer verifier's threads: the
/// download task pushes chunks into a bounded queue (it waits when the verifier is behind, so memory stays
/// bounded under a slow consumer), the verifier's thread blocks until bytes arrive.
///
/// A transport failure is kept apart (``transportError``): it means the tool could not run, not that the
/// blob is bad.
final class ReceivedBlobSource: ByteSource, @unchecked Sendable {
    static let maxQueuedChunks = 16

    private struct State {
        var chunks: [[UInt8]] = []
        var finished = false
        var error: VouchError?
        var cancelled = false
        var producerWaiting: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    private let arrived = DispatchSemaphore(value: 0)
    private var current: [UInt8] = []
    private var offset = 0

    /// The transport error that ended the stream, if one did.
    var transportError: VouchError? { state.withLock { $0.error } }

    // MARK: Producer (the download task)

    /// Queues `chunk`, waiting while the queue is full. Returns false when the consumer is gone.
    func push(_ chunk: [UInt8]) async -> Bool {
        if state.withLock({ $0.cancelled }) { return false }
        state.withLock { $0.chunks.append(chunk) }
        arrived.signal()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.chunks.count < Self.maxQueuedChunks || state.cancelled { return true }
                state.producerWaiting = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        return !state.withLock { $0.cancelled }
    }

    /// Ends the stream: normally, or with the transport error that stopped it.
    func finish(error: VouchError?) {
        state.withLock {
            $0.finished = true
            $0.error = error
        }
        arrived.signal()
    }

    // MARK: Consumer (a verifier thread)

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(VouchError) -> Int {
        while offset >= current.count {
            let (next, done, error, waiter) = state.withLock { state -> ([UInt8]?, Bool, VouchError?, CheckedContinuation<Void, Never>?) in
                if !state.chunks.isEmpty {
                    let chunk = state.chunks.removeFirst()
                    let waiter = state.producerWaiting
                    state.producerWaiting = nil
                    return (chunk, false, nil, waiter)
                }
                return (nil, state.finished, state.error, nil)
            }
            waiter?.resume()
            if let next {
                current = next
                offset = 0
                continue
            }
            if done {
                if let error { throw error }
                return 0
            }
            arrived.wait()
        }
        let count = min(buffer.count, current.count - offset)
        current.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
        offset += count
        return count
    }

    /// The consumer is done: the producer stops at its next chunk.
    func cancel() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.cancelled = true
            state.chunks.removeAll()
            let waiter = state.producerWaiting
            state.producerWaiting = nil
            return waiter
        }
        waiter?.resume()
    }
}
