import Foundation
public import VouchCore
import VouchCrypto

/// A Sigstore bundle v0.3 (sigstore/protobuf-specs, `dev.sigstore.bundle.v1.Bundle`, media type
/// `application/vnd.dev.sigstore.bundle.v0.3+json`) for key-based signing: the verification material is a
/// public-key hint and an explicitly empty `tlogEntries` list. No transparency log is used or pretended.
public struct SigstoreBundle: Sendable {
    public static let mediaTypeV03 = "application/vnd.dev.sigstore.bundle.v0.3+json"

    public enum Content: Sendable {
        /// `messageSignature`: a signature over the artifact, with its digest.
        case messageSignature(digest: Digest, signature: [UInt8])
        /// `dsseEnvelope`: an attestation.
        case dsseEnvelope(DSSEEnvelope)
    }

    public var mediaType: String
    /// `verificationMaterial.publicKey.hint`: base64 SHA-256 of the signer's SPKI, as cosign writes it.
    public var publicKeyHint: String
    /// How many transparency-log entries the bundle carried (Vouch writes none and checks none).
    public var tlogEntryCount: Int
    public var content: Content

    public init(publicKeyHint: String, content: Content) {
        self.mediaType = Self.mediaTypeV03
        self.publicKeyHint = publicKeyHint
        self.tlogEntryCount = 0
        self.content = content
    }

    /// The protobuf-JSON text, fields in the message's declaration order, as cosign writes it.
    public var json: String {
        let material = #""verificationMaterial":{"publicKey":{"hint":\#(JSONString.quote(publicKeyHint))},"tlogEntries":[]}"#
        let body: String
        switch content {
        case .messageSignature(let digest, let signature):
            body = #""messageSignature":{"messageDigest":{"algorithm":"\#(Self.protobufAlgorithm(digest.algorithm))","digest":"\#(Base64.encode(digest.bytes))"},"signature":"\#(Base64.encode(signature))"}"#
        case .dsseEnvelope(let envelope):
            let signatures = envelope.signatures.map { #"{"sig":\#(JSONString.quote($0.encodedSignature)),"keyid":\#(JSONString.quote($0.keyid))}"# }
            body = #""dsseEnvelope":{"payload":"\#(Base64.encode(envelope.payload))","payloadType":\#(JSONString.quote(envelope.payloadType)),"signatures":[\#(signatures.joined(separator: ","))]}"#
        }
        return #"{"mediaType":\#(JSONString.quote(mediaType)),\#(material),\#(body)}"# + "\n"
    }

    /// Parses a bundle (v0.1 to v0.3 media types). Throws when the text is not a bundle.
    public init(json: [UInt8], path: String? = nil) throws(VouchError) {
        guard json.count <= AttestationLimits.maxEnvelopeBytes else {
            throw VouchError.limitExceeded("maxEnvelopeBytes", limit: Int64(AttestationLimits.maxEnvelopeBytes), found: Int64(json.count), path: path, what: "bundle size")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json))) as? [String: Any],
              let mediaType = object["mediaType"] as? String, mediaType.hasPrefix("application/vnd.dev.sigstore.bundle")
        else {
            throw VouchError(.malformedInput, "not a Sigstore bundle: no 'mediaType' application/vnd.dev.sigstore.bundle...", path: path)
        }
        self.mediaType = mediaType
        let material = object["verificationMaterial"] as? [String: Any] ?? [:]
        publicKeyHint = (material["publicKey"] as? [String: Any])?["hint"] as? String ?? ""
        tlogEntryCount = (material["tlogEntries"] as? [Any])?.count ?? 0
        if let message = object["messageSignature"] as? [String: Any] {
            guard let digestObject = message["messageDigest"] as? [String: Any],
                  let algorithmName = digestObject["algorithm"] as? String, let digestText = digestObject["digest"] as? String,
                  let signatureText = message["signature"] as? String
            else {
                throw VouchError(.malformedInput, "bundle messageSignature needs messageDigest.algorithm, messageDigest.digest and signature", path: path)
            }
            guard let algorithm = Self.digestAlgorithm(protobufName: algorithmName) else {
                throw VouchError(.unsupportedInput, "bundle digest algorithm \(algorithmName) is not supported", path: path)
            }
            guard let digestBytes = Base64.decode(digestText), let digest = try? Digest(algorithm: algorithm, bytes: digestBytes) else {
                throw VouchError(.malformedInput, "bundle messageDigest.digest is not a base64 \(algorithm) digest", path: path)
            }
            guard let signature = Base64.decode(signatureText), !signature.isEmpty else {
                throw VouchError(.malformedInput, "bundle messageSignature.signature is not valid base64 (truncated or altered)", path: path)
            }
            content = .messageSignature(digest: digest, signature: signature)
        } else if let envelope = object["dsseEnvelope"] as? [String: Any] {
            content = .dsseEnvelope(try DSSEEnvelope(object: envelope, path: path))
        } else {
            throw VouchError(.malformedInput, "bundle has neither messageSignature nor dsseEnvelope", path: path)
        }
    }

    static func protobufAlgorithm(_ algorithm: DigestAlgorithm) -> String { algorithm.sigstoreName }

    static func digestAlgorithm(protobufName: String) -> DigestAlgorithm? {
        switch protobufName {
        case "SHA2_256": .sha256
        case "SHA2_384": .sha384
        case "SHA2_512": .sha512
        default: nil
        }
    }
}
