import COpenSSL
import VouchCore

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
