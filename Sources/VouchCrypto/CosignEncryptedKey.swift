import Foundation
import VouchCore

/// cosign's encrypted private key: PEM `ENCRYPTED SIGSTORE PRIVATE KEY` (or the older
/// `ENCRYPTED COSIGN PRIVATE KEY`) around JSON
/// `{"kdf":{"name":"scrypt","params":{"N":..,"r":..,"p":..},"salt":b64},"cipher":{"name":"nacl/secretbox","nonce":b64},"ciphertext":b64}`.
///
/// The format of go-securesystemslib's `encrypted` package, which cosign uses: a 32-byte key from
/// scrypt(password, 32-byte salt), then NaCl secretbox over the DER PKCS#8 private key.
public enum CosignEncryptedKey {
    public static let sigstoreLabel = "ENCRYPTED SIGSTORE PRIVATE KEY"
    public static let cosignLabel = "ENCRYPTED COSIGN PRIVATE KEY"

    struct Envelope: Codable {
        struct KDF: Codable {
            var name: String
            var params: ScryptParameters
            var salt: String
        }
        struct Cipher: Codable {
            var name: String
            var nonce: String
        }
        var kdf: KDF
        var cipher: Cipher
        var ciphertext: String
    }

    static func encrypt(_ plain: SecretBytes, password: SecretBytes, parameters: ScryptParameters) throws(VouchError) -> [UInt8] {
        try parameters.validate(path: nil)
        let salt = try RandomBytes.make(32)
        let nonce = try RandomBytes.make(SecretBox.nonceBytes)
        let key = try Scrypt.deriveKey(password: password, salt: salt, parameters: parameters, length: SecretBox.keyBytes)
        let sealed = try SecretBox.seal(plain, key: key, nonce: nonce)
        let envelope = Envelope(
            kdf: .init(name: "scrypt", params: parameters, salt: Data(salt).base64EncodedString()),
            cipher: .init(name: "nacl/secretbox", nonce: Data(nonce).base64EncodedString()),
            ciphertext: Data(sealed).base64EncodedString())
        // Field order as Go's encoding/json writes the struct: kdf, cipher, ciphertext.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        do {
            let params = String(decoding: try encoder.encode(envelope.kdf.params), as: UTF8.self)
            let text = #"{"kdf":{"name":"scrypt","params":\#(params),"salt":"\#(envelope.kdf.salt)"},"cipher":{"name":"nacl/secretbox","nonce":"\#(envelope.cipher.nonce)"},"ciphertext":"\#(envelope.ciphertext)"}"#
            return Array(text.utf8)
        } catch {
            throw VouchError(.invalidArgument, "could not encode the cosign key: \(error)")
        }
    }

    static func decrypt(json: [UInt8], password: SecretBytes) throws(VouchError) -> SecretBytes {
        let envelope: Envelope
        do throws(VouchError) {
            // The strict JSON reader: a repeated key is refused, the error names the field at fault.
            envelope = try JSONValue.decode(Envelope.self, from: json, path: "",
                                            limits: JSONLimits(maxBytes: Int(KeyLimits.maxKeyFileBytes), maxBytesName: "maxKeyFileBytes"))
        } catch {
            throw VouchError(error.code, "malformed cosign key: the PEM body is not the expected JSON: \(error.reason)", limit: error.limit)
        }
        guard envelope.kdf.name == "scrypt" else {
            throw VouchError(.unsupportedInput, "cosign key KDF '\(envelope.kdf.name)' is not supported (scrypt is)")
        }
        guard envelope.cipher.name == "nacl/secretbox" else {
            throw VouchError(.unsupportedInput, "cosign key cipher '\(envelope.cipher.name)' is not supported (nacl/secretbox is)")
        }
        try envelope.kdf.params.validate(path: nil)
        guard let salt = Data(base64Encoded: envelope.kdf.salt), let nonce = Data(base64Encoded: envelope.cipher.nonce),
              let sealed = Data(base64Encoded: envelope.ciphertext)
        else {
            throw VouchError(.malformedInput, "malformed cosign key: salt, nonce or ciphertext is not base64")
        }
        guard nonce.count == SecretBox.nonceBytes else {
            throw VouchError(.malformedInput, "malformed cosign key: the nonce is \(nonce.count) bytes, not 24")
        }
        let key = try Scrypt.deriveKey(password: password, salt: [UInt8](salt), parameters: envelope.kdf.params, length: SecretBox.keyBytes)
        guard let plain = try SecretBox.open([UInt8](sealed), key: key, nonce: [UInt8](nonce)) else {
            throw VouchError(.invalidArgument, "wrong password: the key could not be decrypted")
        }
        return plain
    }
}
