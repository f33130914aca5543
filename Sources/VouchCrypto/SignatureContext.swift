import COpenSSL
import VouchCore

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
