/// Limits on untrusted attestation input.
public enum AttestationLimits {
    /// The largest envelope, bundle or signature file read (an SBOM predicate can be several MiB).
    public static let maxEnvelopeBytes = 64 << 20
    /// The most signatures examined in one envelope.
    public static let maxSignatures = 64
    /// The most subjects read from one Statement.
    public static let maxSubjects = 10_000
}
