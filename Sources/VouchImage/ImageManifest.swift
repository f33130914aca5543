public import VouchCore

/// An image manifest: OCI image-spec manifest.md, or Docker image manifest v2 schema 2 (same shape).
public struct ImageManifest: Hashable, Sendable, Codable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var artifactType: String?
    public var config: Descriptor
    public var layers: [Descriptor]
    public var subject: Descriptor?
    public var annotations: [String: String]?
}

/// An image index (OCI image-spec image-index.md) or Docker manifest list.
public struct ImageIndex: Hashable, Sendable, Codable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var manifests: [Descriptor]
    public var annotations: [String: String]?
}

/// The fields every OCI JSON document shares, read first to learn what a blob is.
struct DocumentHeader: Decodable {
    var schemaVersion: Int?
    var mediaType: String?
    var manifests: [IgnoredValue]?
    var config: IgnoredValue?
    var layers: [IgnoredValue]?
    var fsLayers: [IgnoredValue]?
}

/// Decodes anything and keeps nothing.
struct IgnoredValue: Decodable {
    init(from decoder: any Decoder) throws {}
}

/// The `oci-layout` file (image-spec image-layout.md, "oci-layout file").
struct OCILayoutMarker: Decodable {
    var imageLayoutVersion: String
}
