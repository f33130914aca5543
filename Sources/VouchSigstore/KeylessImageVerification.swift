public import VouchAttest
public import VouchCore
public import VouchImage

/// `vouch verify IMAGE` with a certificate identity: each keyless cosign signature stored for the image (cosign
/// v2's annotated simple-signing layers, cosign v3's Sigstore bundle referrers) is verified as a Sigstore bundle
/// (chain, SCT, identity, signature, Rekor entry and SET or inclusion proof, timestamps), and must name this
/// exact image digest: the simple-signing payload's digest, or the bundle's Statement subject or message
/// digest. Passes when one signature does both.
public struct KeylessImageVerification: Sendable, Codable {
    public struct Check: Sendable, Codable {
        public var source: String
        public var layer: Int
        public var signedDigest: String?
        public var verification: KeylessVerification?
        public var failures: [CheckFailure]
        public var passed: Bool { failures.isEmpty && verification?.passed == true }
    }

    public var image: String
    public var digest: Digest
    public var signatures: [Check]
    public var failures: [CheckFailure]
    public var passed: Bool { failures.isEmpty && signatures.contains(where: \.passed) }

    private enum EncodingKeys: String, CodingKey { case image, digest, signatures, failures, passed }

    /// The stored fields plus `passed`, the verdict field every Vouch JSON report has.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EncodingKeys.self)
        try container.encode(image, forKey: .image)
        try container.encode(digest, forKey: .digest)
        try container.encode(signatures, forKey: .signatures)
        try container.encode(failures, forKey: .failures)
        try container.encode(passed, forKey: .passed)
    }

    public static func verify(layoutPath: String, tag: String?, policy: CertificateIdentityPolicy, verifier: BundleVerifier) throws(VouchError) -> KeylessImageVerification {
        let layout = try OCILayout.open(layoutPath)
        return try verify(subject: try layout.subjectDigest(tag: tag), in: layout, policy: policy, verifier: verifier)
    }

    /// The signatures about `subject` in `source` (a layout, or a registry), verified.
    public static func verify(subject digest: Digest, in source: some CosignArtifactSource, policy: CertificateIdentityPolicy, verifier: BundleVerifier) throws(VouchError) -> KeylessImageVerification {
        let found = try CosignKeylessSignature.find(about: digest, in: source)
        var result = KeylessImageVerification(image: source.displayName, digest: digest, signatures: [], failures: [])
        for signature in found {
            var check = Check(source: signature.source, layer: signature.layer, signedDigest: signature.signedDigest, verification: nil, failures: [])
            switch signature.bundle {
            case .failure(let failure):
                check.failures.append(CheckFailure(subject: "bundle", reason: failure.reason))
            case .success(let bundle):
                let name = "\(signature.source) layer \(signature.layer)"
                switch signature.binding {
                case .simpleSigning:
                    let payloadDigest: Digest
                    if case .messageSignature(let digest, _) = bundle.content { payloadDigest = digest } else { payloadDigest = Digest.emptySHA256Value }
                    check.verification = try verifier.verify(bundle, bundleName: name, artifact: .digest(payloadDigest), signer: .certificate(policy))
                    if signature.signedDigest == nil {
                        check.failures.append(CheckFailure(subject: "payload", reason: "the payload is not a cosign simple-signing payload"))
                    } else if signature.signedDigest != digest.description {
                        check.failures.append(CheckFailure(subject: "payload", reason: "signature for another image", expected: digest.description, actual: signature.signedDigest))
                    }
                case .bundle:
                    // Verified over the digest it names; naming this image is the binding, checked as for a payload.
                    let named = signature.signedDigest.flatMap { try? Digest(parsing: $0) }
                    check.verification = try verifier.verify(bundle, bundleName: name, artifact: .digest(named ?? digest), signer: .certificate(policy))
                    if let named, named != digest {
                        check.failures.append(CheckFailure(subject: "payload", reason: "signature for another image", expected: digest.description, actual: named.description))
                    }
                }
            }
            result.signatures.append(check)
        }
        if found.isEmpty {
            result.failures.append(CheckFailure(
                subject: digest.description,
                reason: "no keyless signatures found (simple-signing layers with a \(CosignKeylessSignature.certificateAnnotation) annotation by tag or referrer, or Sigstore bundle referrers)"))
        }
        return result
    }
}

extension Digest {
    static let emptySHA256Value = try! Digest(parsing: "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
}
