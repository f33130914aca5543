import Foundation
import VouchAttest
import VouchCore
import VouchPolicy
import VouchSigstore

extension PolicyCheck {
    /// The policy's keyless signers, each with its identity policy and a verifier over its trusted root.
    func keylessSigners() throws(VouchError) -> [(name: String, policy: CertificateIdentityPolicy, verifier: BundleVerifier)] {
        let now = Int64(clock.now().timeIntervalSince1970)
        var signers: [(String, CertificateIdentityPolicy, BundleVerifier)] = []
        for (name, signer) in policy.keyless.sorted(by: { $0.key < $1.key }) {
            let identity: CertificateIdentityPolicy.Matcher = signer.identity.map { .exact($0) } ?? .regexp(signer.identityRegexp ?? "")
            let issuer: CertificateIdentityPolicy.Matcher = signer.issuer.map { .exact($0) } ?? .regexp(signer.issuerRegexp ?? "")
            let identityPolicy = CertificateIdentityPolicy(identity: identity, issuer: issuer)
            do throws(CertificateIdentityPolicy.PatternError) {
                try identityPolicy.validate()
            } catch {
                throw VouchError(.invalidArgument, "keyless.\(name): \(error)")
            }
            let root: TrustedRoot
            if let path = signer.trustedRoot {
                root = try TrustedRoot(contentsOf: resolve(path))
            } else {
                root = try TrustedRoot.production()
            }
            signers.append((name, identityPolicy, BundleVerifier(trustedRoot: root, now: now)))
        }
        return signers
    }

    /// Keyless cosign signatures stored for the image, as signature evidence: verified by the first keyless
    /// signer whose identity and trusted root they satisfy.
    func keylessSignatures(layout: String, tag: String?) throws(VouchError) -> [SignatureEvidence] {
        let signers = try keylessSigners()
        guard !signers.isEmpty else { return [] }
        var evidence: [SignatureEvidence] = []
        var checked: [String: (signedDigest: Digest?, verifiedBy: String?, problems: [String])] = [:]
        var order: [String] = []
        for signer in signers {
            let result = try KeylessImageVerification.verify(layoutPath: layout, tag: tag, policy: signer.policy, verifier: signer.verifier)
            for check in result.signatures {
                let source = "\(check.source) layer \(check.layer) (keyless)"
                if checked[source] == nil {
                    order.append(source)
                    checked[source] = (check.signedDigest.flatMap { try? Digest(parsing: $0) }, nil, [])
                }
                // The payload binding is the evaluator's to judge; here only the Sigstore verification counts.
                if check.verification?.passed == true {
                    if checked[source]?.verifiedBy == nil { checked[source]?.verifiedBy = signer.name }
                } else {
                    let reasons = (check.verification?.failures ?? []) + check.failures.filter { $0.subject != "payload" }
                    checked[source]?.problems.append("keyless signer '\(signer.name)': " + reasons.map(\.description).joined(separator: "; "))
                }
            }
        }
        for source in order {
            guard let entry = checked[source] else { continue }
            evidence.append(SignatureEvidence(source: source, signedDigest: entry.signedDigest, verifiedBy: entry.verifiedBy,
                                              problem: entry.verifiedBy == nil ? entry.problems.joined(separator: "; ") : nil))
        }
        return evidence
    }

    /// Attestation files that are keyless Sigstore bundles, verified with the keyless signers; each replaces
    /// the key-based evidence for the same file (which no key could verify).
    func withKeylessAttestations(_ evidence: [AttestationEvidence], files: [String], subject: Digest) throws(VouchError) -> [AttestationEvidence] {
        let signers = try keylessSigners()
        guard !signers.isEmpty else { return evidence }
        var result = evidence
        for file in files {
            guard let data = FileManager.default.contents(atPath: file),
                  let bundle = try? SigstoreBundle(json: [UInt8](data), path: file), !bundle.certificates.isEmpty,
                  let item = try keylessEvidence(bundle, source: "\(file)#0", subject: subject, signers: signers)
            else { continue }
            Self.replace(item, in: &result)
        }
        return result
    }

    /// Keyless attestations stored with the image in its layout (cosign v2's annotated `.att` envelopes, cosign
    /// v3's Sigstore bundle referrers), verified with the keyless signers; an `.att` layer replaces the
    /// key-based evidence of the same layer (which no key could verify).
    func withKeylessStoredAttestations(_ evidence: [AttestationEvidence], layout: String, tag: String?, subject: Digest) throws(VouchError) -> [AttestationEvidence] {
        let signers = try keylessSigners()
        guard !signers.isEmpty else { return evidence }
        var result = evidence
        for stored in try CosignKeylessAttestation.find(layoutPath: layout, tag: tag).attestations {
            switch stored.bundle {
            case .failure(let failure):
                Self.replace(AttestationEvidence(source: stored.source, predicateType: "", subjectDigests: [], verifiedBy: nil, problem: failure.reason), in: &result)
            case .success(let bundle):
                if let item = try keylessEvidence(bundle, source: stored.source, subject: subject, signers: signers) { Self.replace(item, in: &result) }
            }
        }
        return result
    }

    /// One keyless DSSE bundle as attestation evidence: verified by the first signer it satisfies, over the
    /// subject its Statement names (this image's digest when it names it: the binding is the rules' to judge).
    /// Nil when the bundle holds no in-toto Statement naming a digest of the subject's algorithm.
    func keylessEvidence(_ bundle: SigstoreBundle, source: String, subject: Digest, signers: [(name: String, policy: CertificateIdentityPolicy, verifier: BundleVerifier)]) throws(VouchError) -> AttestationEvidence? {
        guard case .dsseEnvelope(let envelope) = bundle.content, let statement = try? InTotoStatement(payload: envelope.payload) else { return nil }
        let named = statement.subjects.compactMap { entry -> Digest? in
            entry.digest[subject.algorithm.name].flatMap { try? Digest(parsing: "\(subject.algorithm.name):\($0.lowercased())") }
        }
        guard let artifact = named.first(where: { $0 == subject }) ?? named.first else { return nil }
        var verifiedBy: String?
        var problems: [String] = []
        for signer in signers {
            let verification = try signer.verifier.verifyAttestation(bundle, bundleName: source, subject: .digest(artifact), signer: .certificate(signer.policy), expectedPredicateType: nil)
            if verification.passed {
                verifiedBy = signer.name
                break
            }
            problems.append("keyless signer '\(signer.name)': " + verification.failures.map(\.description).joined(separator: "; "))
        }
        return AttestationEvidence(
            source: source, predicateType: statement.predicateType, subjectDigests: named, verifiedBy: verifiedBy,
            problem: verifiedBy == nil ? problems.joined(separator: "; ") : nil, predicate: Data(statement.predicateJSON))
    }

    /// Puts `item` in place of the evidence from the same source, or appends it.
    static func replace(_ item: AttestationEvidence, in evidence: inout [AttestationEvidence]) {
        if let index = evidence.firstIndex(where: { $0.source == item.source }) {
            evidence[index] = item
        } else {
            evidence.append(item)
        }
    }
}
