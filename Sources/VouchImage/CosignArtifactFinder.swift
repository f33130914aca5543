public import VouchCore

/// Finds the cosign artifacts about an image digest in a ``CosignArtifactSource``, by every scheme cosign
/// stores them with:
/// - cosign v2's tag scheme: the manifest tagged `sha256-<hex>.sig`, `.att` or `.sbom`, whose layers are the
///   artifacts;
/// - OCI 1.1 referrers (image-spec manifest.md "subject"; cosign v3's Sigstore bundles, cosign's bundle
///   specification): the source's candidates and the index tagged `sha256-<hex>` (distribution-spec
///   "Referrers Tag Schema"). Each referrer's manifest is read and kept only when its `subject` is the image
///   and its artifact type is of the kind asked for.
public enum CosignArtifactFinder {
    /// The artifacts of `kind` (``OCILayout/Kind/signature``, ``OCILayout/Kind/attestation``,
    /// ``OCILayout/Kind/sbom`` or ``OCILayout/Kind/sigstoreBundle``) about `subject`: the tagged manifest
    /// first, then referrers, each manifest once.
    public static func artifacts(_ kind: OCILayout.Kind, about subject: Digest, in source: some CosignArtifactSource) throws(VouchError) -> [CosignArtifact] {
        var found: [CosignArtifact] = []
        if [.signature, .attestation, .sbom].contains(kind) {
            let tag = OCILayout.cosignTag(for: subject, kind: kind)
            if let descriptor = try source.descriptor(tagged: tag), MediaType.isManifest(descriptor.mediaType) {
                found.append(CosignArtifact(source: "tag \(tag)", descriptor: descriptor, manifest: try manifest(descriptor, in: source)))
            }
        }
        var candidates = try source.referrerCandidates(of: subject)
        let referrersTag = OCILayout.referrersTag(for: subject)
        if let descriptor = try source.descriptor(tagged: referrersTag), MediaType.isIndex(descriptor.mediaType) {
            let bytes = try source.readBlob(descriptor, maximum: source.limits.maxJSONBytes, limitName: "maxJSONBytes")
            candidates += try DocumentDecoder(limits: source.limits).decodeIndex(bytes, name: "\(source.displayName) index \(referrersTag)").manifests
        }
        var seen = Set(found.map(\.descriptor.digest))
        for candidate in candidates where MediaType.isManifest(candidate.mediaType) && OCILayout.kind(ofArtifactType: candidate.artifactType) == kind {
            guard seen.insert(candidate.digest).inserted else { continue }
            let manifest = try manifest(candidate, in: source)
            // The listing's artifact type is unsigned metadata; the manifest's own (when it names one) is the one
            // its digest covers, and must agree.
            guard manifest.subject?.digest == subject,
                  manifest.artifactType.map({ OCILayout.kind(ofArtifactType: $0) == kind }) ?? true
            else { continue }
            found.append(CosignArtifact(source: "referrer \(candidate.digest)", descriptor: candidate, manifest: manifest))
        }
        return found
    }

    /// The manifest `descriptor` names, digest-checked and strictly decoded.
    static func manifest(_ descriptor: Descriptor, in source: some CosignArtifactSource) throws(VouchError) -> ImageManifest {
        let bytes = try source.readBlob(descriptor, maximum: source.limits.maxJSONBytes, limitName: "maxJSONBytes")
        return try DocumentDecoder(limits: source.limits).decodeManifest(bytes, descriptor: descriptor)
    }
}
