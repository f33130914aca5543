import CSodium
import VouchCore

/// NaCl `crypto_secretbox` (XSalsa20-Poly1305) from libsodium: the cipher of cosign's encrypted keys.
///
/// The sealed form is the 16-byte Poly1305 tag followed by the ciphertext, as libsodium's `_easy` API and
/// Go's `nacl/secretbox.Seal` both lay it out.
enum SecretBox {
    static let keyBytes = 32
    static let nonceBytes = 24
    static let tagBytes = 16

    static func seal(_ plain: SecretBytes, key: SecretBytes, nonce: [UInt8]) throws(VouchError) -> [UInt8] {
        try Sodium.ready()
        precondition(key.count == keyBytes && nonce.count == nonceBytes)
        var out = [UInt8](repeating: 0, count: plain.count + tagBytes)
        let status = plain.withUnsafeBytes { plainBytes in
            key.withUnsafeBytes { keyBytes in
                crypto_secretbox_easy(
                    &out, plainBytes.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(plainBytes.count), nonce,
                    keyBytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard status == 0 else {
            throw VouchError(.cryptoFailure, "libsodium crypto_secretbox_easy failed")
        }
        return out
    }

    /// The plaintext, or nil when the tag does not verify (wrong key, or the box was altered).
    static func open(_ sealed: [UInt8], key: SecretBytes, nonce: [UInt8]) throws(VouchError) -> SecretBytes? {
        try Sodium.ready()
        guard key.count == keyBytes, nonce.count == nonceBytes, sealed.count >= tagBytes else { return nil }
        var out = [UInt8](repeating: 0, count: sealed.count - tagBytes)
        let status = key.withUnsafeBytes { keyBytes in
            crypto_secretbox_open_easy(&out, sealed, UInt64(sealed.count), nonce, keyBytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard status == 0 else {
            SecretBytes.wipe(&out)
            return nil
        }
        return SecretBytes(out)
    }
}
