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
           let existingDigest = (existing["digest"] as? String).flatMap({ try? Digest(parsing: $0) }) {
            // The earlier layers are kept byte for byte (their exact descriptor text), not re-serialized.
            let manifest = try readManifest(existingDigest)
            layers = try manifest.optionalArray("layers").map { String(decoding: $0.bytes, as: UTF8.self) } + layers
        }
        var diffIDs: [String] = []
        for text in layers {
            let layer = try JSONValue(parsing: Array(text.utf8), path: "\(tag) manifest layer")
            diffIDs.append(JSONString.quote(try layer.string("digest")))
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
            let manifest = Self.foundationObject(try readManifest(entryDigest)) as? [String: Any] ?? [:]
            if !isTagged, ((manifest["subject"] as? [String: Any])?["digest"] as? String) != digest.description { continue }
            found.append((isTagged ? "tag \(tag)" : "referrer \(entryDigest)", manifest))
        }
        return found
    }

    /// A manifest blob read with the strict JSON reader: a repeated key is refused, errors name the blob
    /// and the JSON path.
    private func readManifest(_ digest: Digest) throws(VouchError) -> JSONValue {
        let manifest = try JSONValue(parsing: try layout.readBlob(digest), path: layout.blobPath(digest),
                                     limits: JSONLimits(maxBytes: OCILayoutDirectory.maxDocumentBytes, maxBytesName: "maxDocumentBytes"))
        return try manifest.expect(.object)
    }

    /// A parsed value as the Foundation objects the layout's callers still read (until the one OCI layout
    /// reader replaces them): dictionaries, arrays, strings, NSNumber, NSNull.
    static func foundationObject(_ value: JSONValue) -> Any {
        switch value.kind {
        case .object:
            var object: [String: Any] = [:]
            for (key, member) in value.members ?? [] { object[key] = foundationObject(member) }
            return object
        case .array: return (value.array ?? []).map(foundationObject)
        case .string: return value.string ?? ""
        case .number:
            if let integer = Int(value.numberText) { return NSNumber(value: integer) }
            return NSNumber(value: value.number ?? 0)
        case .bool: return NSNumber(value: value.bool ?? false)
        case .null: return NSNull()
        }
    }
}
