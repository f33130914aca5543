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
