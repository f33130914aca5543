public import VouchCore

/// An image index (OCI image-spec image-index.md) or Docker manifest list.
public struct ImageIndex: Hashable, Sendable, Codable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var artifactType: String?
    public var manifests: [Descriptor]
    public var subject: Descriptor?
    public var annotations: [String: String]?

    public init(
        schemaVersion: Int = 2, mediaType: String? = MediaType.ociIndex, artifactType: String? = nil, manifests: [Descriptor],
        subject: Descriptor? = nil, annotations: [String: String]? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.artifactType = artifactType
        self.manifests = manifests
        self.subject = subject
        self.annotations = annotations
    }
}
