/// What a layer descriptor's media type says about the blob.
public struct LayerMediaType: Hashable, Sendable, Codable {
    /// The compression the media type declares.
    public var compression: DeclaredCompression
    /// OCI "non-distributable" or Docker "foreign" layers: registries may not hold them, so they are
    /// often absent from a layout (image-spec layer.md, "Non-Distributable Layers").
    public var nondistributable: Bool

    public enum DeclaredCompression: String, Hashable, Sendable, Codable {
        case none, gzip, zstd
    }

    /// Nil for a media type that is not a layer Vouch knows.
    public init?(_ mediaType: String) {
        switch mediaType {
        case MediaType.ociLayer, MediaType.dockerLayer: self.init(.none, false)
        case MediaType.ociLayerGzip, MediaType.dockerLayerGzip: self.init(.gzip, false)
        case MediaType.ociLayerZstd: self.init(.zstd, false)
        case MediaType.ociNondistributableLayer: self.init(.none, true)
        case MediaType.ociNondistributableLayerGzip, MediaType.dockerForeignLayerGzip: self.init(.gzip, true)
        case MediaType.ociNondistributableLayerZstd: self.init(.zstd, true)
        default: return nil
        }
    }

    private init(_ compression: DeclaredCompression, _ nondistributable: Bool) {
        self.compression = compression
        self.nondistributable = nondistributable
    }
}
