public import VouchCore
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

/// securesystemslib's view of a key (signer/_key.py `SSlibKey`), for key ids in DSSE signatures.
public enum SecureSystemsLibKey {
    /// `keytype`, `scheme` and `keyval.public` as securesystemslib writes them.
    public static func fields(_ key: PublicKey, scheme: SignatureScheme) -> (keytype: String, scheme: String, publicValue: String) {
        switch key.algorithm {
        case .ed25519:
            return ("ed25519", "ed25519", Hex.encode(key.spkiDER.suffix(32)))
        case .ecdsaP256:
            return ("ecdsa", "ecdsa-sha2-nistp256", key.pem)
        case .ecdsaP384:
            return ("ecdsa", "ecdsa-sha2-nistp384", key.pem)
        case .rsa:
            return ("rsa", scheme == .rsaPKCS1v15SHA256 ? "rsa-pkcs1v15-sha256" : "rsassa-pss-sha256", key.pem)
        }
    }

    /// SHA-256 hex of the OLPC canonical JSON (securesystemslib formats.encode_canonical): sorted keys, no
    /// whitespace, and only `"` and `\` escaped in strings.
    public static func keyID(_ key: PublicKey, scheme: SignatureScheme) -> String {
        let f = fields(key, scheme: scheme)
        func canonical(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        let text = #"{"keytype":\#(canonical(f.keytype)),"keyval":{"public":\#(canonical(f.publicValue))},"scheme":\#(canonical(f.scheme))}"#
        return (try? DigestHasher.digest(of: Array(text.utf8)))?.hex ?? ""
    }
}

/// The private side: a key with its scheme.
public struct SigningKey: Sendable {
    public let privateKey: PrivateKey
    public let scheme: SignatureScheme

    public init(privateKey: PrivateKey, scheme: SignatureScheme) throws(VouchError) {
        guard scheme.fits(privateKey.algorithm) else {
            throw VouchError(.invalidArgument, "a \(privateKey.algorithm) key cannot make \(scheme.rawValue) signatures")
        }
        self.privateKey = privateKey
        self.scheme = scheme
    }

    /// The key's id as securesystemslib computes it, written into DSSE signatures.
    public var secureSystemsLibKeyID: String { SecureSystemsLibKey.keyID(privateKey.publicKey, scheme: scheme) }
}
