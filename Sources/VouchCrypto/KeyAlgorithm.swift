/// The kinds of key Vouch generates, reads and signs with.
public enum KeyAlgorithm: Hashable, Sendable, CustomStringConvertible {
    /// ECDSA over NIST P-256 (cosign's default).
    case ecdsaP256
    /// ECDSA over NIST P-384.
    case ecdsaP384
    /// Ed25519 (RFC 8032), pure EdDSA.
    case ed25519
    /// RSA with a modulus of `bits` bits.
    case rsa(bits: Int)

    /// The names `vouch key generate --algorithm` accepts.
    public static let generatable: [KeyAlgorithm] = [.ecdsaP256, .ecdsaP384, .ed25519, .rsa(bits: 3072), .rsa(bits: 4096)]

    /// Parses `ecdsa-p256`, `ecdsa-p384`, `ed25519`, `rsa-3072`, `rsa-4096`.
    public init?(name: String) {
        guard let match = Self.generatable.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// `ecdsa-p256`, `ed25519`, `rsa-3072`...
    public var name: String {
        switch self {
        case .ecdsaP256: "ecdsa-p256"
        case .ecdsaP384: "ecdsa-p384"
        case .ed25519: "ed25519"
        case .rsa(let bits): "rsa-\(bits)"
        }
    }

    public var description: String { name }

    /// The signature scheme cosign uses with this key: ECDSA with SHA-256 (SHA-384 on P-384), pure Ed25519,
    /// RSA PKCS#1 v1.5 with SHA-256, or RSA-PSS when `rsaPSS` is set.
    public func defaultScheme(rsaPSS: Bool = false) -> SignatureScheme {
        switch self {
        case .ecdsaP256: .ecdsaSHA256
        case .ecdsaP384: .ecdsaSHA384
        case .ed25519: .ed25519
        case .rsa: rsaPSS ? .rsaPSSSHA256 : .rsaPKCS1v15SHA256
        }
    }
}
