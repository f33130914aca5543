import VouchCore
import VouchImage

/// Stores cosign artifacts (signatures, attestations) in an OCI layout the way cosign stores them in a
/// registry: a manifest tagged `sha256-<hex>.sig` / `.att` whose layers are the artifacts (a new one is
/// appended to the existing manifest), and optionally an OCI 1.1 referrer manifest whose `subject` is the image.
struct CosignLayoutStore {
    let layout: OCILayout
    let writer: OCILayoutWriter

    /// An OCI image manifest as cosign writes it (config, layers, optional artifactType and subject).
    private struct ManifestDocument: Encodable {
        var schemaVersion = 2
        var mediaType = MediaType.ociManifest
        var artifactType: String?
        var config: Descriptor
        var layers: [Descriptor]
        var subject: Descriptor?
    }

    /// cosign's config for signature and attestation images: empty platform, one diff_id per layer.
    private struct SignatureConfig: Encodable {
        struct RootFS: Encodable {
            var type = "layers"
            var diff_ids: [String]
        }
        struct History: Encodable { var created = "0001-01-01T00:00:00Z" }
        struct Empty: Encodable {}
        var architecture = ""
        var created = "0001-01-01T00:00:00Z"
        var history = [History()]
        var os = ""
        var rootfs: RootFS
        var config = Empty()
    }

    /// Adds `layer` (a descriptor of a blob already written) to the manifest tagged `tag`, and returns the
    /// new manifest's digest. `manifests` is index.json's list, updated in place.
    func appendLayer(_ layer: Descriptor, tag: String, manifests: inout [Descriptor]) throws(VouchError) -> Digest {
        var layers = [layer]
        if let existing = layout.entries.first(where: { $0.tags.contains(tag) }) {
            layers = try layout.manifest(existing.descriptor).layers + layers
        }
        let config = try OCILayoutWriter.encode(SignatureConfig(rootfs: .init(diff_ids: layers.map(\.digest.description))))
        let configDigest = try writer.writeBlob(config)
        let manifest = try OCILayoutWriter.encode(ManifestDocument(
            config: Descriptor(mediaType: MediaType.ociConfig, digest: configDigest, size: Int64(config.count)), layers: layers))
        let manifestDigest = try writer.writeBlob(manifest)
        manifests.removeAll { ($0.annotations ?? [:])["org.opencontainers.image.ref.name"] == tag }
        manifests.append(Descriptor(
            mediaType: MediaType.ociManifest, digest: manifestDigest, size: Int64(manifest.count),
            annotations: ["org.opencontainers.image.ref.name": tag]))
        return manifestDigest
    }

    /// Writes an OCI 1.1 referrer manifest for `subject` (the image's index.json entry) holding `layer`.
    func addReferrer(_ layer: Descriptor, artifactType: String, subject: Descriptor, manifests: inout [Descriptor]) throws(VouchError) -> Digest {
        let empty = Array("{}".utf8)
        let emptyDigest = try writer.writeBlob(empty)
        let manifest = try OCILayoutWriter.encode(ManifestDocument(
            artifactType: artifactType,
            config: Descriptor(mediaType: "application/vnd.oci.empty.v1+json", digest: emptyDigest, size: Int64(empty.count)),
            layers: [layer],
            subject: Descriptor(mediaType: subject.mediaType, digest: subject.digest, size: subject.size)))
        let written = try writer.writeBlob(manifest)
        manifests.append(Descriptor(mediaType: MediaType.ociManifest, digest: written, size: Int64(manifest.count), artifactType: artifactType))
        return written
    }
}
