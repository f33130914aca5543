public import VouchCore

/// The result of `vouch image verify`: what the image is, every check's failures, and each layer's pass.
/// The JSON form is described by `Schemas/image-report.schema.json`.
public struct ImageVerificationReport: Hashable, Sendable, Codable, VerdictReport {
    public var image: ImageSummary
    /// True when no check failed.
    public var intact: Bool
    public var checksMade: Int
    public var failures: [ImageFailure]
    /// Non-fatal observations: setuid files, device nodes, clamped symlinks, absent foreign layers.
    public var findings: [LayerFinding]
    public var layers: [LayerVerification]

    /// The core verdict (for callers that combine checks).
    public var verdict: Verdict {
        Verdict(checksMade: checksMade, failures: failures.map(\.checkFailure))
    }
}

/// What `vouch image inspect` shows, and the head of every report.
public struct ImageSummary: Hashable, Sendable, Codable {
    public var path: String
    public var format: ImageFormat
    public var tags: [String]
    /// The digest a registry would give the image: the top-level index's when there is one, else the manifest's.
    public var imageDigest: Digest?
    public var manifestDigest: Digest?
    public var manifestMediaType: String?
    public var indexDigests: [Digest]
    public var configDigest: Digest
    public var platform: String?
    public var created: String?
    public var layers: [LayerSummary]
    public var history: [ImageConfiguration.HistoryEntry]

    public struct LayerSummary: Hashable, Sendable, Codable {
        public var index: Int
        public var path: String
        public var mediaType: String
        public var size: Int64?
        public var digest: Digest?
        public var diffID: Digest?
    }

    public init(_ image: LoadedImage) {
        path = image.reference.path
        format = image.format
        tags = image.tags
        indexDigests = image.indexDescriptors.map(\.digest)
        manifestDigest = image.manifestDescriptor?.digest
        manifestMediaType = image.manifestDescriptor?.mediaType
        imageDigest = indexDigests.first ?? manifestDigest
        configDigest = image.configDescriptor.digest
        platform = image.platform?.description
        created = image.config.created
        history = image.config.history ?? []
        layers = image.layers.map { layer in
            LayerSummary(
                index: layer.index, path: layer.storedPath,
                mediaType: layer.descriptor?.mediaType ?? MediaType.dockerLayer,
                size: layer.descriptor?.size, digest: layer.descriptor?.digest, diffID: layer.expectedDiffID)
        }
    }
}
