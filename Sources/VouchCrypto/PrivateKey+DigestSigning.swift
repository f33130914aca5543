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

extension DigestAlgorithmName {
    func matches(_ algorithm: DigestAlgorithm) -> Bool {
        switch self {
        case .sha256: algorithm == .sha256
        case .sha384: algorithm == .sha384
        }
    }
}

/// Owns one `EVP_PKEY_CTX` set up to sign or verify a precomputed digest.
final class PrehashContext {
    let pointer: OpaquePointer

    init(key: EVPKey, scheme: SignatureScheme, signing: Bool) throws(VouchError) {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else { throw OpenSSLError.capture("EVP_PKEY_CTX_new_from_pkey") }
        pointer = context
        var params: [(String, OSSLParameters.Value)] = [("digest", .utf8(scheme.digestAlgorithm?.rawValue ?? "SHA256"))]
        switch scheme {
        case .rsaPSSSHA256:
            params += [("pad-mode", .utf8("pss")), ("mgf1-digest", .utf8("SHA256")), ("saltlen", .utf8(signing ? "digest" : "auto"))]
        case .rsaPKCS1v15SHA256:
            params += [("pad-mode", .utf8("pkcs1"))]
        default:
            break
        }
        let status = OSSLParameters.with(params) { parameters in
            signing ? EVP_PKEY_sign_init_ex(context, parameters) : EVP_PKEY_verify_init_ex(context, parameters)
        }
        guard status == 1 else { throw OpenSSLError.capture(signing ? "EVP_PKEY_sign_init_ex" : "EVP_PKEY_verify_init_ex") }
    }

    deinit { EVP_PKEY_CTX_free(pointer) }
}
