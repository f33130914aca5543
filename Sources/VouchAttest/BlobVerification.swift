public import VouchCore

/// The answer of `vouch verify-blob`.
public struct BlobVerification: Sendable, Codable, VerdictReport {
    public var file: String
    public var signatures: [SignatureCheck]
    public var failures: [CheckFailure]
    public var verdict: Verdict {
        var verdict = Verdict(checksMade: signatures.count + failures.count, failures: failures)
        if !signatures.contains(where: \.verified) {
            verdict.failures.append(CheckFailure(subject: file, reason: "no signature verified with the given keys"))
        }
        return verdict
    }

    public var passed: Bool { verdict.passed }
}
