import Testing
@testable import VouchAttest
import VouchCore

/// Issue 11: every report exposes one ``Verdict``; the CLI maps it to the exit status in one place.
@Suite("one verdict protocol")
struct VerdictProtocolTests {
    static let digest = try! Digest(parsing: "sha256:" + String(repeating: "0", count: 64))

    static func signature(verifiedBy key: String?) -> ImageSignatureCheck {
        ImageSignatureCheck(source: "tag", layer: 0, signedDigest: digest.description, signature: SignatureCheck(index: 0, keyid: "", verifiedBy: key, failures: []))
    }

    @Test("ImageSignatureVerification does not pass with a failure beside a verified signature")
    func signatureVerificationCountsItsFailures() {
        let failing = ImageSignatureVerification(
            image: "img", digest: Self.digest, signatures: [Self.signature(verifiedBy: "release")],
            failures: [CheckFailure(subject: "payload", reason: "tampered")])
        #expect(!failing.passed)
        #expect(failing.verdict.failures.map(\.reason) == ["tampered"])
        let passing = ImageSignatureVerification(image: "img", digest: Self.digest, signatures: [Self.signature(verifiedBy: "release"), Self.signature(verifiedBy: nil)], failures: [])
        // An unverified extra signature is reported in the report, and does not fail it.
        #expect(passing.passed)
    }

    @Test("an attestation report is over the trusted envelopes; untrusted ones are listed, not counted")
    func attestationReportOverTrustedKeys() {
        func attestation(trusted: Bool, failures: [CheckFailure] = []) -> AttestationVerification {
            AttestationVerification(
                subject: "img", subjectDigest: Self.digest, payloadType: "application/vnd.in-toto+json", predicateType: "https://example.com/p",
                statementType: nil, signatures: [SignatureCheck(index: 0, keyid: "", verifiedBy: trusted ? "release" : nil, failures: [])],
                failures: failures, predicate: nil)
        }
        let report = AttestationReport(attestations: [attestation(trusted: true), attestation(trusted: false, failures: [CheckFailure(subject: "subject", reason: "x")])])
        #expect(report.passed)
        #expect(report.untrusted == [1])
        let none = AttestationReport(attestations: [attestation(trusted: false)])
        #expect(!none.passed)
        let badTrusted = AttestationReport(attestations: [attestation(trusted: true, failures: [CheckFailure(subject: "subject", reason: "mismatch")])])
        #expect(!badTrusted.passed)
    }
}
