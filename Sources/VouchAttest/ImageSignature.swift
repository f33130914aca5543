import Foundation
public import VouchCore
import VouchCrypto
import VouchImage

/// `vouch sign IMAGE` / `vouch verify IMAGE`: cosign image signatures stored inside an OCI layout the way
/// cosign stores them in a registry, so `skopeo copy` carries them along.
///
/// The signed digest is the one index.json (or IMAGE:TAG) names: the image manifest, or the image index of
/// a multi-platform image, as `cosign sign IMAGE:TAG` signs what the tag resolves to.
public enum ImageSignature {
    /// What `sign` wrote.
    public struct Signed: Sendable, Codable, Hashable {
        public var image: String
        public var signedDigest: Digest
        /// The tag-scheme manifest (`sha256-<hex>.sig`), when written.
        public var signatureTag: String?
        public var signatureManifest: Digest
        /// The OCI 1.1 referrer manifest, when written.
        public var referrerManifest: Digest?
    }

    /// Signs the image `tag` selects in the layout at `layoutPath`. The image must pass the image reader's
    /// document checks first. `reference` is the payload's `docker-reference` (default: the tag).
    public static func sign(
        layoutPath: String, tag: String?, key: SigningKey, reference: String?, referrer: Bool
    ) throws(VouchError) -> Signed {
        let layout = try OCILayoutDirectory(layoutPath)
        let (entry, digest) = try selectImage(layout, tag: tag)
        try checkImageLoads(layoutPath: layoutPath, entry: entry, layout: layout)
        let identity = reference ?? OCILayoutDirectory.refName(entry) ?? "unknown"
        let payload = CosignSimpleSigning.payload(manifestDigest: digest, reference: identity)
        let signature = try key.privateKey.sign(.bytes(payload), scheme: key.scheme)
        let payloadDigest = try layout.writeBlob(payload)
        let layer = #"{"mediaType":"\#(CosignSimpleSigning.layerMediaType)","size":\#(payload.count),"digest":"\#(payloadDigest)","annotations":{"\#(CosignSimpleSigning.signatureAnnotation)":"\#(Base64.encode(signature))"}}"#

        var manifests = try layout.indexManifests()
        let signatureTag = CosignSimpleSigning.signatureTag(for: digest)
        let store = CosignLayoutStore(layout: layout)
        let manifestDigest = try store.appendLayer(layer, tag: signatureTag, manifests: &manifests)
        let referrerDigest = referrer
            ? try store.addReferrer(layer, artifactType: CosignSimpleSigning.artifactType, subject: entry, subjectDigest: digest, manifests: &manifests)
            : nil
        try layout.writeIndex(manifests: manifests)
        return Signed(image: layoutPath, signedDigest: digest, signatureTag: signatureTag, signatureManifest: manifestDigest, referrerManifest: referrerDigest)
    }

    /// Finds every signature for the selected image (tag scheme and referrers) and checks each one.
    public static func verify(layoutPath: String, tag: String?, keys: [VerificationKey]) throws(VouchError) -> ImageSignatureVerification {
        let layout = try OCILayoutDirectory(layoutPath)
        let (_, digest) = try selectImage(layout, tag: tag)
        var result = ImageSignatureVerification(image: layoutPath, digest: digest, signatures: [], failures: [])
        let signatureTag = CosignSimpleSigning.signatureTag(for: digest)
        let found = try CosignLayoutStore(layout: layout).artifactManifests(for: digest, tag: signatureTag, artifactType: CosignSimpleSigning.artifactType)
        for (source, manifest) in found {
            for (index, layer) in ((manifest["layers"] as? [[String: Any]]) ?? []).enumerated()
            where layer["mediaType"] as? String == CosignSimpleSigning.layerMediaType {
                result.signatures.append(try check(layer: layer, index: index, source: source, layout: layout, digest: digest, keys: keys))
            }
        }
        if result.signatures.isEmpty {
            result.failures.append(CheckFailure(subject: digest.description, reason: "no signatures found (looked for tag \(signatureTag) and cosign referrers in index.json)"))
        }
        return result
    }

    private static func check(
        layer: [String: Any], index: Int, source: String, layout: OCILayoutDirectory, digest: Digest, keys: [VerificationKey]
    ) throws(VouchError) -> ImageSignatureCheck {
        var check = ImageSignatureCheck(source: source, layer: index, signedDigest: nil, signature: SignatureCheck(index: index, keyid: "", verifiedBy: nil, failures: []))
        guard let payloadDigest = (layer["digest"] as? String).flatMap({ try? Digest(parsing: $0) }) else {
            check.signature.failures.append("the layer has no valid digest")
            return check
        }
        let payload: [UInt8]
        do throws(VouchError) {
            payload = try layout.readBlob(payloadDigest, expectedSize: (layer["size"] as? NSNumber)?.int64Value)
        } catch {
            check.signature.failures.append("payload blob: \(error.reason)")
            return check
        }
        let annotation = (layer["annotations"] as? [String: String])?[CosignSimpleSigning.signatureAnnotation] ?? ""
        return try checkPayload(payload, encodedSignature: annotation, into: check, digest: digest, keys: keys)
    }

    /// Verifies signatures given as files (the base64 signature and its simple-signing payload, as
    /// `cosign sign --output-signature/--output-payload` writes them) against the selected image.
    public static func verify(
        layoutPath: String, tag: String?, signatureText: String, payload: [UInt8], keys: [VerificationKey]
    ) throws(VouchError) -> ImageSignatureVerification {
        let layout = try OCILayoutDirectory(layoutPath)
        let (_, digest) = try selectImage(layout, tag: tag)
        let empty = ImageSignatureCheck(source: "given files", layer: 0, signedDigest: nil, signature: SignatureCheck(index: 0, keyid: "", verifiedBy: nil, failures: []))
        let checked = try checkPayload(payload, encodedSignature: signatureText.trimmingCharacters(in: .whitespacesAndNewlines), into: empty, digest: digest, keys: keys)
        return ImageSignatureVerification(image: layoutPath, digest: digest, signatures: [checked], failures: [])
    }

    static func checkPayload(
        _ payload: [UInt8], encodedSignature: String, into start: ImageSignatureCheck, digest: Digest, keys: [VerificationKey]
    ) throws(VouchError) -> ImageSignatureCheck {
        var check = start
        let named: String
        do throws(VouchError) {
            named = try CosignSimpleSigning.signedDigest(parsing: payload)
        } catch {
            check.signature.failures.append("the payload is not a cosign simple-signing payload: \(error.reason)")
            return check
        }
        check.signedDigest = named
        guard let signature = Base64.decode(encodedSignature), !signature.isEmpty else {
            check.signature.failures.append("the signature is missing or not valid base64")
            return check
        }
        for key in keys {
            if try key.publicKey.isValidSignature(signature, for: .bytes(payload), scheme: key.scheme) {
                check.signature.verifiedBy = key.name
                break
            }
            check.signature.failures.append("\(key.name): signature does not verify with this \(key.publicKey.algorithm) key")
        }
        if named != digest.description {
            check.signature.failures.append("signature for another image: the payload names \(named), this image is \(digest)")
            check.signature.verifiedBy = nil
        }
        if check.signature.verified { check.signature.failures = [] }
        return check
    }

    /// The index.json entry the tag selects (cosign's own signature and referrer entries never count as images).
    static func selectImage(_ layout: OCILayoutDirectory, tag: String?) throws(VouchError) -> ([String: Any], Digest) {
        let images = try layout.indexManifests().filter { entry in
            if let type = entry["artifactType"] as? String, [CosignSimpleSigning.artifactType, ImageAttestation.envelopeMediaType].contains(type) { return false }
            guard let name = OCILayoutDirectory.refName(entry) else { return true }
            return !(name.hasPrefix("sha256-") && (name.hasSuffix(".sig") || name.hasSuffix(".att")))
        }
        var candidates = images
        if let tag {
            candidates = images.filter { entry in OCILayoutDirectory.refName(entry).map { $0 == tag || $0.hasSuffix(":" + tag) } ?? false }
            guard !candidates.isEmpty else {
                let known = images.compactMap(OCILayoutDirectory.refName)
                throw VouchError(.invalidArgument, "no image tagged '\(tag)'; tags: \(known.joined(separator: ", "))", path: layout.root)
            }
        }
        let digests = Set(candidates.compactMap { $0["digest"] as? String })
        guard digests.count == 1, let entry = candidates.first, let text = entry["digest"] as? String else {
            throw VouchError(.invalidArgument, "the layout holds \(digests.count) images; pick one with IMAGE:TAG or --tag", path: layout.root)
        }
        return (entry, try Digest(parsing: text))
    }

    /// Refuses to sign an image whose documents fail the image reader's checks.
    private static func checkImageLoads(layoutPath: String, entry: [String: Any], layout: OCILayoutDirectory) throws(VouchError) {
        let others = try layout.indexManifests().count
        let tag = OCILayoutDirectory.refName(entry)
        guard tag != nil || others == 1 else { return }  // an untagged image beside signatures: the loader cannot pick it
        let image = try ImageLoader().load(ImageReference(path: layoutPath, tag: tag))
        if let failure = image.documentFailures.first {
            throw VouchError(.malformedInput, "the image fails its integrity checks, so it is not signed: \(failure)", path: layoutPath)
        }
    }
}
