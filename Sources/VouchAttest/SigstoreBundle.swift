import Foundation
public import VouchCore
import VouchCrypto

/// A Sigstore bundle (sigstore/protobuf-specs `dev.sigstore.bundle.v1.Bundle`), media types v0.1 to v0.3:
/// the signature (`messageSignature` or `dsseEnvelope`) and its verification material (a public-key hint,
/// an X.509 certificate chain or a single certificate, transparency-log entries, RFC 3161 timestamps).
///
/// Vouch writes key-based v0.3 bundles with a public-key hint and an explicitly empty `tlogEntries` list: no
/// transparency log is used or pretended. It reads every form; verification is in `VouchSigstore`.
public struct SigstoreBundle: Sendable {
    public static let mediaTypeV03 = "application/vnd.dev.sigstore.bundle.v0.3+json"

    /// The bundle format versions (protobuf-specs `bundle.proto`, "mediaType").
    public enum Version: String, Sendable, Comparable {
        case v01 = "0.1", v02 = "0.2", v03 = "0.3"

        /// `application/vnd.dev.sigstore.bundle+json;version=0.N` and the v0.3 form `...bundle.v0.3+json`.
        public init?(mediaType: String) {
            switch mediaType {
            case "application/vnd.dev.sigstore.bundle+json;version=0.1": self = .v01
            case "application/vnd.dev.sigstore.bundle+json;version=0.2": self = .v02
            case "application/vnd.dev.sigstore.bundle+json;version=0.3", SigstoreBundle.mediaTypeV03: self = .v03
            default: return nil
            }
        }

        public static func < (lhs: Version, rhs: Version) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public enum Content: Sendable {
        /// `messageSignature`: a signature over the artifact, with its digest.
        case messageSignature(digest: Digest, signature: [UInt8])
        /// `dsseEnvelope`: an attestation.
        case dsseEnvelope(DSSEEnvelope)
    }

    /// How the signer is identified (`verificationMaterial.content`).
    public enum Signer: Sendable, Hashable {
        /// `publicKey.hint`: base64 SHA-256 of the signer's SPKI, as cosign writes it.
        case publicKey(hint: String)
        /// `x509CertificateChain.certificates` (v0.1, v0.2), leaf first, DER.
        case certificateChain([[UInt8]])
        /// `certificate` (v0.3): the leaf alone, DER.
        case certificate([UInt8])
    }

    public var mediaType: String
    public var version: Version
    public var signer: Signer
    public var tlogEntries: [TransparencyLogEntry]
    /// `timestampVerificationData.rfc3161Timestamps[].signedTimestamp`: DER `TimeStampResp` each.
    public var rfc3161Timestamps: [[UInt8]]
    public var content: Content

    /// `verificationMaterial.publicKey.hint`, empty for certificate bundles.
    public var publicKeyHint: String {
        if case .publicKey(let hint) = signer { return hint }
        return ""
    }

    /// How many transparency-log entries the bundle carried.
    public var tlogEntryCount: Int { tlogEntries.count }

    /// The DER certificates the bundle carries, leaf first (empty for a key-based bundle).
    public var certificates: [[UInt8]] {
        switch signer {
        case .publicKey: []
        case .certificateChain(let chain): chain
        case .certificate(let leaf): [leaf]
        }
    }

    public init(publicKeyHint: String, content: Content) {
        self.mediaType = Self.mediaTypeV03
        self.version = .v03
        self.signer = .publicKey(hint: publicKeyHint)
        self.tlogEntries = []
        self.rfc3161Timestamps = []
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

    /// Parses a bundle (v0.1 to v0.3 media types). Throws, naming `path` and the field, when the text is not a
    /// well-formed bundle (a signature that is not valid base64 included).
    public init(json: [UInt8], path: String? = nil) throws(VouchError) {
        let name = path ?? "bundle"
        let document = try SigstoreJSON.decode(BundleDocument.self, from: json, name: name)
        func malformed(_ reason: String) -> VouchError { VouchError(.malformedInput, reason, path: name) }
        guard document.mediaType.hasPrefix("application/vnd.dev.sigstore.bundle") else {
            throw malformed("not a Sigstore bundle: field mediaType is '\(document.mediaType)', not application/vnd.dev.sigstore.bundle...")
        }
        guard let version = Version(mediaType: document.mediaType) else {
            throw VouchError(.unsupportedInput, "field mediaType: bundle version '\(document.mediaType)' is not supported (v0.1, v0.2, v0.3 are)", path: name)
        }
        self.mediaType = document.mediaType
        self.version = version
        let material = document.verificationMaterial
        let forms = [material.publicKey != nil, material.x509CertificateChain != nil, material.certificate != nil].filter { $0 }.count
        guard forms == 1 else {
            throw malformed("field verificationMaterial: needs exactly one of publicKey, x509CertificateChain, certificate (found \(forms))")
        }
        if let key = material.publicKey {
            signer = .publicKey(hint: key.hint ?? "")
        } else if let chain = material.x509CertificateChain {
            guard !chain.certificates.isEmpty else { throw malformed("field verificationMaterial.x509CertificateChain.certificates is empty") }
            signer = .certificateChain(chain.certificates.map(\.rawBytes.bytes))
        } else if let leaf = material.certificate {
            signer = .certificate(leaf.rawBytes.bytes)
        } else {
            throw malformed("field verificationMaterial has no signer")
        }
        tlogEntries = material.tlogEntries ?? []
        for (index, entry) in tlogEntries.enumerated() where entry.logIndex.value < 0 {
            throw malformed("field verificationMaterial.tlogEntries[\(index)].logIndex is negative (\(entry.logIndex.value))")
        }
        rfc3161Timestamps = material.timestampVerificationData?.rfc3161Timestamps?.map(\.signedTimestamp.bytes) ?? []
        if let message = document.messageSignature, document.dsseEnvelope == nil {
            guard let digestObject = message.messageDigest else { throw malformed("field messageSignature.messageDigest is missing") }
            guard let algorithm = Self.digestAlgorithm(protobufName: digestObject.algorithm) else {
                throw VouchError(.unsupportedInput, "field messageSignature.messageDigest.algorithm: \(digestObject.algorithm) is not supported", path: name)
            }
            guard let digestBytes = Base64.decode(digestObject.digest), let digest = try? Digest(algorithm: algorithm, bytes: digestBytes) else {
                throw malformed("field messageSignature.messageDigest.digest is not a base64 \(algorithm) digest")
            }
            // A signature that is not base64 cannot be read at all: "could not read" (exit 2), as for a
            // detached signature file and a DSSE payload.
            guard let signature = Base64.decode(message.signature, ignoringLineBreaks: true), !signature.isEmpty else {
                throw malformed("bundle messageSignature.signature is not valid base64")
            }
            content = .messageSignature(digest: digest, signature: signature)
        } else if let envelope = document.dsseEnvelope, document.messageSignature == nil {
            guard let payload = Base64.decode(envelope.payload) else { throw malformed("field dsseEnvelope.payload is not valid base64") }
            guard envelope.signatures.count <= AttestationLimits.maxSignatures else {
                throw VouchError.limitExceeded("maxSignatures", limit: Int64(AttestationLimits.maxSignatures), found: Int64(envelope.signatures.count), path: name, what: "signature count")
            }
            content = .dsseEnvelope(DSSEEnvelope(
                payload: payload, payloadType: envelope.payloadType,
                signatures: envelope.signatures.map { DSSEEnvelope.Signature(keyid: $0.keyid ?? "", encodedSignature: $0.sig) }))
        } else {
            throw malformed("needs exactly one of fields messageSignature and dsseEnvelope")
        }
    }

    static func protobufAlgorithm(_ algorithm: DigestAlgorithm) -> String { algorithm.sigstoreName }

    /// protobuf-specs `HashAlgorithm` names.
    public static func digestAlgorithm(protobufName: String) -> DigestAlgorithm? {
        switch protobufName {
        case "SHA2_256": .sha256
        case "SHA2_384": .sha384
        case "SHA2_512": .sha512
        default: nil
        }
    }
}

/// One transparency-log entry of a bundle (protobuf-specs `rekor.proto` `TransparencyLogEntry`).
public struct TransparencyLogEntry: Sendable, Hashable, Codable {
    public struct LogID: Sendable, Hashable, Codable { public var keyId: ProtoBytes }
    public struct KindVersion: Sendable, Hashable, Codable { public var kind: String; public var version: String }
    public struct InclusionPromise: Sendable, Hashable, Codable { public var signedEntryTimestamp: ProtoBytes }
    public struct Checkpoint: Sendable, Hashable, Codable { public var envelope: String }
    public struct InclusionProof: Sendable, Hashable, Codable {
        public var logIndex: ProtoInteger
        public var rootHash: ProtoBytes
        public var treeSize: ProtoInteger
        public var hashes: [ProtoBytes]
        public var checkpoint: Checkpoint?
    }

    public var logIndex: ProtoInteger
    public var logId: LogID
    public var kindVersion: KindVersion
    /// Rekor v1's integrated time (Unix seconds); absent or 0 for Rekor v2.
    public var integratedTime: ProtoInteger?
    public var inclusionPromise: InclusionPromise?
    public var inclusionProof: InclusionProof?
    /// The exact entry body the log stored (and hashed into its Merkle tree).
    public var canonicalizedBody: ProtoBytes

    /// A Rekor v1 entry known by its SET only (cosign's `dev.sigstore.cosign/bundle` annotation).
    public init(logIndex: Int64, logID: [UInt8], kind: String, version: String, integratedTime: Int64, signedEntryTimestamp: [UInt8], canonicalizedBody: [UInt8]) {
        self.logIndex = ProtoInteger(logIndex)
        self.logId = LogID(keyId: ProtoBytes(logID))
        self.kindVersion = KindVersion(kind: kind, version: version)
        self.integratedTime = ProtoInteger(integratedTime)
        self.inclusionPromise = InclusionPromise(signedEntryTimestamp: ProtoBytes(signedEntryTimestamp))
        self.inclusionProof = nil
        self.canonicalizedBody = ProtoBytes(canonicalizedBody)
    }
}

/// The JSON shape of a bundle, decoded strictly before ``SigstoreBundle`` is built from it.
private struct BundleDocument: Decodable {
    struct Material: Decodable {
        struct PublicKeyHint: Decodable { var hint: String? }
        struct RawCertificate: Decodable { var rawBytes: ProtoBytes }
        struct Chain: Decodable { var certificates: [RawCertificate] }
        struct TimestampData: Decodable {
            struct Signed: Decodable { var signedTimestamp: ProtoBytes }
            var rfc3161Timestamps: [Signed]?
        }
        var publicKey: PublicKeyHint?
        var x509CertificateChain: Chain?
        var certificate: RawCertificate?
        var tlogEntries: [TransparencyLogEntry]?
        var timestampVerificationData: TimestampData?
    }
    struct Message: Decodable {
        struct MessageDigest: Decodable { var algorithm: String; var digest: String }
        var messageDigest: MessageDigest?
        var signature: String
    }
    struct Envelope: Decodable {
        struct Signature: Decodable { var sig: String; var keyid: String? }
        var payload: String
        var payloadType: String
        var signatures: [Signature]
    }
    var mediaType: String
    var verificationMaterial: Material
    var messageSignature: Message?
    var dsseEnvelope: Envelope?
}
