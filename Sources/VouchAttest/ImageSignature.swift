import Foundation
public import VouchCore
import VouchCrypto
import VouchImage

/// `vouch sign IMAGE` / `vouch verify IMAGE`: cosign image signatures stored inside an OCI layout the way
/// cosign stores them in a registry, so `skopeo copy` carries them along.
///
/// The signed digest is the one index.json (or IMAGE:TAG) names: the image manifest, or the image index of
/// a multi-platform image, as `cosign sign IMAGE:TAG` signs what the tag resolves to. The image is selected
/// by ``OCILayout``, as every other command selects it.
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
        let writer = try OCILayoutWriter(layoutPath)
        let layout = try OCILayout.open(layoutPath)
        let entry = try layout.image(tagged: tag)
        try checkImageLoads(entry, in: layout)
        let digest = entry.digest
        let identity = reference ?? entry.tags.first ?? "unknown"
        let payload = CosignSimpleSigning.payload(manifestDigest: digest, reference: identity)
        let signature = try key.privateKey.sign(.bytes(payload), scheme: key.scheme)
        let payloadDigest = try writer.writeBlob(payload)
        let layer = Descriptor(
            mediaType: CosignSimpleSigning.layerMediaType, digest: payloadDigest, size: Int64(payload.count),
            annotations: [CosignSimpleSigning.signatureAnnotation: Base64.encode(signature)])

        var manifests = layout.index.manifests
        let signatureTag = OCILayout.cosignTag(for: digest, kind: .signature)
        let store = CosignLayoutStore(layout: layout, writer: writer)
        let manifestDigest = try store.appendLayer(layer, tag: signatureTag, manifests: &manifests)
        let referrerDigest = referrer
            ? try store.addReferrer(layer, artifactType: CosignSimpleSigning.artifactType, subject: entry.descriptor, manifests: &manifests)
            : nil
        try writer.writeIndex(layout.index, manifests: manifests)
        return Signed(image: layoutPath, signedDigest: digest, signatureTag: signatureTag, signatureManifest: manifestDigest, referrerManifest: referrerDigest)
    }

    /// Finds every signature for the selected image (tag scheme and referrers) and checks each one.
    public static func verify(layoutPath: String, tag: String?, keys: [VerificationKey]) throws(VouchError) -> ImageSignatureVerification {
        let layout = try OCILayout.open(layoutPath)
        let digest = try layout.subjectDigest(tag: tag)
        var result = ImageSignatureVerification(image: layoutPath, digest: digest, signatures: [], failures: [])
        for artifact in try layout.artifacts(.signature, about: digest) {
            for (index, layer) in artifact.manifest.layers.enumerated() where layer.mediaType == CosignSimpleSigning.layerMediaType {
                result.signatures.append(try check(layer: layer, index: index, source: artifact.source, layout: layout, digest: digest, keys: keys))
            }
        }
        if result.signatures.isEmpty {
            let signatureTag = OCILayout.cosignTag(for: digest, kind: .signature)
            result.failures.append(CheckFailure(subject: digest.description, reason: "no signatures found (looked for tag \(signatureTag) and cosign referrers in index.json)"))
        }
        return result
    }

    private static func check(
        layer: Descriptor, index: Int, source: String, layout: OCILayout, digest: Digest, keys: [VerificationKey]
    ) throws(VouchError) -> ImageSignatureCheck {
        var check = ImageSignatureCheck(source: source, layer: index, signedDigest: nil, signature: SignatureCheck(index: index, keyid: "", verifiedBy: nil, failures: []))
        let payload: [UInt8]
        do throws(VouchError) {
            payload = try layout.readDocumentBlob(layer)
        } catch where error.code == .malformedInput {
            // A payload blob that does not match its descriptor is a failed signature, not an unreadable layout.
            check.signature.failures.append("payload blob: \(error.reason)")
            return check
        }
        let annotation = layer.annotations?[CosignSimpleSigning.signatureAnnotation] ?? ""
        return try checkPayload(payload, encodedSignature: annotation, into: check, digest: digest, keys: keys)
    }

    /// Verifies signatures given as files (the base64 signature and its simple-signing payload, as
    /// `cosign sign --output-signature/--output-payload` writes them) against the selected image.
    public static func verify(
        layoutPath: String, tag: String?, signatureText: String, payload: [UInt8], keys: [VerificationKey]
    ) throws(VouchError) -> ImageSignatureVerification {
        let digest = try OCILayout.open(layoutPath).subjectDigest(tag: tag)
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

    /// Refuses to sign an image whose documents fail the image reader's checks.
    private static func checkImageLoads(_ entry: OCILayout.Entry, in layout: OCILayout) throws(VouchError) {
        switch try ImageLoader().inspect(entry, in: layout) {
        case .loaded(let image):
            if let failure = image.documentFailures.first {
                throw VouchError(.malformedInput, "the image fails its integrity checks, so it is not signed: \(failure)", path: layout.path)
            }
        case .tampered(let tampered):
            throw VouchError(.malformedInput, "the image fails its integrity checks, so it is not signed: \(tampered.error.reason)", path: layout.path)
        }
    }
}
