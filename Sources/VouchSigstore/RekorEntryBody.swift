import Foundation
import VouchAttest
import VouchCore
import VouchCrypto

/// What a log entry must record: the signature, the signer's certificate or key, and what was signed.
struct SignedMaterial {
    /// The signature bytes (the message signature, or the DSSE envelope's one signature).
    var signature: [UInt8]
    /// The leaf certificate DER, or nil for a key-based bundle.
    var certificateDER: [UInt8]?
    /// The signer's SPKI DER (the certificate's key, or the given key).
    var publicKeySPKI: [UInt8]
    /// For a message signature: the artifact digest. For DSSE: nil.
    var messageDigest: Digest?
    /// For DSSE: the envelope.
    var envelope: DSSEEnvelope?
}

/// Rekor entry bodies (sigstore/rekor `pkg/types`, rekor-tiles `api/proto`): the kinds Sigstore bundles carry,
/// each checked against the bundle's signature, signer and artifact.
enum RekorEntryBody {
    /// The reason `body` does not record `material`, or nil when it does.
    static func mismatch(kind: String, version: String, body: [UInt8], material: SignedMaterial) -> String? {
        // The body is the log's canonicalized JSON, already inside a bundle read within maxEnvelopeBytes; it is
        // still untrusted (the bundle's author chose it), so it goes through the one strict reader.
        func decode<T: Decodable>(_ type: T.Type) throws(VouchError) -> T {
            try SigstoreJSON.decode(type, from: body, name: "Rekor entry body")
        }
        do throws(VouchError) {
            switch (kind, version) {
            case ("hashedrekord", "0.0.1"):
                return hashedRekordV001(try decode(HashedRekordV001.self).spec, material)
            case ("hashedrekord", "0.0.2"):
                return try hashedRekordV002(decode(HashedRekordV002.self).spec.hashedRekordV002, material)
            case ("dsse", "0.0.1"):
                return try dsseV001(decode(DSSEV001.self).spec, material)
            case ("dsse", "0.0.2"):
                return try dsseV002(decode(DSSEV002.self).spec.dsseV002, material)
            case ("intoto", "0.0.2"):
                return try intotoV002(decode(IntotoV002.self).spec.content, material)
            default:
                return "entry kind \(kind) \(version) is not supported (hashedrekord 0.0.1/0.0.2, dsse 0.0.1/0.0.2, intoto 0.0.2 are)"
            }
        } catch {
            return "the canonicalized body is not a \(kind) \(version) entry: \(error)"
        }
    }

    // MARK: Kinds

    private static func hashedRekordV001(_ spec: HashedRekordV001.Spec, _ material: SignedMaterial) -> String? {
        guard let digest = material.messageDigest else { return "a hashedrekord entry records a message signature, the bundle holds a DSSE envelope" }
        guard spec.data.hash.algorithm == digest.algorithm.name, spec.data.hash.value == digest.hex else {
            return "the entry records digest \(spec.data.hash.algorithm):\(spec.data.hash.value), the bundle signs \(digest)"
        }
        guard Base64.decode(spec.signature.content) == material.signature else { return "the entry records another signature" }
        return verifierMismatch(pem: spec.signature.publicKey.content, material)
    }

    private static func hashedRekordV002(_ spec: HashedRekordV002.Inner, _ material: SignedMaterial) throws(VouchError) -> String? {
        let expected: Digest
        if let digest = material.messageDigest {
            expected = digest
        } else if let envelope = material.envelope {
            // rekor-tiles hashedrekord over DSSE: the digest of PAE(payloadType, payload) (rekor-v2 spec 6.1.4).
            expected = try DigestHasher.digest(of: envelope.preAuthenticationEncoding)
        } else {
            return "nothing to compare the entry with"
        }
        guard SigstoreBundle.digestAlgorithm(protobufName: spec.data.algorithm) == expected.algorithm,
              Base64.decode(spec.data.digest) == expected.bytes
        else { return "the entry records digest \(spec.data.algorithm) \(spec.data.digest), the bundle signs \(expected)" }
        guard Base64.decode(spec.signature.content) == material.signature else { return "the entry records another signature" }
        return verifierMismatch(spec.signature.verifier, material)
    }

    private static func dsseV001(_ spec: DSSEV001.Spec, _ material: SignedMaterial) throws(VouchError) -> String? {
        guard let envelope = material.envelope else { return "a dsse entry records an envelope, the bundle holds a message signature" }
        let payloadHash = try DigestHasher.digest(of: envelope.payload)
        guard spec.payloadHash.algorithm == "sha256", spec.payloadHash.value == payloadHash.hex else {
            return "the entry records payload hash \(spec.payloadHash.value), the envelope's payload hashes to \(payloadHash.hex)"
        }
        guard spec.signatures.count == 1, let logged = spec.signatures.first else { return "the entry records \(spec.signatures.count) signatures, the bundle one" }
        guard Base64.decode(logged.signature) == material.signature else { return "the entry records another signature" }
        return verifierMismatch(pem: logged.verifier, material)
    }

    private static func dsseV002(_ spec: DSSEV002.Inner, _ material: SignedMaterial) throws(VouchError) -> String? {
        guard let envelope = material.envelope else { return "a dsse entry records an envelope, the bundle holds a message signature" }
        let payloadHash = try DigestHasher.digest(of: envelope.payload)
        guard spec.payloadHash.algorithm == "SHA2_256", Base64.decode(spec.payloadHash.digest) == payloadHash.bytes else {
            return "the entry records another payload hash"
        }
        guard spec.signatures.count == 1, let logged = spec.signatures.first else { return "the entry records \(spec.signatures.count) signatures, the bundle one" }
        guard Base64.decode(logged.content) == material.signature else { return "the entry records another signature" }
        return verifierMismatch(logged.verifier, material)
    }

    private static func intotoV002(_ content: IntotoV002.Content, _ material: SignedMaterial) throws(VouchError) -> String? {
        guard let envelope = material.envelope else { return "an intoto entry records an envelope, the bundle holds a message signature" }
        // intoto v0.0.2 stores the envelope's base64 fields base64-encoded once more.
        guard content.envelope.payloadType == envelope.payloadType else { return "the entry records payload type \(content.envelope.payloadType)" }
        if let payload = content.envelope.payload {
            guard Base64.decode(payload).flatMap({ Base64.decode(String(decoding: $0, as: UTF8.self)) }) == envelope.payload else {
                return "the entry records another payload"
            }
        }
        let payloadHash = try DigestHasher.digest(of: envelope.payload)
        guard content.payloadHash.algorithm == "sha256", content.payloadHash.value == payloadHash.hex else {
            return "the entry records payload hash \(content.payloadHash.value), the envelope's payload hashes to \(payloadHash.hex)"
        }
        guard content.envelope.signatures.count == 1, let logged = content.envelope.signatures.first else {
            return "the entry records \(content.envelope.signatures.count) signatures, the bundle one"
        }
        guard Base64.decode(logged.sig).flatMap({ Base64.decode(String(decoding: $0, as: UTF8.self)) }) == material.signature else {
            return "the entry records another signature"
        }
        return verifierMismatch(pem: logged.publicKey, material)
    }

    // MARK: Verifiers

    /// A v1 verifier: base64 of a PEM certificate or public key.
    private static func verifierMismatch(pem base64: String, _ material: SignedMaterial) -> String? {
        guard let pem = Base64.decode(base64), let document = try? PEMDocument(parsing: pem) else {
            return "the entry's verifier is not a base64 PEM certificate or key"
        }
        switch document.label {
        case "CERTIFICATE":
            guard let expected = material.certificateDER else { return "the entry records a certificate, the bundle is signed with a key" }
            return document.body == expected ? nil : "the entry records another certificate"
        case "PUBLIC KEY":
            return document.body == material.publicKeySPKI ? nil : "the entry records another public key"
        default:
            return "the entry's verifier is a PEM '\(document.label)'"
        }
    }

    /// A v2 verifier: `x509Certificate.rawBytes` or `publicKey.rawBytes`.
    private static func verifierMismatch(_ verifier: Verifier, _ material: SignedMaterial) -> String? {
        if let certificate = verifier.x509Certificate {
            guard let expected = material.certificateDER else { return "the entry records a certificate, the bundle is signed with a key" }
            return Base64.decode(certificate.rawBytes) == expected ? nil : "the entry records another certificate"
        }
        if let key = verifier.publicKey {
            return Base64.decode(key.rawBytes) == material.publicKeySPKI ? nil : "the entry records another public key"
        }
        return "the entry names no verifier"
    }

    // MARK: Shapes

    private struct Verifier: Decodable {
        struct Raw: Decodable { var rawBytes: String }
        var x509Certificate: Raw?
        var publicKey: Raw?
    }
    private struct HashedRekordV001: Decodable {
        struct Spec: Decodable {
            struct DataField: Decodable { struct Hash: Decodable { var algorithm: String; var value: String }; var hash: Hash }
            struct SignatureField: Decodable { struct Key: Decodable { var content: String }; var content: String; var publicKey: Key }
            var data: DataField
            var signature: SignatureField
        }
        var spec: Spec
    }
    private struct HashedRekordV002: Decodable {
        struct Inner: Decodable {
            struct DataField: Decodable { var algorithm: String; var digest: String }
            struct SignatureField: Decodable { var content: String; var verifier: Verifier }
            var data: DataField
            var signature: SignatureField
        }
        struct Spec: Decodable { var hashedRekordV002: Inner }
        var spec: Spec
    }
    private struct HexHash: Decodable { var algorithm: String; var value: String }
    private struct DSSEV001: Decodable {
        struct Spec: Decodable {
            struct Signature: Decodable { var signature: String; var verifier: String }
            var payloadHash: HexHash
            var signatures: [Signature]
        }
        var spec: Spec
    }
    private struct DSSEV002: Decodable {
        struct Inner: Decodable {
            struct Hash: Decodable { var algorithm: String; var digest: String }
            struct Signature: Decodable { var content: String; var verifier: Verifier }
            var payloadHash: Hash
            var signatures: [Signature]
        }
        struct Spec: Decodable { var dsseV002: Inner }
        var spec: Spec
    }
    private struct IntotoV002: Decodable {
        struct Content: Decodable {
            struct Envelope: Decodable {
                struct Signature: Decodable { var sig: String; var publicKey: String }
                var payload: String?
                var payloadType: String
                var signatures: [Signature]
            }
            var envelope: Envelope
            var payloadHash: HexHash
        }
        struct Spec: Decodable { var content: Content }
        var spec: Spec
    }
}
