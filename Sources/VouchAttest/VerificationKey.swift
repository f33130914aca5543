import VouchCore
public import VouchCrypto

/// A public key as the verifier knows it: the key, the scheme its signatures use, and a name for reports.
public struct VerificationKey: Sendable {
    public let publicKey: PublicKey
    public let scheme: SignatureScheme
    /// How reports name the key, normally its file path.
    public let name: String

    public init(publicKey: PublicKey, scheme: SignatureScheme, name: String) {
        self.publicKey = publicKey
        self.scheme = scheme
        self.name = name
    }

    /// The key id securesystemslib computes (`compute_default_keyid`): SHA-256 hex of the canonical JSON
    /// of `{"keytype", "keyval": {"public"}, "scheme"}`; the public value is the SPKI PEM, or raw hex for Ed25519.
    public var secureSystemsLibKeyID: String { SecureSystemsLibKey.keyID(publicKey, scheme: scheme) }
}
