public import VouchArchive
public import VouchCore

/// What one streaming pass over a layer found.
public struct LayerVerification: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        /// The blob was read to its end.
        case read
        /// The blob is not in the container.
        case missing
        /// The blob exists but was refused (a symlink, or outside the layout).
        case refused
        /// A non-distributable (foreign) layer that the container does not hold; not verified.
        case absentNondistributable = "absent-nondistributable"
        /// A layer of a media type Vouch cannot interpret: checked by digest and size only.
        case notInterpretable = "not-interpretable"
    }

    public var index: Int
    public var storedPath: String
    public var descriptor: Descriptor?
    public var status: Status
    /// Compression recognised from the blob's magic bytes.
    public var compression: Compression?
    public var compressedDigest: Digest?
    public var compressedSize: Int64?
    public var diffID: Digest?
    public var expectedDiffID: Digest?
    public var uncompressedSize: Int64?
    public var entryCount: Int
    /// How many checks this pass made (digest, size, diff_id, compression, tar stream).
    public var checksMade: Int
    public var failures: [ImageFailure]
    public var findings: [LayerFinding]
}
