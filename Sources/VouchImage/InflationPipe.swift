import Dispatch
import Foundation
import Synchronization
import VouchArchive
import VouchCore

/// The first stage of a layer pass on its own thread: read the stored blob, hash it, inflate it, and
/// hand the inflated bytes over through a bounded ring of buffers. The caller's thread hashes the tar
/// stream and parses headers at the same time, so one large layer keeps two cores busy, the way
/// `igzip -dc | openssl dgst` does.
///
/// The producer always hashes the stored blob to its end: after an inflate error, or after the consumer
/// stops early (``finish()``), it stops inflating and only reads and hashes.
final class InflationPipe: BorrowingByteSource {
    /// What the producer learned about the stored blob.
    struct StoredResult: Sendable {
        var digest: Digest?
        var size: Int64
        /// A read error of the blob itself (not a decompression error).
        var readError: VouchError?
    }

    static let slotCount = 6
    static let slotSize = 1 << 20

    /// What the two threads share. Only this box crosses to the producer thread; the consumer's own
    /// position (below) stays with the pipe, which is not `Sendable`.
    private let ring: SlotRing
    /// The consumer's current slot and how far it has read into it.
    private var current: (slot: Int, count: Int, offset: Int)?
    private var consumerDone = false

    /// `algorithm` hashes the stored blob; nil only reads it.
    init(blob: LayerBlob, compression: Compression, algorithm: DigestAlgorithm?, name: String, limits: ArchiveLimits, counter: ByteCounter?) {
        let ring = SlotRing()
        self.ring = ring
        let thread = Thread {
            ring.produce(blob: blob, compression: compression, algorithm: algorithm, name: name, limits: limits, counter: counter)
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    // MARK: Consumer side

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(VouchError) -> Int {
        guard buffer.count > 0 else { return 0 }
        let available = try take(upTo: buffer.count)
        if available.count > 0 { buffer.baseAddress!.copyMemory(from: available.baseAddress!, byteCount: available.count) }
        return available.count
    }

    /// Lends the rest of the current slot, where the producer inflated it (no copy).
    func borrow() throws(VouchError) -> UnsafeRawBufferPointer {
        try take(upTo: Int.max)
    }

    /// Up to `maximum` bytes of the current slot, in place, valid until the next call; the slot goes back
    /// to the producer once every byte of it has been taken and the next call comes. Empty at the end.
    private func take(upTo maximum: Int) throws(VouchError) -> UnsafeRawBufferPointer {
        while true {
            if consumerDone { return UnsafeRawBufferPointer(start: nil, count: 0) }
            if let (slot, count, offset) = current {
                if offset < count {
                    let length = min(maximum, count - offset)
                    current = (slot, count, offset + length)
                    return UnsafeRawBufferPointer(rebasing: ring.slots[slot][offset..<(offset + length)])
                }
                current = nil
                ring.state.withLock { $0.free.append(slot) }
                ring.freeSignal.signal()
            }
            ring.filledSignal.wait()
            let next: (slot: Int, count: Int)?
            let failure: VouchError?
            (next, failure) = ring.state.withLock { state in
                state.filled.isEmpty ? (nil, state.inflateError) : (state.filled.removeFirst(), nil)
            }
            if let next {
                current = (next.slot, next.count, 0)
            } else {
                consumerDone = true
                if let failure { throw failure }
                return UnsafeRawBufferPointer(start: nil, count: 0)
            }
        }
    }

    /// Tells the producer to stop inflating (if it has not finished) and waits for the stored blob's digest.
    func finish() -> StoredResult {
        ring.state.withLock { $0.cancelled = true }
        // Free every slot so a producer blocked on a full ring wakes up and sees the cancellation.
        for _ in 0..<Self.slotCount { ring.freeSignal.signal() }
        ring.doneSignal.wait()
        return ring.state.withLock { $0.result! }
    }
}

/// The ring of buffers between the producer thread and the consumer, and the producer itself.
///
/// `@unchecked Sendable` because the slot memory is raw pointers (not `Sendable`). The invariant that
/// makes sharing it safe: a slot index is at any time in exactly one place, the `free` list, the
/// `filled` list, or held by the one thread that took it from a list; the lists change only under
/// `state`'s mutex (whose lock and unlock order the slot's bytes between the threads), and only the
/// holder reads or writes a slot's bytes. The other members are immutable or synchronized themselves.
private final class SlotRing: @unchecked Sendable {
    struct State {
        var filled: [(slot: Int, count: Int)] = []
        var free: [Int] = Array(0..<InflationPipe.slotCount)
        var inflateError: VouchError?
        var cancelled = false
        var result: InflationPipe.StoredResult?
    }

    let slots: [UnsafeMutableRawBufferPointer]
    let state = Mutex(State())
    let filledSignal = DispatchSemaphore(value: 0)
    let freeSignal = DispatchSemaphore(value: InflationPipe.slotCount)
    let doneSignal = DispatchSemaphore(value: 0)

    init() {
        slots = (0..<InflationPipe.slotCount).map { _ in .allocate(byteCount: InflationPipe.slotSize, alignment: 64) }
    }

    /// The producer thread keeps the ring alive until it signals `doneSignal`, so no slot is freed under it.
    deinit {
        for slot in slots { slot.deallocate() }
    }

    // MARK: Producer side

    func produce(
        blob: LayerBlob, compression: Compression, algorithm: DigestAlgorithm?, name: String, limits: ArchiveLimits, counter: ByteCounter?
    ) {
        var result = InflationPipe.StoredResult(digest: nil, size: 0, readError: nil)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: InflationPipe.slotSize, alignment: 64)
        defer {
            scratch.deallocate()
            state.withLock { $0.result = result }
            doneSignal.signal()
        }
        let stored: DigestingByteSource
        do {
            stored = try DigestingByteSource(upstream: try blob.open(counting: counter), algorithm: algorithm)
        } catch {
            result.readError = error
            endStream(with: error)
            return
        }
        do {
            let inflater: any ByteSource = compression == .zstd
                ? try ZstdDecompressor(upstream: stored, name: name, limits: limits)
                : IsalGzipInflater(upstream: stored, name: name, limits: limits)
            try pump(inflater)
            endStream(with: nil)
        } catch {
            // A read error of the blob stops everything; an inflate error still lets the blob be hashed.
            if let readError = stored.upstreamError {
                result.readError = readError
                endStream(with: error)
                return
            }
            endStream(with: error)
        }
        do {
            try stored.drain(buffer: scratch)
            result.digest = try stored.finalize()
            result.size = stored.byteCount
        } catch {
            result.readError = error
        }
    }

    /// Inflates into free slots until the end, or until the consumer cancels.
    private func pump(_ inflater: any ByteSource) throws(VouchError) {
        while true {
            freeSignal.wait()
            let slot: Int? = state.withLock { $0.cancelled ? nil : $0.free.popLast() }
            guard let slot else { return }
            var count = 0
            while count < InflationPipe.slotSize {
                let read = try inflater.read(into: UnsafeMutableRawBufferPointer(rebasing: slots[slot][count...]))
                if read == 0 { break }
                count += read
            }
            if count == 0 {
                state.withLock { $0.free.append(slot) }
                return
            }
            state.withLock { $0.filled.append((slot, count)) }
            filledSignal.signal()
            if count < InflationPipe.slotSize { return }
        }
    }

    private func endStream(with error: VouchError?) {
        state.withLock {
            $0.inflateError = error
        }
        filledSignal.signal()
    }
}
