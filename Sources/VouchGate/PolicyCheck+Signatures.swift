import VouchAttest
import VouchCore
import VouchPolicy

extension PolicyCheck {
    /// The cosign-style signatures stored in an OCI layout for the selected image (the `sha256-<hex>.sig`
    /// tag and referrers), each checked against the policy's keys.
    func storedSignatures(layout: String, tag: String?, keys: [VerificationKey]) throws(VouchError) -> [SignatureEvidence] {
        let verification = try ImageSignature.verify(layoutPath: layout, tag: tag, keys: keys)
        return verification.signatures.map { check in
            SignatureEvidence(
                source: "\(check.source) layer \(check.layer)",
                signedDigest: check.signedDigest.flatMap { try? Digest(parsing: $0) },
                verifiedBy: check.signature.verifiedBy,
                problem: check.signature.failures.first)
        }
    }
}
