import Foundation
public import VouchCore
import VouchCrypto
public import VouchImage

/// A keyless cosign image signature, in either form cosign stores it (and Vouch finds it in an OCI layout,
/// or any ``CosignArtifactSource``):
/// - cosign v2: a simple-signing payload layer of the `sha256-<hex>.sig` manifest (or a signature referrer)
///   whose annotations carry the signature, the Fulcio certificate and chain (PEM), and the Rekor entry with
///   its signed entry timestamp (`dev.sigstore.cosign/bundle`);
/// - cosign v3: a Sigstore bundle referrer whose bundle signs the image: a DSSE in-toto Statement of predicate
///   type `https://sigstore.dev/cosign/sign/v1` naming the image's digest, or a message signature over the
///   image manifest itself (its message digest is the image's digest).
public struct CosignKeylessSignature: Sendable {
    public static let certificateAnnotation = "dev.sigstore.cosign/certificate"
    public static let chainAnnotation = "dev.sigstore.cosign/chain"
    public static let rekorBundleAnnotation = "dev.sigstore.cosign/bundle"
    public static let timestampAnnotation = "dev.sigstore.cosign/rfc3161timestamp"

    /// How the signature says which image it signs.
    public enum Binding: Sendable {
        /// A simple-signing payload naming the digest (cosign v2); the bundle signs the payload.
        case simpleSigning(payload: [UInt8])
        /// A Sigstore bundle over the image digest itself (cosign v3).
        case bundle
    }

    /// `tag sha256-<hex>.sig` or `referrer sha256:...`, and the layer's position.
    public var source: String
    public var layer: Int
    public var binding: Binding
    /// The digest the signature names (the payload's `critical.image.docker-manifest-digest`, or the bundle's
    /// Statement subject or message digest), nil when it names none.
    public var signedDigest: String?
    /// The signature as a Sigstore bundle, or the reason the layer is not a readable keyless signature.
    public var bundle: Result<SigstoreBundle, KeylessLayerFailure>

    public struct KeylessLayerFailure: Error, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
        public init(reason: String) { self.reason = reason }
    }

    /// The image `tag` selects in the layout at `layoutPath`, and every keyless signature stored for it.
    public static func find(layoutPath: String, tag: String?) throws(VouchError) -> (digest: Digest, signatures: [CosignKeylessSignature]) {
        let layout = try OCILayout.open(layoutPath)
        let digest = try layout.subjectDigest(tag: tag)
        return (digest, try find(about: digest, in: layout))
    }

    /// Every keyless signature about `subject` in `source`: simple-signing layers carrying a certificate
    /// annotation (tag scheme and signature referrers), then Sigstore bundle referrers that sign the image.
    public static func find(about subject: Digest, in source: some CosignArtifactSource) throws(VouchError) -> [CosignKeylessSignature] {
        var found: [CosignKeylessSignature] = []
        for artifact in try CosignArtifactFinder.artifacts(.signature, about: subject, in: source) {
            for (index, layer) in artifact.manifest.layers.enumerated() where layer.mediaType == CosignSimpleSigning.layerMediaType {
                let annotations = layer.annotations ?? [:]
                guard let certificate = annotations[certificateAnnotation] else { continue }
                let payload = try source.readBlob(layer, maximum: source.limits.maxJSONBytes, limitName: "maxJSONBytes")
                let bundle = Result { () throws(KeylessLayerFailure) -> SigstoreBundle in
                    guard let signature = annotations[CosignSimpleSigning.signatureAnnotation].flatMap({ Base64.decode($0) }), !signature.isEmpty else {
                        throw KeylessLayerFailure(reason: "annotation \(CosignSimpleSigning.signatureAnnotation) is missing or not base64")
                    }
                    let digest = (try? DigestHasher.digest(of: payload)) ?? Digest.emptySHA256
                    return try makeBundle(content: .messageSignature(digest: digest, signature: signature), annotations: annotations, certificate: certificate)
                }
                found.append(CosignKeylessSignature(
                    source: artifact.source, layer: index, binding: .simpleSigning(payload: payload),
                    signedDigest: try? CosignSimpleSigning.signedDigest(parsing: payload), bundle: bundle))
            }
        }
        for stored in try SigstoreBundleReferrer.find(about: subject, in: source) where stored.isImageSignature {
            found.append(CosignKeylessSignature(
                source: stored.source, layer: stored.layer, binding: .bundle,
                signedDigest: stored.signedDigest(preferring: subject)?.description, bundle: stored.bundle))
        }
        return found
    }

    /// Cosign's layer annotations as a v0.1 Sigstore bundle over `content` (certificate chain, Rekor entry with
    /// its SET, no inclusion proof), so one verifier checks every form. cosign writes the whole chain up to the
    /// root into `dev.sigstore.cosign/chain`; a self-signed certificate there is left out, since a root is only
    /// ever taken from the trusted root.
    static func makeBundle(content: SigstoreBundle.Content, annotations: [String: String], certificate: String) throws(KeylessLayerFailure) -> SigstoreBundle {
        func certificates(in text: String, annotation: String) throws(KeylessLayerFailure) -> [[UInt8]] {
            var found: [[UInt8]] = []
            for block in text.components(separatedBy: "-----END CERTIFICATE-----") where block.contains("-----BEGIN CERTIFICATE-----") {
                guard let document = try? PEMDocument(parsing: Array((block + "-----END CERTIFICATE-----\n").utf8)), document.label == "CERTIFICATE" else {
                    throw KeylessLayerFailure(reason: "annotation \(annotation) holds a PEM block that is not a certificate")
                }
                found.append(document.body)
            }
            return found
        }
        let leaf = try certificates(in: certificate, annotation: certificateAnnotation)
        guard !leaf.isEmpty else { throw KeylessLayerFailure(reason: "annotation \(certificateAnnotation) holds no PEM certificate") }
        let chain = try certificates(in: annotations[chainAnnotation] ?? "", annotation: chainAnnotation).filter { der in
            (try? X509Certificate(der: der).isSelfSigned) != true
        }
        guard let rekorText = annotations[rekorBundleAnnotation],
              let rekor = try? JSONValue.decode(RekorBundle.self, from: Array(rekorText.utf8), path: rekorBundleAnnotation),
              let set = Base64.decode(rekor.SignedEntryTimestamp), let body = Base64.decode(rekor.Payload.body),
              let logID = Hex.decode(rekor.Payload.logID),
              let kind = try? JSONValue.decode(BodyHeader.self, from: body, path: "Rekor entry body")
        else {
            throw KeylessLayerFailure(reason: "annotation \(rekorBundleAnnotation) is missing or not a Rekor bundle (SignedEntryTimestamp, Payload.body/integratedTime/logIndex/logID)")
        }
        var bundle = SigstoreBundle(publicKeyHint: "", content: content)
        bundle.mediaType = "application/vnd.dev.sigstore.bundle+json;version=0.1"
        bundle.version = .v01
        bundle.signer = .certificateChain(leaf + chain)
        bundle.tlogEntries = [TransparencyLogEntry(
            logIndex: rekor.Payload.logIndex, logID: logID, kind: kind.kind, version: kind.apiVersion,
            integratedTime: rekor.Payload.integratedTime, signedEntryTimestamp: set, canonicalizedBody: body)]
        if let timestamp = annotations[timestampAnnotation], let data = try? JSONValue.decode(TimestampAnnotation.self, from: Array(timestamp.utf8), path: timestampAnnotation),
           let bytes = Base64.decode(data.SignedRFC3161Timestamp) {
            bundle.rfc3161Timestamps = [bytes]
        }
        return bundle
    }

    private struct RekorBundle: Decodable {
        struct Payload: Decodable { var body: String; var integratedTime: Int64; var logIndex: Int64; var logID: String }
        var SignedEntryTimestamp: String
        var Payload: Payload
    }
    private struct BodyHeader: Decodable { var apiVersion: String; var kind: String }
    private struct TimestampAnnotation: Decodable { var SignedRFC3161Timestamp: String }
}

extension Digest {
    /// SHA-256 of no bytes (a placeholder that never matches a real payload).
    static let emptySHA256 = try! Digest(parsing: "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
}
