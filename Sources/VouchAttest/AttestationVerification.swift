public import VouchCore
import VouchCrypto

/// The answer of `vouch verify-attestation`: each signature checked, and the Statement checks (payload
/// type, subject digest binding, predicate type). A value, not an error: the CLI maps it to exit codes.
public struct AttestationVerification: Sendable, Codable, VerdictReport {
    public var subject: String
    public var subjectDigest: Digest
    public var payloadType: String
    /// The Statement's predicate type, when the payload parsed.
    public var predicateType: String?
    public var statementType: String?
    public var signatures: [SignatureCheck]
    /// Statement-level failures.
    public var failures: [CheckFailure]
    /// The predicate JSON (pretty printed), for `--print-predicate`.
    public var predicate: String?

    /// True when at least one signature verified with a given key.
    public var trusted: Bool { signatures.contains(where: \.verified) }

    /// Fails when no given key verified a signature, or a Statement check failed.
    public var verdict: Verdict {
        var verdict = Verdict(checksMade: 1 + signatures.count, failures: failures)
        if !trusted { verdict.failures.insert(CheckFailure(subject: "signatures", reason: "no signature verified with the given keys"), at: 0) }
        return verdict
    }

    /// True when at least one signature verified and every Statement check passed.
    public var passed: Bool { verdict.passed }

    /// Verifies `envelope` as an attestation about the file at `subjectPath`.
    public static func verifyFile(
        subjectPath: String, envelope: DSSEEnvelope, keys: [VerificationKey], expectedPredicateType: String?
    ) throws(VouchError) -> AttestationVerification {
        let digest = try FileDigester().digest(path: subjectPath).digest
        return try verify(subject: subjectPath, subjectDigest: digest, envelope: envelope, keys: keys, expectedPredicateType: expectedPredicateType)
    }

    /// Verifies `envelope` as an attestation about the artifact with `subjectDigest`.
    public static func verify(
        subject: String, subjectDigest: Digest, envelope: DSSEEnvelope, keys: [VerificationKey], expectedPredicateType: String?
    ) throws(VouchError) -> AttestationVerification {
        var result = AttestationVerification(
            subject: subject, subjectDigest: subjectDigest, payloadType: envelope.payloadType, predicateType: nil,
            statementType: nil, signatures: try envelope.checkSignatures(with: keys), failures: [], predicate: nil)
        if result.signatures.isEmpty {
            result.failures.append(CheckFailure(subject: "envelope", reason: "the envelope has no signatures"))
        }
        guard envelope.payloadType == DSSEEnvelope.inTotoPayloadType else {
            result.failures.append(CheckFailure(subject: "payloadType", reason: "not an in-toto payload type", expected: DSSEEnvelope.inTotoPayloadType, actual: envelope.payloadType))
            return result
        }
        let statement: InTotoStatement
        do throws(VouchError) {
            statement = try InTotoStatement(payload: envelope.payload)
        } catch {
            result.failures.append(CheckFailure(subject: "payload", reason: error.reason))
            return result
        }
        result.statementType = statement.type
        result.predicateType = statement.predicateType
        result.predicate = String(decoding: statement.predicateJSON, as: UTF8.self)
        let algorithm = subjectDigest.algorithm.name
        if !statement.subjects.contains(where: { $0.digest[algorithm]?.lowercased() == subjectDigest.hex }) {
            let named = statement.subjects.compactMap { $0.digest[algorithm] }.map { "\(algorithm):\($0)" }.joined(separator: ", ")
            result.failures.append(CheckFailure(
                subject: "subject", reason: "subject digest mismatch: the attestation is about another artifact",
                expected: subjectDigest.description, actual: named.isEmpty ? "no \(algorithm) subject" : named))
        }
        if let expectedPredicateType, statement.predicateType != expectedPredicateType {
            result.failures.append(CheckFailure(subject: "predicateType", reason: "predicate type mismatch", expected: expectedPredicateType, actual: statement.predicateType))
        }
        return result
    }
}

extension AttestationVerification {
    private enum JSONKeys: String, CodingKey {
        case subject, subjectDigest, payloadType, predicateType, statementType, signatures, failures, predicate
    }

    /// The JSON report (Schemas/verify-attestation.schema.json): with `--print-predicate` the predicate
    /// is the JSON value itself, not a string holding escaped JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKeys.self)
        try container.encode(subject, forKey: .subject)
        try container.encode(subjectDigest, forKey: .subjectDigest)
        try container.encode(payloadType, forKey: .payloadType)
        try container.encodeIfPresent(predicateType, forKey: .predicateType)
        try container.encodeIfPresent(statementType, forKey: .statementType)
        try container.encode(signatures, forKey: .signatures)
        try container.encode(failures, forKey: .failures)
        if let predicate {
            try container.encode(EncodableJSON(try JSONValue(parsing: Array(predicate.utf8), path: "predicate")), forKey: .predicate)
        }
    }
}

/// A JSON value read by the strict reader, written back through an `Encoder`.
struct EncodableJSON: Encodable {
    let value: JSONValue

    init(_ value: JSONValue) { self.value = value }

    private struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        switch value.kind {
        case .object:
            var container = encoder.container(keyedBy: Key.self)
            for (key, member) in value.members ?? [] { try container.encode(EncodableJSON(member), forKey: Key(stringValue: key)) }
        case .array:
            var container = encoder.unkeyedContainer()
            for element in value.array ?? [] { try container.encode(EncodableJSON(element)) }
        case .string:
            var container = encoder.singleValueContainer()
            try container.encode(value.string ?? "")
        case .number:
            var container = encoder.singleValueContainer()
            if let integer = Int64(value.numberText) { try container.encode(integer) } else { try container.encode(value.number ?? 0) }
        case .bool:
            var container = encoder.singleValueContainer()
            try container.encode(value.bool ?? false)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        }
    }
}
