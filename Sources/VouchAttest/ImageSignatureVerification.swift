public import VouchCore

/// The answer of `vouch verify IMAGE`. The verdict is over the given (trusted) keys: it passes when at
/// least one signature names this image and verifies with one of them, and nothing else failed.
/// Signatures no given key verified are reported, not failing.
public struct ImageSignatureVerification: Sendable, Codable, VerdictReport {
    public var image: String
    public var digest: Digest
    public var signatures: [ImageSignatureCheck]
    public var failures: [CheckFailure]

    public var verdict: Verdict {
        var verdict = Verdict(checksMade: signatures.count + failures.count, failures: failures)
        if !signatures.contains(where: { $0.signature.verified }) {
            verdict.failures.append(CheckFailure(subject: digest.description, reason: "no signature for this image verified with the given keys"))
        }
        return verdict
    }

    public var passed: Bool { verdict.passed }
}

extension ImageSignatureVerification {
    private enum JSONKeys: String, CodingKey { case image, digest, signatures, failures, passed }

    /// The JSON report (Schemas/verify.schema.json) carries the verdict as `passed`, as every Vouch
    /// report does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKeys.self)
        try container.encode(image, forKey: .image)
        try container.encode(digest, forKey: .digest)
        try container.encode(passed, forKey: .passed)
        try container.encode(signatures, forKey: .signatures)
        try container.encode(failures, forKey: .failures)
    }
}
