import Foundation
public import VouchCore
import VouchCrypto
import VouchImage

/// A keyless cosign image signature as cosign stores it in a registry (and Vouch finds it in an OCI layout):
/// a simple-signing payload layer whose annotations carry the signature, the Fulcio certificate and chain
/// (PEM), and the Rekor entry with its signed entry timestamp (`dev.sigstore.cosign/bundle`).
public struct CosignKeylessSignature: Sendable {
    public static let certificateAnnotation = "dev.sigstore.cosign/certificate"
    public static let chainAnnotation = "dev.sigstore.cosign/chain"
    public static let rekorBundleAnnotation = "dev.sigstore.cosign/bundle"
    public static let timestampAnnotation = "dev.sigstore.cosign/rfc3161timestamp"

    /// `tag sha256-<hex>.sig` or `referrer sha256:...`, and the layer's position.
    public var source: String
    public var layer: Int
    public var payload: [UInt8]
    /// The digest the payload names (`critical.image.docker-manifest-digest`), nil when it is not simple signing.
    public var signedDigest: String?
    /// The annotations' contents, or the reason the layer is not a keyless signature.
    public var bundle: Result<SigstoreBundle, KeylessLayerFailure>

    public struct KeylessLayerFailure: Error, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// The image `tag` selects in the layout at `layoutPath`, and every simple-signing layer stored for it
    /// that carries a certificate annotation.
    public static func find(layoutPath: String, tag: String?) throws(VouchError) -> (digest: Digest, signatures: [CosignKeylessSignature]) {
        let layout = try OCILayout.open(layoutPath)
        let digest = try layout.subjectDigest(tag: tag)
        var found: [CosignKeylessSignature] = []
        for artifact in try layout.artifacts(.signature, about: digest) {
            for (index, layer) in artifact.manifest.layers.enumerated() where layer.mediaType == CosignSimpleSigning.layerMediaType {
                let annotations = layer.annotations ?? [:]
                guard let certificate = annotations[certificateAnnotation] else { continue }
                let payload = try layout.readDocumentBlob(layer)
                let bundle = Result { () throws(KeylessLayerFailure) -> SigstoreBundle in
                    try makeBundle(payload: payload, annotations: annotations, certificate: certificate)
                }
                found.append(CosignKeylessSignature(
                    source: artifact.source, layer: index, payload: payload,
                    signedDigest: try? CosignSimpleSigning.signedDigest(parsing: payload), bundle: bundle))
            }
        }
        return (digest, found)
    }

    /// The annotations as a v0.1 Sigstore bundle (certificate chain, Rekor entry with SET, no inclusion proof),
    /// so one verifier checks both forms.
    static func makeBundle(payload: [UInt8], annotations: [String: String], certificate: String) throws(KeylessLayerFailure) -> SigstoreBundle {
        guard let signature = annotations[CosignSimpleSigning.signatureAnnotation].flatMap({ Base64.decode($0) }), !signature.isEmpty else {
            throw KeylessLayerFailure(reason: "annotation \(CosignSimpleSigning.signatureAnnotation) is missing or not base64")
        }
        var certificates: [[UInt8]] = []
        for text in [certificate, annotations[chainAnnotation] ?? ""] {
            for block in text.components(separatedBy: "-----END CERTIFICATE-----") where block.contains("-----BEGIN CERTIFICATE-----") {
                guard let document = try? PEMDocument(parsing: Array((block + "-----END CERTIFICATE-----\n").utf8)), document.label == "CERTIFICATE" else {
                    throw KeylessLayerFailure(reason: "annotation \(certificateAnnotation)/\(chainAnnotation) holds a PEM block that is not a certificate")
                }
                certificates.append(document.body)
            }
        }
        guard !certificates.isEmpty else { throw KeylessLayerFailure(reason: "annotation \(certificateAnnotation) holds no PEM certificate") }
        guard let rekorText = annotations[rekorBundleAnnotation],
              let rekor = try? JSONValue.decode(RekorBundle.self, from: Array(rekorText.utf8), path: rekorBundleAnnotation),
              let set = Base64.decode(rekor.SignedEntryTimestamp), let body = Base64.decode(rekor.Payload.body),
              let logID = Hex.decode(rekor.Payload.logID),
              let kind = try? JSONValue.decode(BodyHeader.self, from: body, path: "Rekor entry body")
        else {
            throw KeylessLayerFailure(reason: "annotation \(rekorBundleAnnotation) is missing or not a Rekor bundle (SignedEntryTimestamp, Payload.body/integratedTime/logIndex/logID)")
        }
        var bundle = SigstoreBundle(publicKeyHint: "", content: .messageSignature(digest: (try? DigestHasher.digest(of: payload)) ?? Digest.emptySHA256, signature: signature))
        bundle.mediaType = "application/vnd.dev.sigstore.bundle+json;version=0.1"
        bundle.version = .v01
        bundle.signer = .certificateChain(certificates)
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
