public import VouchCore
public import VouchImage

/// A Sigstore bundle stored as an OCI 1.1 referrer of an image (cosign v3; cosign's bundle specification): a
/// manifest of artifact type `application/vnd.dev.sigstore.bundle.v0.3+json` whose layer is the bundle's JSON.
/// Whether it signs the image or attests to it is read from the bundle itself, never from the manifest's
/// (unsigned) `dev.sigstore.bundle.*` annotations.
public struct SigstoreBundleReferrer: Sendable {
    /// The predicate type of cosign v3's image signatures: a Statement saying "this digest is signed".
    public static let imageSignaturePredicateType = "https://sigstore.dev/cosign/sign/v1"

    /// `referrer sha256:... layer N` is ``source`` plus ``layer``.
    public var source: String
    public var layer: Int
    /// The bundle, or why the layer is not a readable bundle (a failed check, not an error: the layout is what
    /// is being verified).
    public var bundle: Result<SigstoreBundle, CosignKeylessSignature.KeylessLayerFailure>
    /// The manifest's `dev.sigstore.bundle.predicateType` annotation: only used to file an unreadable bundle.
    var annotatedPredicateType: String?

    /// The in-toto Statement of a DSSE bundle, nil for a message signature or an unreadable payload.
    public var statement: InTotoStatement? {
        guard case .success(let bundle) = bundle, case .dsseEnvelope(let envelope) = bundle.content,
              envelope.payloadType == DSSEEnvelope.inTotoPayloadType else { return nil }
        return try? InTotoStatement(payload: envelope.payload)
    }

    /// True for an image signature (a message signature, or a Statement of cosign's signature predicate type);
    /// false for an attestation.
    public var isImageSignature: Bool {
        switch bundle {
        case .failure: return annotatedPredicateType == Self.imageSignaturePredicateType
        case .success(let bundle):
            if case .messageSignature = bundle.content { return true }
            return statement?.predicateType == Self.imageSignaturePredicateType
        }
    }

    /// The digest the bundle signs: `subject` when the Statement names it (or the message digest is it), else
    /// the first one it names.
    public func signedDigest(preferring subject: Digest) -> Digest? {
        guard case .success(let bundle) = bundle else { return nil }
        switch bundle.content {
        case .messageSignature(let digest, _): return digest
        case .dsseEnvelope:
            let named = statement?.subjects.compactMap { entry -> Digest? in
                entry.digest[subject.algorithm.name].flatMap { try? Digest(parsing: "\(subject.algorithm.name):\($0.lowercased())") }
            } ?? []
            return named.first(where: { $0 == subject }) ?? named.first
        }
    }

    /// Every bundle layer of every Sigstore bundle referrer of `subject` in `source`, each blob once.
    public static func find(about subject: Digest, in source: some CosignArtifactSource) throws(VouchError) -> [SigstoreBundleReferrer] {
        var found: [SigstoreBundleReferrer] = []
        var seen: Set<Digest> = []
        for artifact in try CosignArtifactFinder.artifacts(.sigstoreBundle, about: subject, in: source) {
            for (index, layer) in artifact.manifest.layers.enumerated() where layer.mediaType.hasPrefix("application/vnd.dev.sigstore.bundle") {
                guard seen.insert(layer.digest).inserted else { continue }
                let name = "\(source.displayName) \(artifact.source) layer \(index)"
                let bundle: Result<SigstoreBundle, CosignKeylessSignature.KeylessLayerFailure>
                do throws(VouchError) {
                    let bytes = try source.readBlob(layer, maximum: Int64(AttestationLimits.maxEnvelopeBytes), limitName: "maxEnvelopeBytes")
                    bundle = .success(try SigstoreBundle(json: bytes, path: name))
                } catch where error.code == .malformedInput || error.code == .fileNotFound || error.code == .unsupportedInput {
                    // A tampered blob or a bundle that is not one is a failed check of the layout, not an error.
                    bundle = .failure(.init(reason: error.reason))
                }
                found.append(SigstoreBundleReferrer(
                    source: artifact.source, layer: index, bundle: bundle,
                    annotatedPredicateType: artifact.manifest.annotations?["dev.sigstore.bundle.predicateType"]))
            }
        }
        return found
    }
}
