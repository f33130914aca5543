public import VouchCore

/// The answer of `vouch verify IMAGE`: passes when at least one signature names this image and verifies.
public struct ImageSignatureVerification: Sendable, Codable {
    public var image: String
    public var digest: Digest
    public var signatures: [ImageSignatureCheck]
    public var failures: [CheckFailure]
    public var passed: Bool { signatures.contains { $0.signature.verified } }
}
