public import VouchCore
import VouchCrypto

/// The answer for attestations about one subject (a file of envelopes, `.intoto.jsonl` holds one per
/// line, or those stored with an image).
///
/// The verdict is over the trusted keys, as for `verify` and `policy check`: it passes when at least one
/// envelope is signed by a given key and every such envelope passes its Statement checks (subject digest,
/// payload type, and the predicate type asked for). Envelopes no given key signed are reported
/// (``untrusted``), not counted.
public struct AttestationReport: Sendable, Codable, VerdictReport {
    public var attestations: [AttestationVerification]
    /// Failures not tied to one envelope (none found, a stored blob that does not match its descriptor).
    public var failures: [CheckFailure] = []
    /// Positions in ``attestations`` of envelopes that no given key signed: reported, not counted.
    public var untrusted: [Int] = []
    /// The predicate type asked for; trusted envelopes of other types are not this check's business.
    public var expectedPredicateType: String?

    public init(attestations: [AttestationVerification], failures: [CheckFailure] = [], expectedPredicateType: String? = nil) {
        self.attestations = attestations
        self.failures = failures
        self.expectedPredicateType = expectedPredicateType
        untrusted = attestations.indices.filter { !attestations[$0].trusted }
    }

    /// The trusted envelopes the verdict is over (of the predicate type asked for, when one was).
    public var counted: [AttestationVerification] {
        attestations.filter { $0.trusted && (expectedPredicateType == nil || $0.predicateType == expectedPredicateType) }
    }

    public var verdict: Verdict {
        var verdict = Verdict(checksMade: attestations.count + failures.count, failures: failures)
        let counted = counted
        if counted.isEmpty {
            verdict.failures.append(CheckFailure(
                subject: "attestations",
                reason: expectedPredicateType.map { "no attestation of predicate type \($0) is signed by a given key" }
                    ?? "no attestation is signed by a given key"))
        }
        for attestation in counted { verdict.failures += attestation.failures }
        return verdict
    }

    public var passed: Bool { verdict.passed }

    private enum CodingKeys: String, CodingKey { case attestations, failures, untrusted, expectedPredicateType, passed }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(attestations, forKey: .attestations)
        try container.encode(failures, forKey: .failures)
        try container.encode(untrusted, forKey: .untrusted)
        try container.encodeIfPresent(expectedPredicateType, forKey: .expectedPredicateType)
        try container.encode(passed, forKey: .passed)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        attestations = try container.decode([AttestationVerification].self, forKey: .attestations)
        failures = try container.decode([CheckFailure].self, forKey: .failures)
        untrusted = try container.decodeIfPresent([Int].self, forKey: .untrusted) ?? []
        expectedPredicateType = try container.decodeIfPresent(String.self, forKey: .expectedPredicateType)
    }

    /// Verifies each envelope as an attestation about the file at `subjectPath` (digested once).
    public static func verifyFile(
        subjectPath: String, envelopes: [DSSEEnvelope], keys: [VerificationKey], expectedPredicateType: String?
    ) throws(VouchError) -> AttestationReport {
        let digest = try FileDigester().digest(path: subjectPath).digest
        return try verify(envelopes: envelopes, subject: subjectPath, digest: digest, keys: keys, expectedPredicateType: expectedPredicateType)
    }

    /// Verifies each envelope as an attestation about the artifact with `digest`. A failure to verify is
    /// a verdict in the report; a throw means an envelope could not be checked at all.
    public static func verify(
        envelopes: [DSSEEnvelope], subject: String, digest: Digest, keys: [VerificationKey], expectedPredicateType: String?
    ) throws(VouchError) -> AttestationReport {
        var results: [AttestationVerification] = []
        results.reserveCapacity(envelopes.count)
        for envelope in envelopes {
            results.append(try AttestationVerification.verify(
                subject: subject, subjectDigest: digest, envelope: envelope, keys: keys, expectedPredicateType: expectedPredicateType))
        }
        return AttestationReport(attestations: results, expectedPredicateType: expectedPredicateType)
    }
}
