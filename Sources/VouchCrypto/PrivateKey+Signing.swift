import COpenSSL
public import VouchCore

extension PrivateKey {
    /// Signs `message` with `scheme` (default: the key's cosign scheme) and returns the signature bytes:
    /// DER for ECDSA, 64 bytes for Ed25519, the modulus size for RSA.
    ///
    /// Hashed schemes stream a file through OpenSSL in 1 MiB chunks; pure Ed25519 maps the file.
    public func sign(_ message: MessageSource, scheme: SignatureScheme? = nil) throws(VouchError) -> [UInt8] {
        let scheme = scheme ?? algorithm.defaultScheme()
        guard scheme.fits(algorithm) else {
            throw VouchError(.invalidArgument, "a \(algorithm) key cannot make \(scheme.rawValue) signatures")
        }
        let context = try SignatureContext(key: key, scheme: scheme, signing: true)
        if scheme.isStreaming {
            try message.stream { chunk throws(VouchError) in
                guard EVP_DigestSignUpdate(context.pointer, chunk.baseAddress, chunk.count) == 1 else {
                    throw OpenSSLError.capture("EVP_DigestSignUpdate")
                }
            }
            var length = 0
            guard EVP_DigestSignFinal(context.pointer, nil, &length) == 1 else { throw OpenSSLError.capture("EVP_DigestSignFinal") }
            var signature = [UInt8](repeating: 0, count: length)
            guard EVP_DigestSignFinal(context.pointer, &signature, &length) == 1 else { throw OpenSSLError.capture("EVP_DigestSignFinal") }
            return Array(signature.prefix(length))
        }
        return try message.withContiguousBytes { (bytes) throws(VouchError) -> [UInt8] in
            var length = 64
            var signature = [UInt8](repeating: 0, count: 64)
            guard EVP_DigestSign(context.pointer, &signature, &length, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count) == 1 else {
                throw OpenSSLError.capture("EVP_DigestSign")
            }
            return Array(signature.prefix(length))
        }
    }
}
