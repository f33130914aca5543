import VouchCore
public import VouchCrypto

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
