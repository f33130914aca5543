import COpenSSL
public import VouchCore

extension PublicKey {
    /// True when `signature` is a valid `scheme` signature over the message whose digest is `digest`.
    public func isValidSignature(_ signature: [UInt8], forDigest digest: Digest, scheme: SignatureScheme? = nil) throws(VouchError) -> Bool {
        let scheme = scheme ?? algorithm.defaultScheme()
        guard scheme.fits(algorithm), let name = scheme.digestAlgorithm, name.matches(digest.algorithm), !signature.isEmpty else { return false }
        let context = try PrehashContext(key: key, scheme: scheme, signing: false)
        let bytes = digest.bytes
        let status = EVP_PKEY_verify(context.pointer, signature, signature.count, bytes, bytes.count)
        if status != 1 { ERR_clear_error() }
        return status == 1
    }
}
