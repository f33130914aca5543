public import VouchAttest
public import VouchCore

extension BundleVerifier {
    /// `vouch verify-attestation` of a keyless bundle: the bundle verifies (``verify(_:bundleName:artifact:signer:)``,
    /// which requires a DSSE envelope whose in-toto Statement names the artifact) and, when
    /// `expectedPredicateType` is given, the Statement's predicate type is that one.
    public func verifyAttestation(
        _ bundle: SigstoreBundle, bundleName: String, subject: Artifact, signer: Signer, expectedPredicateType: String?
    ) throws(VouchError) -> KeylessVerification {
        var result = try verify(bundle, bundleName: bundleName, artifact: subject, signer: signer)
        guard case .dsseEnvelope(let envelope) = bundle.content else {
            result.failures.append(CheckFailure(subject: "bundle", reason: "the bundle holds a blob signature, not an attestation; use verify-blob"))
            return result
        }
        if let expectedPredicateType, let statement = try? InTotoStatement(payload: envelope.payload), statement.predicateType != expectedPredicateType {
            result.failures.append(CheckFailure(subject: "predicateType", reason: "predicate type mismatch", expected: expectedPredicateType, actual: statement.predicateType))
        }
        return result
    }
}
