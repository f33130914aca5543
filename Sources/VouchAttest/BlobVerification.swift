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

extension BlobVerification {
    private enum JSONKeys: String, CodingKey { case file, signatures, failures, passed }

    /// The JSON report (Schemas/verify-blob.schema.json) carries the verdict as `passed`, as every
    /// Vouch report does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(passed, forKey: .passed)
        try container.encode(signatures, forKey: .signatures)
        try container.encode(failures, forKey: .failures)
    }
}
