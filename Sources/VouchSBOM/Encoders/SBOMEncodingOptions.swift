/// Per-run choices for encoders.
public struct SBOMEncodingOptions: Hashable, Sendable {
    /// CycloneDX specification version: `1.6` (default) or `1.5`.
    public var cycloneDXVersion: String
    /// A caller-chosen SPDX namespace / CycloneDX serial UUID; derived from the content when nil.
    public var documentUUID: String?

    public static let cycloneDXVersions = ["1.5", "1.6"]

    public init(cycloneDXVersion: String = "1.6", documentUUID: String? = nil) {
        self.cycloneDXVersion = cycloneDXVersion
        self.documentUUID = documentUUID
    }
}
