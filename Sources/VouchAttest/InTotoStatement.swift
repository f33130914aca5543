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
    /// The predicate's JSON text, exactly as it will be (or was) signed: on input, the bytes of the signed
    /// payload between the `predicate` member's first and last byte, never re-serialized, so the gate
    /// evaluates what the signer signed.
    public var predicateJSON: [UInt8]

    /// A v1 Statement. `predicateJSON` must be a JSON object; it is embedded byte for byte (trimmed of
    /// surrounding whitespace), so a signed SBOM keeps its exact bytes.
    public init(subjects: [Subject], predicateType: String, predicateJSON: [UInt8], path: String? = nil) throws(VouchError) {
        let predicate = try JSONValue(parsing: predicateJSON, path: path ?? "")
        guard predicate.kind == .object else {
            throw VouchError(.malformedInput, "the predicate is not a JSON object (found \(predicate.kind))", path: path)
        }
        if predicateType == CosignVulnPredicate.predicateType { try CosignVulnPredicate.check(predicate) }
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

    /// Parses a signed payload (v0.1 or v1) with the strict JSON reader: a repeated member (two
    /// `subject` lists, say) is refused, and a field of the wrong type is an error naming its JSON path.
    /// `path` names the envelope in errors. Throws when it is not a Statement.
    public init(payload: [UInt8], path: String? = nil) throws(VouchError) {
        let document = try JSONValue(parsing: payload, path: path ?? "",
                                     limits: JSONLimits(maxBytes: AttestationLimits.maxEnvelopeBytes, maxBytesName: "maxEnvelopeBytes"))
        guard document.kind == .object else { throw document.error("the payload is not a JSON object (found \(document.kind))") }
        let type = try document.optionalString("_type")
        guard let type, type == Self.typeV1 || type == Self.typeV01 else {
            throw document.error("the payload is not an in-toto Statement v0.1 or v1 (_type is \(type ?? "missing"))", code: .unsupportedInput)
        }
        let subjectValues = try document.member("subject")
            .arrayValue(maxCount: AttestationLimits.maxSubjects, limitName: "maxSubjects", what: "subject count")
        var subjects: [Subject] = []
        subjects.reserveCapacity(subjectValues.count)
        for subject in subjectValues {
            var digests: [String: String] = [:]
            for (algorithm, hex) in try subject.member("digest").stringMap() { digests[algorithm] = hex }
            subjects.append(Subject(name: try subject.optionalString("name") ?? "", digest: digests))
        }
        self.type = type
        self.subjects = subjects
        self.predicateType = try document.string("predicateType")
        // statement.md: the predicate is optional; an absent one is the empty object, a present one must be an object.
        if let predicate = try document.optionalMember("predicate") {
            self.predicateJSON = Array(try predicate.expect(.object).bytes)
        } else {
            self.predicateJSON = Array("{}".utf8)
        }
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0a || byte == 0x0d || byte == 0x09
    }
}

