/// A keyless signer of the policy (`keyless:` in the policy file): whoever holds a Fulcio certificate for
/// this identity from this OIDC issuer, verified against a Sigstore trusted root (cosign's
/// `--certificate-identity[-regexp]` / `--certificate-oidc-issuer[-regexp]`). Rules name it like a key.
public struct KeylessSigner: Hashable, Sendable {
    /// Exactly one of `identity` and `identityRegexp`, and one of `issuer` and `issuerRegexp`.
    public var identity: String?
    public var identityRegexp: String?
    public var issuer: String?
    public var issuerRegexp: String?
    /// A `trusted_root.json` (relative to the policy file); default: the built-in production root.
    public var trustedRoot: String?

    public init(identity: String? = nil, identityRegexp: String? = nil, issuer: String? = nil, issuerRegexp: String? = nil, trustedRoot: String? = nil) {
        self.identity = identity
        self.identityRegexp = identityRegexp
        self.issuer = issuer
        self.issuerRegexp = issuerRegexp
        self.trustedRoot = trustedRoot
    }
}
