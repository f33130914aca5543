public import VouchCore

/// A store of OCI manifests and blobs that cosign artifacts about an image are looked up in: an OCI layout
/// (``OCILayout``), and a registry repository later (issue 13). ``CosignArtifactFinder`` is the one place that
/// reads cosign's storage schemes through it, so both sources see the same signatures and attestations.
public protocol CosignArtifactSource {
    /// The layout path or registry repository, for messages.
    var displayName: String { get }
    /// The limits documents read through the source meet (``ImageLimits/maxJSONBytes`` for manifests).
    var limits: ImageLimits { get }
    /// The manifest or index `tag` names, nil when nothing has that tag (a registry's 404).
    func descriptor(tagged tag: String) throws(VouchError) -> Descriptor?
    /// Descriptors that may be OCI 1.1 referrers of `subject`, besides those of the referrers tag schema's
    /// index: a registry's referrers API answer, or a layout's `index.json` entries with an `artifactType`.
    /// They are candidates only: the finder reads each manifest and keeps those whose `subject` is `subject`.
    func referrerCandidates(of subject: Digest) throws(VouchError) -> [Descriptor]
    /// The bytes of the blob (or manifest) `descriptor` names, at most `maximum` bytes (the limit
    /// `limitName`), checked against its digest and size: a mismatch throws.
    func readBlob(_ descriptor: Descriptor, maximum: Int64, limitName: String) throws(VouchError) -> [UInt8]
}

/// A cosign artifact manifest about an image (a signature, attestation or Sigstore bundle manifest), with
/// where it was found (for reports).
public struct CosignArtifact: Sendable {
    /// `tag sha256-<hex>.sig` or `referrer sha256:...`.
    public var source: String
    public var descriptor: Descriptor
    public var manifest: ImageManifest

    public init(source: String, descriptor: Descriptor, manifest: ImageManifest) {
        self.source = source
        self.descriptor = descriptor
        self.manifest = manifest
    }
}
