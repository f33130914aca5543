/// The steps of Sigstore bundle verification (Sigstore client specification, "Verification"), each named in
/// the failure it produces so a rejected bundle says exactly which proof did not hold.
public enum VerificationStep: String, Sendable, Codable, CaseIterable {
    /// The bundle's structure for its version (required proofs present, no root certificate carried).
    case bundle
    /// The certificate chains to a Fulcio CA of the trusted root, valid at every verified time, EKU code signing.
    case chain
    /// An embedded SCT verifies with a CT log key of the trusted root.
    case sct = "SCT"
    /// The certificate's identity and OIDC issuer (and GitHub workflow claims) match the policy.
    case identity
    /// The signature verifies with the certificate's or the given key.
    case signature
    /// The artifact (file or digest) is the one the signature and the log entry are about.
    case artifactDigest = "artifact digest"
    /// The log entry's body names this signature, certificate or key and artifact.
    case logEntry = "log entry"
    /// The log is in the trusted root and valid at the entry's time.
    case transparencyLog = "transparency log"
    /// Rekor v1's signed entry timestamp verifies with the log key.
    case signedEntryTimestamp = "SET"
    /// The RFC 6962 / 9162 Merkle audit path leads from the entry to the proof's root hash.
    case inclusionProof = "inclusion proof"
    /// The checkpoint (a C2SP signed note) is signed by the log and commits to the proof's root and size.
    case checkpoint
    /// RFC 3161 timestamps verify with a trusted TSA valid at their time; no verified time is in the future.
    case timestamp
}
