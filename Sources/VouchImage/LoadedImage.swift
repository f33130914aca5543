public import VouchCore

/// An image whose documents were read and checked: which manifest was selected, its config, and where each
/// layer's blob is. Layers are not read yet; ``ImageVerifier`` does that.
public struct LoadedImage: Sendable {
    public var reference: ImageReference
    public var format: ImageFormat
    public var storage: any ImageStorage
    /// Tags that name the selected image in the container.
    public var tags: [String]
    /// The indexes walked from the top to the selected manifest.
    public var indexDescriptors: [Descriptor]
    /// The selected manifest's descriptor; nil for a legacy docker-save, which has no manifest.
    public var manifestDescriptor: Descriptor?
    public var manifest: ImageManifest?
    /// The config's descriptor (for a legacy docker-save: its digest and size as stored).
    public var configDescriptor: Descriptor
    public var config: ImageConfiguration
    public var platform: Platform?
    public var layers: [ImageLayer]
    /// Integrity failures found while reading the documents (digest and size mismatches, diff_id
    /// problems, disagreements between manifest.json and the OCI manifest).
    public var documentFailures: [ImageFailure]
    /// How many document checks were made.
    public var documentChecks: Int
}

/// One layer of a loaded image.
public struct ImageLayer: Hashable, Sendable {
    /// 0-based position in the manifest.
    public var index: Int
    /// The manifest's descriptor; nil for a legacy docker-save layer, which only has a path.
    public var descriptor: Descriptor?
    /// The path of the layer in the container, e.g. `blobs/sha256/...` or `<id>/layer.tar`.
    public var storedPath: String
    /// Where the blob is, or why it cannot be read.
    public var location: StoredFileLookup
    /// The config's `rootfs.diff_ids` entry for this layer, when there is one and it parsed.
    public var expectedDiffID: Digest?
    /// The media type's declaration, nil when the type is unknown.
    public var mediaType: LayerMediaType?
}
