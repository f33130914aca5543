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

/// Owns one `EVP_MD_CTX` set up for signing or verifying with a key and scheme.
final class SignatureContext {
    let pointer: OpaquePointer

    init(key: EVPKey, scheme: SignatureScheme, signing: Bool) throws(VouchError) {
        guard let context = EVP_MD_CTX_new() else { throw OpenSSLError.capture("EVP_MD_CTX_new") }
        pointer = context
        var params: [(String, OSSLParameters.Value)] = []
        if scheme == .rsaPSSSHA256 {
            // Sign with a digest-length salt (what cryptography's PSS.DIGEST_LENGTH and Go write);
            // verify with any salt length, as Go's rsa.VerifyPSS and securesystemslib do.
            params = [("pad-mode", .utf8("pss")), ("mgf1-digest", .utf8("SHA256")), ("saltlen", .utf8(signing ? "digest" : "auto"))]
        } else if scheme == .rsaPKCS1v15SHA256 {
            params = [("pad-mode", .utf8("pkcs1"))]
        }
        let digestName = scheme.digestAlgorithm?.rawValue
        let status = OSSLParameters.with(params) { parameters -> Int32 in
            var keyContext: OpaquePointer?
            let passed = params.isEmpty ? nil : parameters
            if signing {
                return EVP_DigestSignInit_ex(context, &keyContext, digestName, nil, nil, key.pointer, passed)
            }
            return EVP_DigestVerifyInit_ex(context, &keyContext, digestName, nil, nil, key.pointer, passed)
        }
        guard status == 1 else {
            throw OpenSSLError.capture(signing ? "EVP_DigestSignInit_ex" : "EVP_DigestVerifyInit_ex")
        }
    }

    deinit { EVP_MD_CTX_free(pointer) }
}
