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
    /// document checks first. `reference` is the payload's `docker-reference`; without it, the repository
    /// of the image's full reference (``defaultDockerReference(tags:selectedBy:layoutPath:)``).
    public static func sign(
        layoutPath: String, tag: String?, key: SigningKey, reference: String?, referrer: Bool
    ) throws(VouchError) -> Signed {
        let writer = try OCILayoutWriter(layoutPath)
        let layout = try OCILayout.open(layoutPath)
        let entry = try layout.image(tagged: tag)
        let tags = try checkImageLoads(entry, in: layout)
        let digest = entry.digest
        let identity: String
        if let reference { identity = reference } else { identity = try defaultDockerReference(tags: tags, selectedBy: tag, layoutPath: layoutPath) }
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

    /// The `docker-reference` cosign would write for the image these tags name: the repository without tag
    /// or digest (`cosign sign ghcr.io/org/app:1.0` signs `ghcr.io/org/app`). Only a full reference (one
    /// naming its registry, as containerd's `io.containerd.image.name` always does) says which repository
    /// that is; a bare tag (`1.0`) or a short name (`app:1.0`) does not, and neither do two different
    /// repositories, so then the caller must give it.
    public static func defaultDockerReference(tags: [String], selectedBy tag: String?, layoutPath: String) throws(VouchError) -> String {
        // The tags that selected the image first: `--tag 1.0` of an image also named `ghcr.io/org/app:2.0`.
        let matching = tag.map { selected in tags.filter { OCILayout.tag($0, matches: selected) } } ?? []
        var repositories: [String] = []
        for candidates in [matching, tags] where repositories.isEmpty {
            for reference in RegistryReference.naming(candidates) {
                if let repository = reference.cosignRepository, !repositories.contains(repository) { repositories.append(repository) }
            }
        }
        guard repositories.count == 1 else {
            let named = tags.isEmpty ? "the image has no tag" : "the image's tags (\(tags.joined(separator: ", ")))"
            let why = repositories.isEmpty
                ? "\(named) name no registry repository"
                : "\(named) name several repositories (\(repositories.joined(separator: ", ")))"
            throw VouchError(
                .invalidArgument,
                "\(why), so the signature's docker-reference is unknown; give it with --reference REGISTRY/REPOSITORY (e.g. ghcr.io/org/app)",
                path: layoutPath)
        }
        return repositories[0]
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

    /// Refuses to sign an image whose documents fail the image reader's checks; returns the tags naming it
    /// (the index entry's and Docker's `manifest.json` `RepoTags`).
    private static func checkImageLoads(_ entry: OCILayout.Entry, in layout: OCILayout) throws(VouchError) -> [String] {
        switch try ImageLoader().inspect(entry, in: layout) {
        case .loaded(let image):
            if let failure = image.documentFailures.first {
                throw VouchError(.malformedInput, "the image fails its integrity checks, so it is not signed: \(failure)", path: layout.path)
            }
            return entry.tags + image.tags.filter { !entry.tags.contains($0) }
        case .tampered(let tampered):
            throw VouchError(.malformedInput, "the image fails its integrity checks, so it is not signed: \(tampered.error.reason)", path: layout.path)
        }
    }
}
