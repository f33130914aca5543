import Foundation
public import VouchCore
import VouchCrypto

/// Attestations about an image in an OCI layout: the Statement's subject is the digest the tag resolves
/// to, and the envelope can be attached to the layout as cosign does in a registry (`sha256-<hex>.att`
/// with `application/vnd.dsse.envelope.v1+json` layers, and/or an OCI 1.1 referrer).
public enum ImageAttestation {
    public static let envelopeMediaType = "application/vnd.dsse.envelope.v1+json"

    /// Signs a v1 Statement about the selected image; the subject's name is `reference`, else the tag.
    public static func attest(
        layoutPath: String, tag: String?, reference: String?, predicateJSON: [UInt8], predicatePath: String?, predicateType: String, key: SigningKey
    ) throws(VouchError) -> (envelope: DSSEEnvelope, digest: Digest) {
        let layout = try OCILayoutDirectory(layoutPath)
        let (entry, digest) = try ImageSignature.selectImage(layout, tag: tag)
        let name = reference ?? OCILayoutDirectory.refName(entry) ?? layoutPath
        let statement = try InTotoStatement(subjects: [.init(name: name, digest: digest)], predicateType: predicateType, predicateJSON: predicateJSON, path: predicatePath)
        let envelope = try DSSEEnvelope.sign(
            payload: statement.payload, payloadType: DSSEEnvelope.inTotoPayloadType, key: key.privateKey, scheme: key.scheme, keyid: key.secureSystemsLibKeyID)
        return (envelope, digest)
    }

    /// Attaches `envelope` to the layout under `sha256-<hex>.att` and, with `referrer`, as a referrer.
    public static func attach(_ envelope: DSSEEnvelope, predicateType: String, layoutPath: String, tag: String?, referrer: Bool) throws(VouchError) {
        let layout = try OCILayoutDirectory(layoutPath)
        let (entry, digest) = try ImageSignature.selectImage(layout, tag: tag)
        let blob = Array(envelope.jsonLine.utf8)
        let blobDigest = try layout.writeBlob(blob)
        let layer = #"{"mediaType":"\#(envelopeMediaType)","size":\#(blob.count),"digest":"\#(blobDigest)","annotations":{"predicateType":\#(JSONString.quote(predicateType))}}"#
        var manifests = try layout.indexManifests()
        let store = CosignLayoutStore(layout: layout)
        _ = try store.appendLayer(layer, tag: attestationTag(for: digest), manifests: &manifests)
        if referrer {
            _ = try store.addReferrer(layer, artifactType: envelopeMediaType, subject: entry, subjectDigest: digest, manifests: &manifests)
        }
        try layout.writeIndex(manifests: manifests)
    }

    /// Every attestation stored for the selected image (tag scheme and referrers), verified.
    public static func verify(layoutPath: String, tag: String?, keys: [VerificationKey], expectedPredicateType: String?) throws(VouchError) -> AttestationReport {
        let (stored, digest) = try storedEnvelopes(layoutPath: layoutPath, tag: tag)
        guard !stored.isEmpty else {
            let failure = CheckFailure(subject: digest.description, reason: "no attestations stored in the layout (looked for tag \(attestationTag(for: digest)) and referrers)")
            return AttestationReport(attestations: [], failures: [failure], passed: false)
        }
        return verify(envelopes: stored.map(\.envelope), subject: layoutPath, digest: digest, keys: keys, expectedPredicateType: expectedPredicateType)
    }

    /// The envelopes stored for the selected image (the `sha256-<hex>.att` tag and referrers), each once,
    /// with where it was found, and the digest the tag resolves to.
    public static func storedEnvelopes(layoutPath: String, tag: String?) throws(VouchError) -> (envelopes: [(source: String, envelope: DSSEEnvelope)], digest: Digest) {
        let layout = try OCILayoutDirectory(layoutPath)
        let (_, digest) = try ImageSignature.selectImage(layout, tag: tag)
        var envelopes: [(source: String, envelope: DSSEEnvelope)] = []
        var seen: Set<Digest> = []  // the same envelope stored under the tag and as a referrer is checked once
        for (source, manifest) in try CosignLayoutStore(layout: layout).artifactManifests(for: digest, tag: attestationTag(for: digest), artifactType: envelopeMediaType) {
            for (index, layer) in ((manifest["layers"] as? [[String: Any]]) ?? []).enumerated() where layer["mediaType"] as? String == envelopeMediaType {
                guard let blobDigest = (layer["digest"] as? String).flatMap({ try? Digest(parsing: $0) }), seen.insert(blobDigest).inserted else { continue }
                let envelope = try DSSEEnvelope(json: try layout.readBlob(blobDigest, expectedSize: (layer["size"] as? NSNumber)?.int64Value), path: layout.blobPath(blobDigest))
                envelopes.append(("\(source) layer \(index)", envelope))
            }
        }
        return (envelopes, digest)
    }

    /// Verifies envelopes given as files against the selected image's digest.
    public static func verify(layoutPath: String, tag: String?, envelopes: [DSSEEnvelope], keys: [VerificationKey], expectedPredicateType: String?) throws(VouchError) -> AttestationReport {
        let layout = try OCILayoutDirectory(layoutPath)
        let (_, digest) = try ImageSignature.selectImage(layout, tag: tag)
        return verify(envelopes: envelopes, subject: layoutPath, digest: digest, keys: keys, expectedPredicateType: expectedPredicateType)
    }

    /// True when `path` is an OCI layout directory (so an attestation subject is an image, not a file).
    public static func isLayout(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            && FileManager.default.fileExists(atPath: path + "/oci-layout")
    }

    static func attestationTag(for digest: Digest) -> String { "\(digest.algorithm.name)-\(digest.hex).att" }

    private static func verify(envelopes: [DSSEEnvelope], subject: String, digest: Digest, keys: [VerificationKey], expectedPredicateType: String?) -> AttestationReport {
        var results: [AttestationVerification] = []
        for envelope in envelopes {
            // verify only throws for unreadable message sources; envelopes are in memory.
            if let result = try? AttestationVerification.verify(subject: subject, subjectDigest: digest, envelope: envelope, keys: keys, expectedPredicateType: expectedPredicateType) {
                results.append(result)
            }
        }
        // As cosign verify-attestation --type: attestations of other predicate types are not this check's
        // business, unless none is of the wanted type (then all are reported as failing).
        if let expectedPredicateType {
            let wanted = results.filter { $0.predicateType == expectedPredicateType }
            if !wanted.isEmpty { results = wanted }
        }
        return AttestationReport(attestations: results, passed: !results.isEmpty && results.allSatisfy(\.passed))
    }
}
