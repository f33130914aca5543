public import VouchCore
public import VouchImage

/// A keyless attestation about an image, in either form cosign stores it:
/// - cosign v2: a DSSE envelope layer (`application/vnd.dsse.envelope.v1+json`) of the `sha256-<hex>.att`
///   manifest (or an envelope referrer) whose annotations carry the Fulcio certificate and chain and the Rekor
///   entry with its SET (`dev.sigstore.cosign/bundle`) or an RFC 3161 timestamp;
/// - cosign v3: a Sigstore bundle referrer holding a DSSE envelope whose Statement is not an image signature.
public struct CosignKeylessAttestation: Sendable {
    /// `tag sha256-<hex>.att layer 0` or `referrer sha256:... layer 0`: the same name the key-based reader
    /// (``ImageAttestation/storedEnvelopes(layoutPath:tag:)``) gives the layer.
    public var source: String
    public var bundle: Result<SigstoreBundle, CosignKeylessSignature.KeylessLayerFailure>

    /// The in-toto Statement of the envelope, nil when unreadable.
    public var statement: InTotoStatement? {
        guard case .success(let bundle) = bundle, case .dsseEnvelope(let envelope) = bundle.content,
              envelope.payloadType == DSSEEnvelope.inTotoPayloadType else { return nil }
        return try? InTotoStatement(payload: envelope.payload)
    }

    /// The image `tag` selects in the layout at `layoutPath`, and every keyless attestation stored for it.
    public static func find(layoutPath: String, tag: String?) throws(VouchError) -> (digest: Digest, attestations: [CosignKeylessAttestation]) {
        let layout = try OCILayout.open(layoutPath)
        let digest = try layout.subjectDigest(tag: tag)
        return (digest, try find(about: digest, in: layout))
    }

    /// Envelope layers with a certificate annotation (tag scheme and envelope referrers, each blob once), then
    /// the attestations among the Sigstore bundle referrers.
    public static func find(about subject: Digest, in source: some CosignArtifactSource) throws(VouchError) -> [CosignKeylessAttestation] {
        var found: [CosignKeylessAttestation] = []
        var seen: Set<Digest> = []
        for artifact in try CosignArtifactFinder.artifacts(.attestation, about: subject, in: source) {
            for (index, layer) in artifact.manifest.layers.enumerated() where layer.mediaType == ImageAttestation.envelopeMediaType {
                let annotations = layer.annotations ?? [:]
                guard let certificate = annotations[CosignKeylessSignature.certificateAnnotation], seen.insert(layer.digest).inserted else { continue }
                let name = "\(source.displayName) \(artifact.source) layer \(index)"
                let bundle: Result<SigstoreBundle, CosignKeylessSignature.KeylessLayerFailure>
                do throws(VouchError) {
                    let bytes = try source.readBlob(layer, maximum: Int64(AttestationLimits.maxEnvelopeBytes), limitName: "maxEnvelopeBytes")
                    let envelope = try DSSEEnvelope(json: bytes, path: name)
                    bundle = Result { () throws(CosignKeylessSignature.KeylessLayerFailure) -> SigstoreBundle in
                        try CosignKeylessSignature.makeBundle(content: .dsseEnvelope(envelope), annotations: annotations, certificate: certificate)
                    }
                } catch where error.code == .malformedInput || error.code == .fileNotFound {
                    // A tampered or missing blob is a failed check of the layout, as for the key-based reader.
                    bundle = .failure(.init(reason: error.reason))
                }
                found.append(CosignKeylessAttestation(source: "\(artifact.source) layer \(index)", bundle: bundle))
            }
        }
        for stored in try SigstoreBundleReferrer.find(about: subject, in: source) where !stored.isImageSignature {
            found.append(CosignKeylessAttestation(source: "\(stored.source) layer \(stored.layer)", bundle: stored.bundle))
        }
        return found
    }
}
