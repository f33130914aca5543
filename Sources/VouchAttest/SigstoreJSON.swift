import Foundation
public import VouchCore
import VouchCrypto
import VouchImage

/// Strict decoding of the Sigstore JSON documents (bundles, trusted roots): ``StrictJSON`` first (grammar,
/// duplicate keys, depth), then Foundation's decoder on the Decodable model, errors naming the field.
public enum SigstoreJSON {
    /// The deepest nesting a bundle or trusted root needs is 8; 32 leaves room and stops hostile input.
    public static let maxDepth = 32

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], name: String, what: String) throws(VouchError) -> T {
        guard bytes.count <= AttestationLimits.maxEnvelopeBytes else {
            throw VouchError.limitExceeded("maxEnvelopeBytes", limit: Int64(AttestationLimits.maxEnvelopeBytes), found: Int64(bytes.count), path: name, what: "\(what) size")
        }
        try StrictJSON.validate(bytes, name: name, maxDepth: maxDepth)
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw VouchError(.malformedInput, "invalid \(what): \(describe(error))", path: name)
        } catch let error as VouchError {
            throw error.attributed(to: name)
        } catch {
            throw VouchError(.malformedInput, "invalid \(what): \(error)", path: name)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "field \(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "field \(path(context.codingPath + [key])): required field is missing"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "document" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
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
