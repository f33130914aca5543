import COpenSSL
public import VouchCore

extension PublicKey {
    /// True when `signature` is a valid `scheme` signature of `message` by this key. A signature that is
    /// malformed (bad DER, wrong length) is simply not valid; only an unreadable message throws.
    public func isValidSignature(_ signature: [UInt8], for message: MessageSource, scheme: SignatureScheme? = nil) throws(VouchError) -> Bool {
        let scheme = scheme ?? algorithm.defaultScheme()
        guard scheme.fits(algorithm), !signature.isEmpty else { return false }
        let context = try SignatureContext(key: key, scheme: scheme, signing: false)
        let status: Int32
        if scheme.isStreaming {
            try message.stream { chunk throws(VouchError) in
                guard EVP_DigestVerifyUpdate(context.pointer, chunk.baseAddress, chunk.count) == 1 else {
                    throw OpenSSLError.capture("EVP_DigestVerifyUpdate")
                }
            }
            status = EVP_DigestVerifyFinal(context.pointer, signature, signature.count)
        } else {
            status = try message.withContiguousBytes { (bytes) throws(VouchError) -> Int32 in
                EVP_DigestVerify(context.pointer, signature, signature.count, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
            }
        }
        // 0 is "does not verify", negative is "malformed signature": both a negative answer, not an error.
        if status != 1 { ERR_clear_error() }
        return status == 1
    }

    /// SHA-256 of the DER SPKI, base64: cosign's `publicKey.hint` in a Sigstore bundle.
    public var hint: String {
        let digest = (try? DigestHasher.digest(of: spkiDER))?.bytes ?? []
        return Base64.encode(digest)
    }
}
