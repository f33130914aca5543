import VouchAttest
import VouchCore
import VouchFiles
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

extension PolicyCheck {
    /// Signature and payload files given on the command line, each checked like a stored signature:
    /// the payload must name `subject` and the signature must verify with one of the policy's keys.
    func givenSignatures(_ files: [(signature: String, payload: String)], subject: Digest, keys: [VerificationKey]) throws(VouchError) -> [SignatureEvidence] {
        var evidence: [SignatureEvidence] = []
        for (signature, payload) in files {
            let text = try BoundedFileReader.read(signature, limit: AttestationLimits.maxEnvelopeBytes, limitName: "maxEnvelopeBytes")
            let payloadBytes = try BoundedFileReader.read(payload, limit: AttestationLimits.maxEnvelopeBytes, limitName: "maxEnvelopeBytes")
            let check = try ImageSignature.verify(
                digest: subject, source: "\(signature) (payload \(payload))", signatureText: String(decoding: text, as: UTF8.self),
                payload: payloadBytes, keys: keys)
            evidence.append(SignatureEvidence(
                source: check.source, signedDigest: check.signedDigest.flatMap { try? Digest(parsing: $0) },
                verifiedBy: check.signature.verifiedBy, problem: check.signature.failures.first))
        }
        return evidence
    }
}
