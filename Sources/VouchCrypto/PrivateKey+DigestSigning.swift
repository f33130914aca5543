import COpenSSL
public import VouchCore

extension PrivateKey {
    /// Signs an already computed digest (`EVP_PKEY_sign` with the digest named): the same signature bytes
    /// as ``sign(_:scheme:)`` over the message, so a caller that needs the digest anyway (a Sigstore
    /// bundle's `messageDigest`) reads a large file once. Not for pure Ed25519, which signs the message.
    public func sign(digest: Digest, scheme: SignatureScheme? = nil) throws(VouchError) -> [UInt8] {
        let scheme = scheme ?? algorithm.defaultScheme()
        guard scheme.fits(algorithm), let name = scheme.digestAlgorithm, name.matches(digest.algorithm) else {
            throw VouchError(.invalidArgument, "a \(scheme.rawValue) signature cannot be made over a \(digest.algorithm) digest with a \(algorithm) key")
        }
        let context = try PrehashContext(key: key, scheme: scheme, signing: true)
        let bytes = digest.bytes
        var length = 0
        guard EVP_PKEY_sign(context.pointer, nil, &length, bytes, bytes.count) == 1 else { throw OpenSSLError.capture("EVP_PKEY_sign") }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_sign(context.pointer, &signature, &length, bytes, bytes.count) == 1 else { throw OpenSSLError.capture("EVP_PKEY_sign") }
        return Array(signature.prefix(length))
    }
}

extension DigestAlgorithmName {
    func matches(_ algorithm: DigestAlgorithm) -> Bool {
        switch self {
        case .sha256: algorithm == .sha256
        case .sha384: algorithm == .sha384
        }
    }
}
