/// The parts of an image configuration Vouch checks and shows (OCI image-spec config.md; Docker's
/// `application/vnd.docker.container.image.v1+json` has the same fields).
public struct ImageConfiguration: Hashable, Sendable, Codable {
    public var architecture: String?
    public var os: String?
    public var variant: String?
    public var created: String?
    public var rootfs: RootFilesystem?
    public var history: [HistoryEntry]?

    /// config.md, "rootfs": the layers' uncompressed digests, in order.
    public struct RootFilesystem: Hashable, Sendable, Codable {
        public var type: String
        public var diffIDs: [String]

        private enum CodingKeys: String, CodingKey {
            case type
            case diffIDs = "diff_ids"
        }
    }

    /// config.md, "history".
    public struct HistoryEntry: Hashable, Sendable, Codable {
        public var created: String?
        public var createdBy: String?
        public var comment: String?
        public var emptyLayer: Bool?

        private enum CodingKeys: String, CodingKey {
            case created, comment
            case createdBy = "created_by"
            case emptyLayer = "empty_layer"
        }
    }
}
