public import VouchCore

/// The answer of `vouch verify-blob`.
public struct BlobVerification: Sendable, Codable {
    public var file: String
    public var signatures: [SignatureCheck]
    public var failures: [CheckFailure]
    public var passed: Bool { signatures.contains(where: \.verified) && failures.isEmpty }
}
