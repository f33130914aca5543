public import VouchCore
import VouchCrypto

/// The answer for a file of attestations (`.intoto.jsonl` holds one envelope per line): every envelope
/// must verify.
public struct AttestationReport: Sendable, Codable {
    public var attestations: [AttestationVerification]
    /// Failures not tied to one envelope (no attestation found at all).
    public var failures: [CheckFailure] = []
    public var passed: Bool

    public init(attestations: [AttestationVerification], failures: [CheckFailure] = [], passed: Bool) {
        self.attestations = attestations
        self.failures = failures
        self.passed = passed && failures.isEmpty
    }

    /// Verifies each envelope as an attestation about the artifact `subject` whose digest is `digest`
    /// (an image's manifest digest read from a tar).
    public static func verify(
        subject: String, digest: Digest, envelopes: [DSSEEnvelope], keys: [VerificationKey], expectedPredicateType: String?
    ) throws(VouchError) -> AttestationReport {
        var results: [AttestationVerification] = []
        for envelope in envelopes {
            results.append(try AttestationVerification.verify(
                subject: subject, subjectDigest: digest, envelope: envelope, keys: keys, expectedPredicateType: expectedPredicateType))
        }
        return AttestationReport(attestations: results, passed: !results.isEmpty && results.allSatisfy(\.passed))
    }

    /// Verifies each envelope as an attestation about the file at `subjectPath` (digested once).
    public static func verifyFile(
        subjectPath: String, envelopes: [DSSEEnvelope], keys: [VerificationKey], expectedPredicateType: String?
    ) throws(VouchError) -> AttestationReport {
        let digest = try FileDigester().digest(path: subjectPath).digest
        var results: [AttestationVerification] = []
        results.reserveCapacity(envelopes.count)
        for envelope in envelopes {
            results.append(try AttestationVerification.verify(
                subject: subjectPath, subjectDigest: digest, envelope: envelope, keys: keys, expectedPredicateType: expectedPredicateType))
        }
        return AttestationReport(attestations: results, passed: !results.isEmpty && results.allSatisfy(\.passed))
    }
}
