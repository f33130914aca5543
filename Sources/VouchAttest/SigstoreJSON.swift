import Foundation
public import VouchCore
import VouchCrypto

/// Decoding of the Sigstore JSON documents (bundles, trusted roots) through the one strict JSON reader,
/// ``JSONValue``: grammar, duplicate keys, UTF-8 and the size and depth limits are checked while parsing, and
/// the Decodable models are decoded from its tape (never by Foundation's decoder, which keeps the last of
/// duplicate keys), so an error names the file and the JSON path (`bundle.json: $.verificationMaterial: ...`).
public enum SigstoreJSON {
    /// The deepest nesting a bundle or trusted root needs is 8; 32 leaves room and stops hostile input.
    public static let maxDepth = 32

    /// The limits a Sigstore document is read within: `maxEnvelopeBytes` and ``maxDepth``.
    public static let limits = JSONLimits(maxBytes: AttestationLimits.maxEnvelopeBytes, maxBytesName: "maxEnvelopeBytes", maxJSONDepth: maxDepth)

    /// `T` decoded from `bytes`, the contents of `name` (named in errors).
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], name: String) throws(VouchError) -> T {
        try JSONValue.decode(T.self, from: bytes, path: name, limits: limits)
    }
}

/// A protobuf JSON `int64`/`uint64` (proto3 JSON mapping: a decimal string, numbers also accepted).
public struct ProtoInteger: Sendable, Hashable, Codable {
    public var value: Int64

    public init(_ value: Int64) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            value = number
            return
        }
        let text = try container.decode(String.self)
        guard let number = Int64(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a 64-bit integer")
        }
        value = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(value))
    }
}

/// Protobuf JSON `bytes`: standard or URL-safe base64. Line breaks are skipped, as Go's protojson and Python's
/// decoders skip them (a `base64`-tool encoding wraps at 76 columns); anything else outside the alphabet is an error.
public struct ProtoBytes: Sendable, Hashable, Codable {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        var text = try container.decode(String.self)
        if text.utf8.contains(where: { $0 == 0x0a || $0 == 0x0d }) {
            text = String(decoding: text.utf8.filter { $0 != 0x0a && $0 != 0x0d }, as: UTF8.self)
        }
        guard let bytes = Base64.decode(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not valid base64")
        }
        self.bytes = bytes
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Base64.encode(bytes))
    }
}
