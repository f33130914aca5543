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
