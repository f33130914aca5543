public import VouchCore
public import VouchCrypto

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
