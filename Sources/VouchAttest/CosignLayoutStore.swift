import VouchCore
import VouchImage

/// Stores cosign artifacts (signatures, attestations) in an OCI layout the way cosign stores them in a
/// registry: a manifest tagged `sha256-<hex>.sig` / `.att` whose layers are the artifacts (a new one is
/// appended to the existing manifest), and optionally an OCI 1.1 referrer manifest whose `subject` is the image.
struct CosignLayoutStore {
    let layout: OCILayout
    let writer: OCILayoutWriter

    /// An OCI 1.1 referrer manifest as cosign writes it (config, layers, artifactType and subject).
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
        var layerTexts = [try OCILayoutWriter.encode(layer)]
        var digests = [layer.digest]
        if let existing = layout.entries.first(where: { $0.tags.contains(tag) }) {
            // The earlier layers are kept byte for byte (their exact descriptor text), not re-serialized; the
            // typed read checks them first.
            let manifest = try layout.manifest(existing.descriptor)
            let bytes = try layout.readDocumentBlob(existing.descriptor)
            let raw = try JSONValue(parsing: bytes, path: "\(layout.path) manifest \(existing.digest)").optionalArray("layers")
            layerTexts = raw.map { Array($0.bytes) } + layerTexts
            digests = manifest.layers.map(\.digest) + digests
        }
        let config = try OCILayoutWriter.encode(SignatureConfig(rootfs: .init(diff_ids: digests.map(\.description))))
        let configDigest = try writer.writeBlob(config)
        let configDescriptor = try OCILayoutWriter.encode(Descriptor(mediaType: MediaType.ociConfig, digest: configDigest, size: Int64(config.count)))
        var manifest = Array(#"{"schemaVersion":2,"mediaType":"\#(MediaType.ociManifest)","config":"#.utf8) + configDescriptor
        manifest += Array(#","layers":["#.utf8) + Array(layerTexts.joined(separator: [UInt8(ascii: ",")])) + Array("]}".utf8)
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
