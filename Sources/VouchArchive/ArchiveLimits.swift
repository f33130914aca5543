/// Named limits that an untrusted archive meets. Each is configurable; going past one stops reading with
/// a ``VouchCore/VouchError`` whose ``VouchCore/VouchError/limit`` names the limit and the value found.
public struct ArchiveLimits: Hashable, Sendable {
    /// Most entries (headers) one archive may hold.
    public var maxEntries: Int
    /// Most bytes the decompressed tar stream may have, headers included.
    public var maxTotalUncompressedBytes: Int64
    /// Largest ratio of decompressed to compressed bytes (a decompression bomb's signature).
    public var maxCompressionRatio: Int64
    /// The ratio is judged only once this many decompressed bytes were produced, so small, very
    /// compressible archives (a tar of empty files) do not trip it.
    public var compressionRatioGraceBytes: Int64
    /// Longest entry path or link target, in bytes.
    public var maxPathLength: Int

    public init(
        maxEntries: Int = 1_000_000,
        maxTotalUncompressedBytes: Int64 = 64 << 30,
        maxCompressionRatio: Int64 = 250,
        compressionRatioGraceBytes: Int64 = 16 << 20,
        maxPathLength: Int = 4096
    ) {
        self.maxEntries = maxEntries
        self.maxTotalUncompressedBytes = maxTotalUncompressedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.compressionRatioGraceBytes = compressionRatioGraceBytes
        self.maxPathLength = maxPathLength
    }
}

/// How the bytes of an archive are compressed, as recognised by their magic bytes.
public enum Compression: String, Hashable, Sendable, Codable {
    case none
    /// RFC 1952: `1f 8b`.
    case gzip
    /// RFC 8878: `28 b5 2f fd`.
    case zstd

    /// Recognises the compression from the first bytes of a stream.
    public static func detect(magic: some Collection<UInt8>) -> Compression {
        let head = Array(magic.prefix(4))
        if head.count >= 2, head[0] == 0x1f, head[1] == 0x8b { return .gzip }
        if head == [0x28, 0xb5, 0x2f, 0xfd] { return .zstd }
        return .none
    }
}

/// Whether a ``TarReader`` decompresses the stream it reads.
public enum Decompression: Hashable, Sendable {
    /// Detect gzip or zstd by magic bytes and decompress; anything else is read as a plain tar.
    case automatic
    /// The source already yields a plain tar stream (the caller decompressed it).
    case none
}
