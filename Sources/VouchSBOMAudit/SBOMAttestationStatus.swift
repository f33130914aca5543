import Foundation
public import VouchCore
public import VouchAttest

/// Whether a signed attestation vouches for the SBOM an auditor holds, for `vouch sbom report
/// --attestation F --key K`: each envelope verified by the one attestation verifier
/// (``AttestationVerification``) against the subject its Statement names, and its predicate compared with
/// the SBOM file as JSON (same members and values, member order aside: `vouch attest` and cosign may
/// re-serialize the predicate).
///
/// It passes when some envelope is signed by a given key, its Statement checks pass, and its predicate is
/// this SBOM. Given the image's digest (`--image`), the Statement must name it; without one the subject
/// digest is reported, not checked against an artifact.
public struct SBOMAttestationStatus: VerdictReport, Sendable, Encodable {
    public struct Envelope: Sendable, Encodable {
        /// The key that verified a signature, for each signature that verified.
        public var signedBy: [String]
        public var predicateType: String?
        /// `sha256:...` of each Statement subject, with its name.
        public var subjects: [String]
        /// True when the predicate is this SBOM.
        public var predicateMatches: Bool
        /// Statement and signature failures (from the verifier), and a predicate that is another document.
        public var problems: [String]

        public var passed: Bool { !signedBy.isEmpty && problems.isEmpty && predicateMatches }
    }

    public var attestation: String
    public var keys: [String]
    public var envelopes: [Envelope]

    public var passed: Bool { envelopes.contains(where: \.passed) }

    public var verdict: Verdict {
        var verdict = Verdict(checksMade: envelopes.count)
        if !passed {
            let reasons = envelopes.flatMap(\.problems)
            verdict.failures.append(CheckFailure(subject: attestation, reason: reasons.isEmpty ? "no envelope verified" : reasons.joined(separator: "; ")))
        }
        return verdict
    }

    enum CodingKeys: String, CodingKey { case attestation, keys, passed, envelopes }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(attestation, forKey: .attestation)
        try container.encode(keys, forKey: .keys)
        try container.encode(passed, forKey: .passed)
        try container.encode(envelopes, forKey: .envelopes)
    }

    /// Verifies `envelopes` (read from `attestationPath`) with `keys` and compares each predicate with `sbom`.
    /// Throws only when the SBOM is not JSON or an envelope could not be checked at all.
    public static func verify(envelopes: [DSSEEnvelope], attestationPath: String, keys: [VerificationKey],
                              sbom: [UInt8], sbomPath: String, imageDigest: Digest? = nil) throws(VouchError) -> SBOMAttestationStatus {
        let document = try JSONValue(parsing: sbom, path: sbomPath)
        var results: [Envelope] = []
        for envelope in envelopes {
            guard envelope.payloadType == DSSEEnvelope.inTotoPayloadType,
                  let statement = try? InTotoStatement(payload: envelope.payload, path: attestationPath) else {
                // The verifier names the problem (payload type, unparsable Statement): ask it with any digest.
                let any = try Digest(algorithm: .sha256, bytes: [UInt8](repeating: 0, count: 32))
                let verification = try AttestationVerification.verify(subject: sbomPath, subjectDigest: any, envelope: envelope, keys: keys, expectedPredicateType: nil)
                results.append(Envelope(signedBy: verification.signatures.compactMap(\.verifiedBy), predicateType: nil, subjects: [],
                                        predicateMatches: false, problems: verification.failures.filter { $0.subject != "subject" }.map(\.description)))
                continue
            }
            let subjects = statement.subjects.map { subject in
                let digest = subject.digest["sha256"].map { "sha256:\($0)" } ?? subject.digest.map { "\($0.key):\($0.value)" }.sorted().joined(separator: ",")
                return subject.name.isEmpty ? digest : "\(subject.name) \(digest)"
            }
            let named = statement.subjects.compactMap { $0.digest["sha256"] }.first
            var digest = try Digest(algorithm: .sha256, bytes: [UInt8](repeating: 0, count: 32))
            if let imageDigest {
                digest = imageDigest
            } else if let named, let parsed = try? Digest(parsing: "sha256:\(named.lowercased())") {
                digest = parsed
            }
            let verification = try AttestationVerification.verify(subject: sbomPath, subjectDigest: digest, envelope: envelope, keys: keys, expectedPredicateType: nil)
            var problems = verification.failures.map(\.description)
            if named == nil, imageDigest == nil { problems.append("the Statement names no sha256 subject") }
            if verification.signatures.allSatisfy({ !$0.verified }) { problems.append("no signature verified with the given keys") }
            let predicate = try? JSONValue(parsing: statement.predicateJSON, path: attestationPath)
            let matches = predicate.map { JSONEquality.equal($0, document) } ?? false
            if !matches { problems.append("the attested predicate is not this SBOM (\(sbomPath))") }
            results.append(Envelope(signedBy: verification.signatures.compactMap(\.verifiedBy), predicateType: statement.predicateType,
                                    subjects: subjects, predicateMatches: matches, problems: problems))
        }
        return SBOMAttestationStatus(attestation: attestationPath, keys: keys.map(\.name), envelopes: results)
    }
}

/// JSON values equal as data (RFC 8259): same kind, strings and numbers equal (numbers by value), arrays
/// element by element, objects with the same member names and equal values whatever their order.
enum JSONEquality {
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        guard a.kind == b.kind else { return false }
        switch a.kind {
        case .string: return a.string == b.string
        case .number: return a.numberText == b.numberText || (a.number != nil && a.number == b.number)
        case .array:
            guard let left = a.array, let right = b.array, left.count == right.count else { return false }
            return zip(left, right).allSatisfy { equal($0, $1) }
        case .object:
            guard let left = a.members, let right = b.members, left.count == right.count else { return false }
            var byName: [String: JSONValue] = [:]
            for member in right { byName[member.key] = member.value }
            return left.allSatisfy { member in byName[member.key].map { equal(member.value, $0) } ?? false }
        default: return a.bytes.elementsEqual(b.bytes) || a.bool == b.bool && a.isNull == b.isNull
        }
    }
}
