public import VouchAttest
public import VouchCore
public import VouchImage

/// `vouch verify-attestation IMAGE` with a certificate identity: every keyless attestation stored for the image
/// (cosign v2's annotated `.att` envelopes, cosign v3's Sigstore bundle referrers) verified as a Sigstore bundle
/// whose Statement must name the image's digest.
///
/// The verdict follows ``AttestationReport``'s over trusted keys: an attestation is *trusted* when every step
/// but the Statement's (artifact digest, predicate type) verified with the identity policy; the check passes
/// when at least one trusted attestation (of the predicate type asked for, when one was) exists and every such
/// one names this image. Attestations the identity did not sign are reported, not counted.
public struct KeylessImageAttestations: Sendable, Codable, VerdictReport {
    public struct Check: Sendable, Codable {
        public var source: String
        public var predicateType: String?
        public var verification: KeylessVerification?
        public var failures: [CheckFailure]
        /// The Statement's predicate JSON (the CLI drops it unless asked to print it).
        public var predicate: String?
        /// Signed by the identity, whatever it says.
        public var trusted: Bool {
            guard failures.isEmpty, let verification else { return false }
            return verification.failures.allSatisfy { Self.statementSteps.contains($0.subject) }
        }
        public var passed: Bool { failures.isEmpty && verification?.passed == true }
        static let statementSteps: Set<String> = [VerificationStep.artifactDigest.rawValue, "predicateType"]
    }

    public var image: String
    public var digest: Digest
    public var attestations: [Check]
    public var expectedPredicateType: String?

    /// The trusted attestations the verdict is over.
    public var counted: [Check] {
        attestations.filter { $0.trusted && (expectedPredicateType == nil || $0.predicateType == expectedPredicateType) }
    }

    public var verdict: Verdict {
        var verdict = Verdict(checksMade: attestations.count, failures: [])
        let counted = counted
        if attestations.isEmpty {
            verdict.failures.append(CheckFailure(subject: digest.description, reason: "no keyless attestations found (envelope layers with a \(CosignKeylessSignature.certificateAnnotation) annotation by tag or referrer, or Sigstore bundle referrers)"))
        } else if counted.isEmpty {
            verdict.failures.append(CheckFailure(
                subject: "attestations",
                reason: expectedPredicateType.map { "no attestation of predicate type \($0) is signed by the certificate identity" }
                    ?? "no attestation is signed by the certificate identity"))
        }
        for check in counted { verdict.failures += check.verification?.failures ?? [] }
        return verdict
    }

    public var passed: Bool { verdict.passed }

    private enum EncodingKeys: String, CodingKey { case image, digest, attestations, expectedPredicateType, passed }

    /// The stored fields plus `passed`, the verdict field every Vouch JSON report has.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EncodingKeys.self)
        try container.encode(image, forKey: .image)
        try container.encode(digest, forKey: .digest)
        try container.encode(attestations, forKey: .attestations)
        try container.encodeIfPresent(expectedPredicateType, forKey: .expectedPredicateType)
        try container.encode(passed, forKey: .passed)
    }

    public static func verify(layoutPath: String, tag: String?, policy: CertificateIdentityPolicy, verifier: BundleVerifier, expectedPredicateType: String?) throws(VouchError) -> KeylessImageAttestations {
        let layout = try OCILayout.open(layoutPath)
        return try verify(subject: try layout.subjectDigest(tag: tag), in: layout, policy: policy, verifier: verifier, expectedPredicateType: expectedPredicateType)
    }

    /// The attestations about `subject` in `source` (a layout, or a registry), verified.
    public static func verify(
        subject digest: Digest, in source: some CosignArtifactSource, policy: CertificateIdentityPolicy, verifier: BundleVerifier, expectedPredicateType: String?
    ) throws(VouchError) -> KeylessImageAttestations {
        var result = KeylessImageAttestations(image: source.displayName, digest: digest, attestations: [], expectedPredicateType: expectedPredicateType)
        for stored in try CosignKeylessAttestation.find(about: digest, in: source) {
            let statement = stored.statement
            var check = Check(source: stored.source, predicateType: statement?.predicateType, verification: nil, failures: [],
                              predicate: statement.map { String(decoding: $0.predicateJSON, as: UTF8.self) })
            switch stored.bundle {
            case .failure(let failure):
                check.failures.append(CheckFailure(subject: "bundle", reason: failure.reason))
            case .success(let bundle):
                check.verification = try verifier.verifyAttestation(
                    bundle, bundleName: stored.source, subject: .digest(digest), signer: .certificate(policy), expectedPredicateType: expectedPredicateType)
            }
            result.attestations.append(check)
        }
        return result
    }
}
