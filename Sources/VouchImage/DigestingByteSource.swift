public import VouchArchive
public import VouchCore
import VouchCrypto

/// A tee: passes another source's bytes through while hashing and counting them, so one read of a blob
/// yields both its digest and the stream the next stage consumes. Remembers the upstream's error so a
/// caller can tell "the decompressor failed" from "the tar parser failed".
///
/// Over a ``BorrowingByteSource`` (the inflation pipe) it lends the upstream's buffers on, hashing them
/// where inflate wrote them; over any other source it reads into a buffer of its own and lends that.
/// Made without an algorithm it only counts (a pass that reads files but checks no digest).
public final class DigestingByteSource: BorrowingByteSource {
    public private(set) var byteCount: Int64 = 0
    public private(set) var upstreamError: VouchError?
    private let upstream: any ByteSource
    private let hasher: DigestHasher?
    private let lender: (any BorrowingByteSource)?
    private var pending: [UInt8] = []
    /// What ``borrow()`` lends when the upstream cannot lend: bytes read into it (or peeked ones).
    private var block: UnsafeMutableRawBufferPointer?

    /// Hashes with `algorithm`; nil counts the bytes only (``finalize()`` then has no digest to give).
    public init(upstream: any ByteSource, algorithm: DigestAlgorithm?) throws(VouchError) {
        self.upstream = upstream
        lender = upstream as? any BorrowingByteSource
        hasher = try algorithm.map { (algorithm) throws(VouchError) in try DigestHasher(algorithm) }
    }

    deinit { block?.deallocate() }

    public func borrow() throws(VouchError) -> UnsafeRawBufferPointer {
        if !pending.isEmpty || lender == nil {
            let own = block ?? .allocate(byteCount: 256 << 10, alignment: 64)
            block = own
            let count = try read(into: UnsafeMutableRawBufferPointer(rebasing: own[..<(pending.isEmpty ? own.count : min(own.count, pending.count))]))
            return UnsafeRawBufferPointer(rebasing: own[..<count])
        }
        let lent: UnsafeRawBufferPointer
        do {
            lent = try lender!.borrow()
        } catch {
            upstreamError = error
            throw error
        }
        if lent.count > 0 { hasher?.update(lent) }
        byteCount += Int64(lent.count)
        return lent
    }

    /// Reads (and hashes) up to `count` first bytes and keeps them to be returned by the next reads.
    public func peek(_ count: Int) throws(VouchError) -> [UInt8] {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        defer { scratch.deallocate() }
        while pending.count < count {
            let got = try readUpstream(into: UnsafeMutableRawBufferPointer(rebasing: scratch[..<(count - pending.count)]))
            if got == 0 { break }
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<got]))
        }
        return pending
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(VouchError) -> Int {
        if !pending.isEmpty {
            let count = min(buffer.count, pending.count)
            pending.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: count) }
            pending.removeFirst(count)
            return count
        }
        return try readUpstream(into: buffer)
    }

    /// Reads everything left, hashing it (``byteCount`` then holds the blob's size).
    public func drain(buffer: UnsafeMutableRawBufferPointer) throws(VouchError) {
        pending.removeAll()
        while try readUpstream(into: buffer) > 0 {}
    }

    /// The digest of every byte read from upstream; nil when made without an algorithm.
    public func finalize() throws(VouchError) -> Digest? { try hasher?.finalize() }

    private func readUpstream(into buffer: UnsafeMutableRawBufferPointer) throws(VouchError) -> Int {
        let count: Int
        do {
            count = try upstream.read(into: buffer)
        } catch {
            upstreamError = error
            throw error
        }
        hasher?.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        byteCount += Int64(count)
        return count
    }
}
