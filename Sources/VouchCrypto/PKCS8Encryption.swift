import COpenSSL
import VouchCore

/// PKCS#8 `EncryptedPrivateKeyInfo` (RFC 5958 section 3) with PBES2 (RFC 8018 section 6.2): PBKDF2 with an
/// HMAC-SHA PRF and AES-CBC, the scheme `openssl pkcs8 -topk8` and `openssl genpkey -aes256` write.
///
/// The ASN.1 container is read and written here (the OpenSSL headers VouchCrypto imports have no PKCS#8
/// encoder); key derivation and the cipher are OpenSSL's.
public enum PKCS8Encryption {
    /// PBKDF2 iterations Vouch writes (OWASP 2023 guidance for PBKDF2-HMAC-SHA256 is 600,000).
    public static let iterations: Int64 = 600_000

    static func encrypt(_ plain: SecretBytes, password: SecretBytes) throws(VouchError) -> [UInt8] {
        let salt = try RandomBytes.make(16)
        let iv = try RandomBytes.make(16)
        let key = try deriveKey(password: password, salt: salt, iterations: iterations, prf: .sha256, length: 32)
        let ciphertext = try plain.withBytes { (input) throws(VouchError) in
            try aesCBC(encrypt: true, keyLength: 32, key: key, iv: iv, input: input)
        }
        let kdf = DER.sequence(
            DER.objectIdentifier(ObjectIdentifier.pbkdf2),
            DER.sequence(
                DER.octetString(salt), DER.integer(iterations),
                DER.sequence(DER.objectIdentifier(ObjectIdentifier.hmacWithSHA256), DER.null)))
        let cipher = DER.sequence(DER.objectIdentifier(ObjectIdentifier.aes256CBC), DER.octetString(iv))
        let algorithm = DER.sequence(DER.objectIdentifier(ObjectIdentifier.pbes2), DER.sequence(kdf, cipher))
        return DER.sequence(algorithm, DER.octetString(ciphertext))
    }

    static func decrypt(_ der: [UInt8], password: SecretBytes) throws(VouchError) -> SecretBytes {
        let outer = try DER.parse(der[...], "EncryptedPrivateKeyInfo").sequence("EncryptedPrivateKeyInfo", atLeast: 2)
        let algorithm = try outer[0].sequence("encryptionAlgorithm", atLeast: 2)
        let scheme = try algorithm[0].objectIdentifier("encryptionAlgorithm")
        guard scheme == ObjectIdentifier.pbes2 else {
            throw VouchError(.unsupportedInput, "key encryption \(scheme) is not supported (PBES2 is; re-encrypt with 'openssl pkcs8 -topk8 -v2 aes-256-cbc')")
        }
        let pbes2 = try algorithm[1].sequence("PBES2-params", atLeast: 2)
        let kdf = try pbes2[0].sequence("keyDerivationFunc", atLeast: 2)
        guard try kdf[0].objectIdentifier("keyDerivationFunc") == ObjectIdentifier.pbkdf2 else {
            throw VouchError(.unsupportedInput, "PBES2 key derivation other than PBKDF2 is not supported")
        }
        let kdfParams = try kdf[1].sequence("PBKDF2-params", atLeast: 2)
        let salt = Array(try kdfParams[0].octetString("salt"))
        let iterations = try kdfParams[1].smallInteger("iterationCount")
        guard iterations >= 1 else { throw DER.malformed("iterationCount is 0") }
        guard iterations <= KeyLimits.maxPBKDF2Iterations else {
            throw VouchError.limitExceeded("maxPBKDF2Iterations", limit: KeyLimits.maxPBKDF2Iterations, found: iterations, path: nil, what: "PBKDF2 iteration count")
        }
        var prf = PseudoRandomFunction.sha1  // RFC 8018 appendix A.2: the default PRF
        for field in kdfParams.dropFirst(2) where field.tag == DER.Tag.sequence {
            let prfOID = try field.sequence("prf", atLeast: 1)[0].objectIdentifier("prf")
            guard let known = PseudoRandomFunction(oid: prfOID) else {
                throw VouchError(.unsupportedInput, "PBKDF2 PRF \(prfOID) is not supported")
            }
            prf = known
        }
        let cipher = try pbes2[1].sequence("encryptionScheme", atLeast: 2)
        let cipherOID = try cipher[0].objectIdentifier("encryptionScheme")
        let keyLength: Int
        switch cipherOID {
        case ObjectIdentifier.aes128CBC: keyLength = 16
        case ObjectIdentifier.aes192CBC: keyLength = 24
        case ObjectIdentifier.aes256CBC: keyLength = 32
        default: throw VouchError(.unsupportedInput, "key cipher \(cipherOID) is not supported (AES-CBC is)")
        }
        let iv = Array(try cipher[1].octetString("iv"))
        guard iv.count == 16 else { throw DER.malformed("AES-CBC IV is \(iv.count) bytes, not 16") }
        let ciphertext = Array(try outer[1].octetString("encryptedData"))
        let key = try deriveKey(password: password, salt: salt, iterations: iterations, prf: prf, length: keyLength)
        guard let plain = try? aesCBC(encrypt: false, keyLength: keyLength, key: key, iv: iv, input: ciphertext),
              (try? DER.parse(plain[...], "PrivateKeyInfo")) != nil
        else {
            throw VouchError(.invalidArgument, "wrong password: the key could not be decrypted")
        }
        return SecretBytes(plain)
    }

    enum PseudoRandomFunction {
        case sha1, sha256, sha384, sha512

        init?(oid: String) {
            switch oid {
            case ObjectIdentifier.hmacWithSHA1: self = .sha1
            case ObjectIdentifier.hmacWithSHA256: self = .sha256
            case ObjectIdentifier.hmacWithSHA384: self = .sha384
            case ObjectIdentifier.hmacWithSHA512: self = .sha512
            default: return nil
            }
        }

        var method: OpaquePointer? {
            switch self {
            case .sha1: EVP_sha1()
            case .sha256: EVP_sha256()
            case .sha384: EVP_sha384()
            case .sha512: EVP_sha512()
            }
        }
    }

    private static func deriveKey(password: SecretBytes, salt: [UInt8], iterations: Int64, prf: PseudoRandomFunction, length: Int) throws(VouchError) -> SecretBytes {
        var out = [UInt8](repeating: 0, count: length)
        let status = password.withUnsafeBytes { pass in
            PKCS5_PBKDF2_HMAC(
                pass.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(pass.count), salt, Int32(salt.count), Int32(iterations),
                prf.method, Int32(length), &out)
        }
        guard status == 1 else { throw OpenSSLError.capture("PKCS5_PBKDF2_HMAC") }
        return SecretBytes(out)
    }

    private static func aesCBC(encrypt: Bool, keyLength: Int, key: SecretBytes, iv: [UInt8], input: [UInt8]) throws(VouchError) -> [UInt8] {
        guard let context = EVP_CIPHER_CTX_new() else { throw OpenSSLError.capture("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(context) }
        let cipher: OpaquePointer? = switch keyLength {
        case 16: EVP_aes_128_cbc()
        case 24: EVP_aes_192_cbc()
        default: EVP_aes_256_cbc()
        }
        let initialized = key.withUnsafeBytes { keyBytes in
            EVP_CipherInit_ex2(context, cipher, keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), iv, encrypt ? 1 : 0, nil)
        }
        guard initialized == 1 else {
            throw OpenSSLError.capture("EVP_CipherInit_ex2")
        }
        var out = [UInt8](repeating: 0, count: input.count + 32)
        var written: Int32 = 0
        var total = 0
        guard EVP_CipherUpdate(context, &out, &written, input, Int32(input.count)) == 1 else {
            SecretBytes.wipe(&out)
            throw OpenSSLError.capture("EVP_CipherUpdate")
        }
        total = Int(written)
        let finalStatus = out.withUnsafeMutableBufferPointer { buffer in
            EVP_CipherFinal_ex(context, buffer.baseAddress! + total, &written)
        }
        guard finalStatus == 1 else {
            SecretBytes.wipe(&out)
            ERR_clear_error()
            throw VouchError(.invalidArgument, "AES-CBC padding check failed")
        }
        total += Int(written)
        let result = Array(out.prefix(total))
        SecretBytes.wipe(&out)
        return result
    }
}
