import Foundation
public import VouchCore
public import VouchCrypto

/// A DSSE envelope (secure-systems-lab/dsse, envelope.md): a payload, its type, and signatures over the
/// pre-authentication encoding of both.
public struct DSSEEnvelope: Sendable, Hashable {
    /// The exact signed payload bytes (kept as received; never re-serialized before verification).
    public var payload: [UInt8]
    public var payloadType: String
    public var signatures: [Signature]

    /// One signature: `keyid` is a hint only (DSSE envelope.md, "Signature"), `sig` may be undecodable when
    /// the envelope was tampered with, which verification reports.
    public struct Signature: Sendable, Hashable {
        public var keyid: String
        /// The base64 text as found.
        public var encodedSignature: String
        public var bytes: [UInt8]? { Base64.decode(encodedSignature) }

        public init(keyid: String, signature: [UInt8]) {
            self.keyid = keyid
            self.encodedSignature = Base64.encode(signature)
        }

        public init(keyid: String, encodedSignature: String) {
            self.keyid = keyid
            self.encodedSignature = encodedSignature
        }
    }

    /// The in-toto payload type (in-toto attestation framework, envelope.md).
    public static let inTotoPayloadType = "application/vnd.in-toto+json"

    public init(payload: [UInt8], payloadType: String, signatures: [Signature]) {
        self.payload = payload
        self.payloadType = payloadType
        self.signatures = signatures
    }

    /// DSSE protocol.md, "Signature definition": `PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body)
    /// SP body`, with LEN the ASCII decimal byte count and SP one space.
    public static func preAuthenticationEncoding(payloadType: String, payload: [UInt8]) -> [UInt8] {
        let type = Array(payloadType.utf8)
        return Array("DSSEv1 \(type.count) ".utf8) + type + Array(" \(payload.count) ".utf8) + payload
    }

    /// The bytes every signature of this envelope covers.
    public var preAuthenticationEncoding: [UInt8] { Self.preAuthenticationEncoding(payloadType: payloadType, payload: payload) }

    /// Signs `payload` with `key` and returns the envelope. `keyid` is written into the signature (empty in
    /// Sigstore bundles).
    public static func sign(payload: [UInt8], payloadType: String, key: PrivateKey, scheme: SignatureScheme, keyid: String) throws(VouchError) -> DSSEEnvelope {
        let pae = preAuthenticationEncoding(payloadType: payloadType, payload: payload)
        let signature = try key.sign(.bytes(pae), scheme: scheme)
        return DSSEEnvelope(payload: payload, payloadType: payloadType, signatures: [Signature(keyid: keyid, signature: signature)])
    }

    // MARK: JSON

    /// The envelope as one line of JSON (the `.intoto.jsonl` form): `payload`, `payloadType`, `signatures`
    /// with `keyid` and `sig`, standard base64.
    public var jsonLine: String {
        let signatureText = signatures.map { #"{"keyid":\#(JSONString.quote($0.keyid)),"sig":\#(JSONString.quote($0.encodedSignature))}"# }
        return #"{"payload":"\#(Base64.encode(payload))","payloadType":\#(JSONString.quote(payloadType)),"signatures":[\#(signatureText.joined(separator: ","))]}"#
    }

    /// Parses an envelope with the strict JSON reader (duplicate keys refused, `maxEnvelopeBytes` checked
    /// before parsing). Throws when the text is not an envelope, naming the file and the JSON path of the
    /// field at fault; a signature (`sig`) that is not valid base64 could not be read, an error naming the field.
    public init(json: [UInt8], path: String? = nil) throws(VouchError) {
        let document = try JSONValue(parsing: json, path: path ?? "",
                                     limits: JSONLimits(maxBytes: AttestationLimits.maxEnvelopeBytes, maxBytesName: "maxEnvelopeBytes"))
        try self.init(value: document)
    }

    /// Reads an envelope from a parsed JSON value (a `.intoto.jsonl` line, a bundle's `dsseEnvelope`).
    /// DSSE envelope.md: `payload` (base64), `payloadType`, `signatures[]` with `sig` and optional `keyid`.
    public init(value: JSONValue) throws(VouchError) {
        guard value.kind == .object else { throw value.error("not a DSSE envelope: expected an object, found \(value.kind)") }
        let payloadValue = try value.member("payload")
        let payloadText = try payloadValue.stringValue()
        let payloadType = try value.string("payloadType")
        let signatureValues = try value.member("signatures")
            .arrayValue(maxCount: AttestationLimits.maxSignatures, limitName: "maxSignatures", what: "signature count")
        guard let payload = Base64.decode(payloadText) else {
            throw payloadValue.error("the envelope payload is not valid base64 (truncated or altered)")
        }
        var signatures: [Signature] = []
        for signature in signatureValues {
            let sigValue = try signature.member("sig")
            let encodedSignature = try sigValue.stringValue()
            guard Base64.decode(encodedSignature) != nil else {
                throw sigValue.error("the envelope signature is not valid base64 (truncated or altered)")
            }
            signatures.append(Signature(keyid: try signature.optionalString("keyid") ?? "", encodedSignature: encodedSignature))
        }
        self.payload = payload
        self.payloadType = payloadType
        self.signatures = signatures
    }
}
