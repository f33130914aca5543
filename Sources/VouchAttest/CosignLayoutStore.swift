import Foundation
import VouchCore

/// Stores cosign artifacts (signatures, attestations) in an OCI layout the way cosign stores them in a
/// registry: a manifest tagged `sha256-<hex>.sig` / `.att` whose layers are the artifacts (a new one is
/// appended to the existing manifest), and optionally an OCI 1.1 referrer manifest whose `subject` is the image.
struct CosignLayoutStore {
    let layout: OCILayoutDirectory

    /// Adds `layerJSON` (a descriptor of a blob already written) to the manifest tagged `tag`, and returns
    /// the new manifest's digest. `manifests` is index.json's list, updated in place.
    func appendLayer(_ layerJSON: String, tag: String, manifests: inout [[String: Any]]) throws(VouchError) -> Digest {
        var layers = [layerJSON]
        if let existing = manifests.first(where: { OCILayoutDirectory.refName($0) == tag }),
           let existingDigest = (existing["digest"] as? String).flatMap({ try? Digest(parsing: $0) }),
           let object = (try? JSONSerialization.jsonObject(with: Data(try layout.readBlob(existingDigest)))) as? [String: Any],
           let oldLayers = object["layers"] as? [[String: Any]] {
            layers = oldLayers.compactMap { old in
                (try? JSONSerialization.data(withJSONObject: old, options: [.sortedKeys, .withoutEscapingSlashes])).map { String(decoding: $0, as: UTF8.self) }
            } + layers
        }
        var diffIDs: [String] = []
        for text in layers {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any], let digest = object["digest"] as? String else {
                throw VouchError(.malformedInput, "a layer of the \(tag) manifest has no digest", path: layout.root)
            }
            diffIDs.append("\"\(digest)\"")
        }
        // cosign's config for signature and attestation images: empty platform, one diff_id per layer.
        let config = Array(#"{"architecture":"","created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],"os":"","rootfs":{"type":"layers","diff_ids":[\#(diffIDs.joined(separator: ","))]},"config":{}}"#.utf8)
        let configDigest = try layout.writeBlob(config)
        let manifest = Array(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":\#(config.count),"digest":"\#(configDigest)"},"layers":[\#(layers.joined(separator: ","))]}"#.utf8)
        let manifestDigest = try layout.writeBlob(manifest)
        manifests.removeAll { OCILayoutDirectory.refName($0) == tag }
        manifests.append([
            "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifestDigest.description, "size": manifest.count,
            "annotations": ["org.opencontainers.image.ref.name": tag],
        ])
        return manifestDigest
    }

    /// Writes an OCI 1.1 referrer manifest for `subject` (the image's index.json entry) holding `layerJSON`.
    func addReferrer(_ layerJSON: String, artifactType: String, subject: [String: Any], subjectDigest: Digest, manifests: inout [[String: Any]]) throws(VouchError) -> Digest {
        let empty = try layout.writeBlob(Array("{}".utf8))
        let subjectSize = (subject["size"] as? Int) ?? 0
        let subjectType = (subject["mediaType"] as? String) ?? "application/vnd.oci.image.manifest.v1+json"
        let manifest = Array(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"\#(artifactType)","config":{"mediaType":"application/vnd.oci.empty.v1+json","size":2,"digest":"\#(empty)"},"layers":[\#(layerJSON)],"subject":{"mediaType":"\#(subjectType)","size":\#(subjectSize),"digest":"\#(subjectDigest)"}}"#.utf8)
        let written = try layout.writeBlob(manifest)
        manifests.append([
            "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": written.description, "size": manifest.count,
            "artifactType": artifactType,
        ])
        return written
    }

    /// The manifests holding artifacts for `digest`: the one tagged `tag`, and referrers of `artifactType`
    /// whose subject is `digest`. Each comes with a label for reports.
    func artifactManifests(for digest: Digest, tag: String, artifactType: String) throws(VouchError) -> [(source: String, manifest: [String: Any])] {
        var found: [(String, [String: Any])] = []
        for entry in try layout.indexManifests() {
            guard let entryDigest = (entry["digest"] as? String).flatMap({ try? Digest(parsing: $0) }) else { continue }
            let isTagged = OCILayoutDirectory.refName(entry) == tag
            guard isTagged || entry["artifactType"] as? String == artifactType else { continue }
            guard let manifest = (try? JSONSerialization.jsonObject(with: Data(try layout.readBlob(entryDigest)))) as? [String: Any] else {
                throw VouchError(.malformedInput, "manifest \(entryDigest) is not JSON", path: layout.root)
            }
            if !isTagged, ((manifest["subject"] as? [String: Any])?["digest"] as? String) != digest.description { continue }
            found.append((isTagged ? "tag \(tag)" : "referrer \(entryDigest)", manifest))
        }
        return found
    }
}
