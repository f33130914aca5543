public import VouchCore

/// Replays bytes already read from a source (to recognise its format by magic bytes), then reads on.
public final class PrefixedByteSource: ByteSource {
    private var prefix: [UInt8]
    private var offset = 0
    private let upstream: any ByteSource

    public init(prefix: [UInt8], upstream: any ByteSource) {
        self.prefix = prefix
        self.upstream = upstream
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(VouchError) -> Int {
        if offset < prefix.count {
            let count = min(buffer.count, prefix.count - offset)
            prefix.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
            offset += count
            return count
        }
        return try upstream.read(into: buffer)
    }
}
