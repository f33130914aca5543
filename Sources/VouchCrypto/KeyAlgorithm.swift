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

/// A signature algorithm: how the message is hashed and signed.
public enum SignatureScheme: String, Hashable, Sendable, CaseIterable {
    /// FIPS 186-5 ECDSA with SHA-256; the signature is an ASN.1 DER `ECDSA-Sig-Value` (RFC 3279 section 2.2.3).
    case ecdsaSHA256 = "ecdsa-sha256"
    /// ECDSA with SHA-384, DER encoded.
    case ecdsaSHA384 = "ecdsa-sha384"
    /// RFC 8032 pure Ed25519: the message itself is signed, not a hash of it.
    case ed25519
    /// RFC 8017 section 8.2 RSASSA-PKCS1-v1_5 with SHA-256.
    case rsaPKCS1v15SHA256 = "rsa-pkcs1v15-sha256"
    /// RFC 8017 section 8.1 RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (any salt length verifies).
    case rsaPSSSHA256 = "rsassa-pss-sha256"

    /// The hash the signature covers, or nil for pure Ed25519.
    public var digestAlgorithm: DigestAlgorithmName? {
        switch self {
        case .ecdsaSHA256, .rsaPKCS1v15SHA256, .rsaPSSSHA256: .sha256
        case .ecdsaSHA384: .sha384
        case .ed25519: nil
        }
    }

    /// Whether signing can stream the message through a hash (everything but pure Ed25519).
    public var isStreaming: Bool { digestAlgorithm != nil }

    /// True when `key` can make or check signatures of this scheme.
    public func fits(_ key: KeyAlgorithm) -> Bool {
        switch (self, key) {
        case (.ecdsaSHA256, .ecdsaP256), (.ecdsaSHA256, .ecdsaP384), (.ecdsaSHA384, .ecdsaP256), (.ecdsaSHA384, .ecdsaP384): true
        case (.ed25519, .ed25519): true
        case (.rsaPKCS1v15SHA256, .rsa), (.rsaPSSSHA256, .rsa): true
        default: false
        }
    }
}

/// The hash names OpenSSL fetches by.
public enum DigestAlgorithmName: String, Sendable {
    case sha256 = "SHA256"
    case sha384 = "SHA384"
}
