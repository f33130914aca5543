public import VouchCore

/// An OCI layout as a source of cosign artifacts: tags are `index.json`'s ref names, and the referrer
/// candidates are its entries with an `artifactType` (as `oras` and `cosign` write referrers into a layout).
extension OCILayout: CosignArtifactSource {
    public var displayName: String { path }

    public func descriptor(tagged tag: String) throws(VouchError) -> Descriptor? {
        entries.first { $0.tags.contains { Self.tag($0, matches: tag) } }?.descriptor
    }

    /// Entries carrying an artifact type; another image's tag-scheme entry (a `sha256-<hex>.sig` tag) is
    /// about that image, and not a candidate.
    public func referrerCandidates(of subject: Digest) throws(VouchError) -> [Descriptor] {
        entries.filter { $0.descriptor.artifactType != nil && !$0.tags.contains { Self.cosignTagKind($0) != nil } }.map(\.descriptor)
    }
}
