/// How a private key file is written.
public enum PrivateKeyFormat: String, Sendable, CaseIterable {
    /// PKCS#8 PEM, encrypted (`ENCRYPTED PRIVATE KEY`) when there is a password.
    case pkcs8
    /// cosign's `ENCRYPTED SIGSTORE PRIVATE KEY`.
    case cosign
}
