public import VouchCore

/// The answer of `vouch verify IMAGE`: passes when at least one signature names this image and verifies.
public struct ImageSignatureVerification: Sendable, Codable {
    public var image: String
    public var digest: Digest
    public var signatures: [ImageSignatureCheck]
    public var failures: [CheckFailure]
    public var passed: Bool { signatures.contains { $0.signature.verified } }
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
