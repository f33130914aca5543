import COpenSSL
#if canImport(Glibc)
import Glibc
#endif
import VouchCore

/// Owns one OpenSSL `EVP_PKEY` (private or public), freed in `deinit`; OpenSSL clears private key
/// material when it frees the key. Never leaves VouchCrypto.
///
/// `@unchecked Sendable`, the C-handle box exception: the pointer is set once and freed only in `deinit`,
/// and nothing in VouchCrypto modifies the key after it is built (no `EVP_PKEY_set*` after `init`);
/// openssl-threads(7): an EVP_PKEY that is not modified may be used by several threads at once (each
/// signing or verifying operation makes its own `EVP_PKEY_CTX`).
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(takingOwnershipOf pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EVP_PKEY_free(pointer) }

    /// What kind of key this is; throws for key types Vouch does not sign with.
    func algorithm(path: String?) throws(VouchError) -> KeyAlgorithm {
        if EVP_PKEY_is_a(pointer, "ED25519") == 1 { return .ed25519 }
        if EVP_PKEY_is_a(pointer, "RSA") == 1 {
            let bits = Int(EVP_PKEY_get_bits(pointer))
            guard bits >= 2048 else {
                throw VouchError(.unsupportedInput, "RSA keys shorter than 2048 bits are not accepted (this one has \(bits))", path: path)
            }
            return .rsa(bits: bits)
        }
        if EVP_PKEY_is_a(pointer, "EC") == 1 {
            var name = [CChar](repeating: 0, count: 64)
            var length = 0
            guard EVP_PKEY_get_utf8_string_param(pointer, "group", &name, name.count, &length) == 1 else {
                ERR_clear_error()
                throw VouchError(.unsupportedInput, "EC key without a named curve", path: path)
            }
            let curve = String(decoding: name.prefix(length).map(UInt8.init(bitPattern:)), as: UTF8.self)
            switch curve {
            case "prime256v1", "P-256", "secp256r1": return .ecdsaP256
            case "secp384r1", "P-384": return .ecdsaP384
            default: throw VouchError(.unsupportedInput, "EC curve \(curve) is not supported (P-256 and P-384 are)", path: path)
            }
        }
        let type = EVP_PKEY_get0_type_name(pointer).map { String(cString: $0) } ?? "unknown"
        throw VouchError(.unsupportedInput, "key type \(type) is not supported (ECDSA P-256/P-384, Ed25519, RSA are)", path: path)
    }

    /// `i2d_*` output: asks for the length, then encodes into a buffer of that size.
    static func encode(_ what: String, _ encoder: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) throws(VouchError) -> [UInt8] {
        let length = encoder(nil)
        guard length > 0 else { throw OpenSSLError.capture(what) }
        var out = [UInt8](repeating: 0, count: Int(length))
        let written = out.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return encoder(&cursor)
        }
        guard written == length else { throw OpenSSLError.capture(what) }
        return out
    }
}
