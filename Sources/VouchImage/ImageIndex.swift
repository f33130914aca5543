public import VouchCore

/// An image index (OCI image-spec image-index.md) or Docker manifest list.
public struct ImageIndex: Hashable, Sendable, Codable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var manifests: [Descriptor]
    public var annotations: [String: String]?
}
