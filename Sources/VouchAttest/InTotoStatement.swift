import Foundation
public import VouchCore

/// An in-toto Statement (in-toto attestation framework, spec/v1/statement.md): subjects with digests,
/// a predicate type URI and the predicate.
public struct InTotoStatement: Sendable {
    public static let typeV1 = "https://in-toto.io/Statement/v1"
    /// Still written by older cosign releases; accepted on input.
    public static let typeV01 = "https://in-toto.io/Statement/v0.1"

    public struct Subject: Sendable, Hashable, Codable {
        public var name: String
        /// Algorithm name (`sha256`) to lowercase hex.
        public var digest: [String: String]

        public init(name: String, digest: Digest) {
            self.name = name
            self.digest = [digest.algorithm.name: digest.hex]
        }

        public init(name: String, digest: [String: String]) {
            self.name = name
            self.digest = digest
        }
    }

    public var type: String
    public var subjects: [Subject]
    public var predicateType: String
    /// The predicate's JSON text, exactly as it will be (or was) signed.
    public var predicateJSON: [UInt8]

    /// A v1 Statement. `predicateJSON` must be a JSON object; it is embedded byte for byte (trimmed of
    /// surrounding whitespace), so a signed SBOM keeps its exact bytes.
    public init(subjects: [Subject], predicateType: String, predicateJSON: [UInt8], path: String? = nil) throws(VouchError) {
        guard (try? JSONSerialization.jsonObject(with: Data(predicateJSON))) is [String: Any] else {
            throw VouchError(.malformedInput, "the predicate is not a JSON object", path: path)
        }
        var trimmed = predicateJSON[...]
        while let first = trimmed.first, Self.isJSONWhitespace(first) { trimmed = trimmed.dropFirst() }
        while let last = trimmed.last, Self.isJSONWhitespace(last) { trimmed = trimmed.dropLast() }
        self.type = Self.typeV1
        self.subjects = subjects
        self.predicateType = predicateType
        self.predicateJSON = Array(trimmed)
    }

    /// The payload bytes: compact JSON, fields in the spec's order (`_type`, `subject`, `predicateType`,
    /// `predicate`), subject digests with sorted keys.
    public var payload: [UInt8] {
        let subjectText = subjects.map { subject in
            let digests = subject.digest.keys.sorted().map { "\(JSONString.quote($0)):\(JSONString.quote(subject.digest[$0]!))" }
            return #"{"name":\#(JSONString.quote(subject.name)),"digest":{\#(digests.joined(separator: ","))}}"#
        }
        let head = #"{"_type":\#(JSONString.quote(type)),"subject":[\#(subjectText.joined(separator: ","))],"predicateType":\#(JSONString.quote(predicateType)),"predicate":"#
        return Array(head.utf8) + predicateJSON + Array("}".utf8)
    }

    /// Parses a signed payload (v0.1 or v1). Throws when it is not a Statement.
    public init(payload: [UInt8]) throws(VouchError) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] else {
            throw VouchError(.malformedInput, "the payload is not a JSON object")
        }
        guard let type = object["_type"] as? String, type == Self.typeV1 || type == Self.typeV01 else {
            throw VouchError(.unsupportedInput, "the payload is not an in-toto Statement v0.1 or v1 (_type is \(String(describing: object["_type"] ?? "missing")))")
        }
        guard let subjects = object["subject"] as? [[String: Any]], let predicateType = object["predicateType"] as? String else {
            throw VouchError(.malformedInput, "the Statement needs a 'subject' list and a 'predicateType'")
        }
        guard subjects.count <= AttestationLimits.maxSubjects else {
            throw VouchError.limitExceeded("maxSubjects", limit: Int64(AttestationLimits.maxSubjects), found: Int64(subjects.count), path: nil, what: "subject count")
        }
        self.type = type
        self.subjects = subjects.map { Subject(name: $0["name"] as? String ?? "", digest: $0["digest"] as? [String: String] ?? [:]) }
        self.predicateType = predicateType
        let predicate = object["predicate"] ?? [String: Any]()
        self.predicateJSON = (try? JSONSerialization.data(withJSONObject: predicate, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])).map { [UInt8]($0) } ?? []
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0a || byte == 0x0d || byte == 0x09
    }
}

