import Foundation
public import VouchCore
import VouchCrypto
import VouchImage

/// Attestations about an image in an OCI layout: the Statement's subject is the digest the tag resolves
/// to, and the envelope can be attached to the layout as cosign does in a registry (`sha256-<hex>.att`
/// with `application/vnd.dsse.envelope.v1+json` layers, and/or an OCI 1.1 referrer).
public enum ImageAttestation {
    public static let envelopeMediaType = "application/vnd.dsse.envelope.v1+json"

    /// Signs a v1 Statement about the selected image; the subject's name is `reference`, else the tag.
    public static func attest(
        layoutPath: String, tag: String?, reference: String?, predicateJSON: [UInt8], predicatePath: String?, predicateType: String, key: SigningKey
    ) throws(VouchError) -> (envelope: DSSEEnvelope, digest: Digest) {
        let entry = try OCILayout.open(layoutPath).image(tagged: tag)
        let name = reference ?? entry.tags.first ?? layoutPath
        let statement = try InTotoStatement(subjects: [.init(name: name, digest: entry.digest)], predicateType: predicateType, predicateJSON: predicateJSON, path: predicatePath)
        let envelope = try DSSEEnvelope.sign(
            payload: statement.payload, payloadType: DSSEEnvelope.inTotoPayloadType, key: key.privateKey, scheme: key.scheme, keyid: key.secureSystemsLibKeyID)
        return (envelope, entry.digest)
    }

    /// Where ``attach(_:predicateType:layoutPath:tag:referrer:)`` stored an envelope.
    public struct Attached: Sendable {
        /// The cosign tag `sha256-<hex>.att` whose manifest now holds the envelope (after any earlier ones).
        public var tag: String
        /// The referrer manifest written with `referrer`.
        public var referrer: Digest?
    }

    /// Attaches `envelope` to the layout under `sha256-<hex>.att` and, with `referrer`, as a referrer.
    /// The layer is cosign v2's attestation layer: media type `application/vnd.dsse.envelope.v1+json`, the
    /// `predicateType` annotation, and an empty `dev.cosignproject.cosign/signature` annotation (cosign's
    /// `static.NewAttestation`: the signature is inside the envelope).
    @discardableResult
    public static func attach(_ envelope: DSSEEnvelope, predicateType: String, layoutPath: String, tag: String?, referrer: Bool) throws(VouchError) -> Attached {
        let writer = try OCILayoutWriter(layoutPath)
        let layout = try OCILayout.open(layoutPath)
        let entry = try layout.image(tagged: tag)
        let blob = Array(envelope.jsonLine.utf8)
        let blobDigest = try writer.writeBlob(blob)
        let layer = Descriptor(
            mediaType: envelopeMediaType, digest: blobDigest, size: Int64(blob.count),
            annotations: [CosignSimpleSigning.signatureAnnotation: "", "predicateType": predicateType])
        var manifests = layout.index.manifests
        let store = CosignLayoutStore(layout: layout, writer: writer)
        let attestationTag = OCILayout.cosignTag(for: entry.digest, kind: .attestation)
        _ = try store.appendLayer(layer, tag: attestationTag, manifests: &manifests)
        var referrerDigest: Digest?
        if referrer {
            referrerDigest = try store.addReferrer(layer, artifactType: envelopeMediaType, subject: entry.descriptor, manifests: &manifests)
        }
        try writer.writeIndex(layout.index, manifests: manifests)
        return Attached(tag: attestationTag, referrer: referrerDigest)
    }

    /// Every attestation stored for the selected image (tag scheme and referrers), verified.
    public static func verify(layoutPath: String, tag: String?, keys: [VerificationKey], expectedPredicateType: String?) throws(VouchError) -> AttestationReport {
        let stored = try storedEnvelopes(layoutPath: layoutPath, tag: tag)
        guard !stored.envelopes.isEmpty || !stored.failures.isEmpty else {
            let failure = CheckFailure(subject: stored.digest.description, reason: "no attestations stored in the layout (looked for tag \(OCILayout.cosignTag(for: stored.digest, kind: .attestation)) and referrers)")
            return AttestationReport(attestations: [], failures: [failure])
        }
        var report = try AttestationReport.verify(
            envelopes: stored.envelopes.map(\.envelope), subject: layoutPath, digest: stored.digest, keys: keys, expectedPredicateType: expectedPredicateType)
        report.failures += stored.failures
        return report
    }

    /// The envelopes stored for an image: each once, with where it was found; blobs that do not match
    /// their descriptor are failures (a tampered layout), not envelopes.
    public struct StoredEnvelopes: Sendable {
        public var envelopes: [(source: String, envelope: DSSEEnvelope)]
        /// The digest the tag resolves to.
        public var digest: Digest
        public var failures: [CheckFailure]
    }

    /// The envelopes stored for the selected image (the `sha256-<hex>.att` tag and referrers).
    public static func storedEnvelopes(layoutPath: String, tag: String?) throws(VouchError) -> StoredEnvelopes {
        let layout = try OCILayout.open(layoutPath)
        let digest = try layout.subjectDigest(tag: tag)
        var stored = StoredEnvelopes(envelopes: [], digest: digest, failures: [])
        var seen: Set<Digest> = []  // the same envelope stored under the tag and as a referrer is checked once
        for artifact in try layout.artifacts(.attestation, about: digest) {
            for (index, layer) in artifact.manifest.layers.enumerated() where layer.mediaType == envelopeMediaType {
                guard seen.insert(layer.digest).inserted else { continue }
                let source = "\(artifact.source) layer \(index)"
                let bytes: [UInt8]
                do throws(VouchError) {
                    bytes = try layout.readBlob(layer, maximum: Int64(AttestationLimits.maxEnvelopeBytes), limitName: "maxEnvelopeBytes")
                } catch where error.code == .malformedInput || error.code == .fileNotFound {
                    stored.failures.append(CheckFailure(subject: source, reason: error.reason))
                    continue
                }
                let envelope = try DSSEEnvelope(json: bytes, path: "\(layoutPath)/blobs/\(layer.digest.algorithm.name)/\(layer.digest.hex)")
                stored.envelopes.append((source, envelope))
            }
        }
        return stored
    }

    /// Verifies envelopes given as files against the selected image's digest.
    public static func verify(layoutPath: String, tag: String?, envelopes: [DSSEEnvelope], keys: [VerificationKey], expectedPredicateType: String?) throws(VouchError) -> AttestationReport {
        let digest = try OCILayout.open(layoutPath).subjectDigest(tag: tag)
        return try AttestationReport.verify(envelopes: envelopes, subject: layoutPath, digest: digest, keys: keys, expectedPredicateType: expectedPredicateType)
    }

    /// True when `path` holds an OCI layout that stored attestations can be read from: a layout directory,
    /// or a tar of one (oci-archive, Docker 25+ `docker save`), opened through the one ``OCILayout`` reader.
    /// `verify-attestation` uses it, so it finds what `verify` and `policy check` find in the same tar.
    public static func holdsLayout(_ path: String) -> Bool {
        if isLayout(path) { return true }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return false }
        return (try? OCILayout.open(path)) != nil
    }

    /// True when `path` is an OCI layout directory (so an attestation subject is an image, not a file).
    public static func isLayout(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            && FileManager.default.fileExists(atPath: path + "/oci-layout")
    }
}
