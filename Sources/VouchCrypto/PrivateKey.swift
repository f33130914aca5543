import COpenSSL
import Foundation
public import VouchCore

/// A private key that signs: ECDSA P-256/P-384, Ed25519 or RSA. Never printed, never written unencrypted
/// unless asked (`--no-password`).
///
/// Reads PKCS#8 (RFC 5208 `PRIVATE KEY`, RFC 5958 / RFC 8018 PBES2 `ENCRYPTED PRIVATE KEY`), SEC 1 EC keys
/// (RFC 5915 `EC PRIVATE KEY`), PKCS#1 RSA keys (RFC 8017 `RSA PRIVATE KEY`) and cosign's
/// `ENCRYPTED SIGSTORE PRIVATE KEY` / `ENCRYPTED COSIGN PRIVATE KEY` (see ``CosignEncryptedKey``).
public final class PrivateKey: Sendable, CustomStringConvertible {
    let key: EVPKey
    public let algorithm: KeyAlgorithm
    /// The matching public key.
    public let publicKey: PublicKey

    init(key: EVPKey, path: String?) throws(VouchError) {
        self.key = key
        algorithm = try key.algorithm(path: path)
        let spki = try PublicKey.spki(of: key, algorithm: algorithm)
        publicKey = try PublicKey(spkiDER: spki, path: path)
    }

    /// Never the key material.
    public var description: String { "PrivateKey(\(algorithm))" }

    /// A new random key.
    public static func generate(_ algorithm: KeyAlgorithm) throws(VouchError) -> PrivateKey {
        let name: String
        var params: [(String, OSSLParameters.Value)] = []
        switch algorithm {
        case .ecdsaP256: name = "EC"; params = [("group", .utf8("P-256"))]
        case .ecdsaP384: name = "EC"; params = [("group", .utf8("P-384"))]
        case .ed25519: name = "ED25519"
        case .rsa(let bits):
            guard (2048...8192).contains(bits) else {
                throw VouchError(.invalidArgument, "RSA key size \(bits) is outside 2048...8192")
            }
            name = "RSA"; params = [("bits", .unsignedInteger(UInt32(bits)))]
        }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, name, nil) else { throw OpenSSLError.capture("EVP_PKEY_CTX_new_from_name") }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw OpenSSLError.capture("EVP_PKEY_keygen_init") }
        if !params.isEmpty {
            guard OSSLParameters.with(params, { EVP_PKEY_CTX_set_params(context, $0) }) == 1 else {
                throw OpenSSLError.capture("EVP_PKEY_CTX_set_params")
            }
        }
        var made: OpaquePointer?
        guard EVP_PKEY_generate(context, &made) == 1, let made else { throw OpenSSLError.capture("EVP_PKEY_generate") }
        return try PrivateKey(key: EVPKey(takingOwnershipOf: made), path: nil)
    }

    /// Reads a PEM private key in any of the supported forms. `password` decrypts an encrypted one; a
    /// wrong or missing password is an error that says so.
    public convenience init(pem: [UInt8], password: SecretBytes?, path: String? = nil) throws(VouchError) {
        var document = try PEMDocument(parsing: pem, path: path)
        var body = document.takeBody()
        defer { SecretBytes.wipe(&body) }
        do throws(VouchError) {
            switch document.label {
            case "PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY":
                if document.hasLegacyHeaders {
                    throw VouchError(.unsupportedInput, "legacy OpenSSL-encrypted PEM (Proc-Type header) is not supported; convert it with 'openssl pkcs8 -topk8'")
                }
                try self.init(der: body)
            case "ENCRYPTED PRIVATE KEY":
                let password = try Self.require(password, label: document.label)
                let decrypted = try PKCS8Encryption.decrypt(body, password: password)
                try self.init(der: decrypted)
            case CosignEncryptedKey.sigstoreLabel, CosignEncryptedKey.cosignLabel:
                let password = try Self.require(password, label: document.label)
                let decrypted = try CosignEncryptedKey.decrypt(json: body, password: password)
                try self.init(der: decrypted)
            case let label where label.contains("PUBLIC KEY"):
                throw VouchError(.invalidArgument, "this is a public key (\(label)); signing needs the private key")
            default:
                throw VouchError(.unsupportedInput, "PEM label '\(document.label)' is not a private key format Vouch reads")
            }
        } catch {
            throw path.map { error.attributed(to: $0) } ?? error
        }
    }

    /// Reads the private key file at `path`.
    public convenience init(contentsOf path: String, password: SecretBytes?) throws(VouchError) {
        var bytes = try KeyFile.read(path)
        defer { SecretBytes.wipe(&bytes) }
        try self.init(pem: bytes, password: password, path: path)
    }

    /// True when the key file at `path` is encrypted and so needs a password (read before asking for one).
    public static func isEncrypted(contentsOf path: String) throws(VouchError) -> Bool {
        var bytes = try KeyFile.read(path)
        defer { SecretBytes.wipe(&bytes) }
        var document = try PEMDocument(parsing: bytes, path: path)
        var body = document.takeBody()
        SecretBytes.wipe(&body)
        return ["ENCRYPTED PRIVATE KEY", CosignEncryptedKey.sigstoreLabel, CosignEncryptedKey.cosignLabel].contains(document.label)
    }

    /// Decodes DER PKCS#8 `PrivateKeyInfo`, SEC 1 or PKCS#1 (OpenSSL tells them apart).
    convenience init(der: [UInt8]) throws(VouchError) {
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_AutoPrivateKey(nil, &cursor, buffer.count)
        }
        guard let parsed else {
            ERR_clear_error()
            throw VouchError(.malformedInput, "malformed key: not a valid private key")
        }
        try self.init(key: EVPKey(takingOwnershipOf: parsed), path: nil)
    }

    /// Decodes a decrypted key's DER straight from its secret storage (no unwiped copy).
    convenience init(der secret: SecretBytes) throws(VouchError) {
        let parsed: OpaquePointer? = secret.withUnsafeBytes { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
            return d2i_AutoPrivateKey(nil, &cursor, buffer.count)
        }
        guard let parsed else {
            ERR_clear_error()
            throw VouchError(.malformedInput, "malformed key: not a valid private key")
        }
        try self.init(key: EVPKey(takingOwnershipOf: parsed), path: nil)
    }

    private static func require(_ password: SecretBytes?, label: String) throws(VouchError) -> SecretBytes {
        guard let password else {
            throw VouchError(.invalidArgument, "the key is encrypted (\(label)); set VOUCH_PASSWORD or run on a terminal to be asked")
        }
        return password
    }

    // MARK: Writing

    /// The unencrypted DER PKCS#8 `PrivateKeyInfo` (RFC 5208 section 5), wiped when released.
    public func pkcs8() throws(VouchError) -> SecretBytes {
        var native = try EVPKey.encode("i2d_PrivateKey") { i2d_PrivateKey(key.pointer, $0) }
        defer { SecretBytes.wipe(&native) }
        let algorithmIdentifier: [UInt8]
        switch algorithm {
        case .ed25519:
            // OpenSSL has no type-specific Ed25519 form, so i2d_PrivateKey already wrote PKCS#8.
            return SecretBytes(native)
        case .rsa:
            algorithmIdentifier = DER.sequence(DER.objectIdentifier(ObjectIdentifier.rsaEncryption), DER.null)
        case .ecdsaP256, .ecdsaP384:
            let curve = algorithm == .ecdsaP256 ? ObjectIdentifier.secp256r1 : ObjectIdentifier.secp384r1
            algorithmIdentifier = DER.sequence(DER.objectIdentifier(ObjectIdentifier.ecPublicKey), DER.objectIdentifier(curve))
        }
        return SecretBytes(DER.sequence(DER.integer(0), algorithmIdentifier, DER.octetString(native)))
    }

    /// The PEM text of the key: `ENCRYPTED PRIVATE KEY` (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) when a
    /// password is given, plain `PRIVATE KEY` otherwise.
    public func pkcs8PEM(password: SecretBytes?) throws(VouchError) -> SecretBytes {
        let plain = try pkcs8()
        guard let password else {
            return SecretBytes(Array(plain.withBytes { PEMDocument(label: "PRIVATE KEY", body: $0).text }.utf8))
        }
        let encrypted = try PKCS8Encryption.encrypt(plain, password: password)
        return SecretBytes(Array(PEMDocument(label: "ENCRYPTED PRIVATE KEY", body: encrypted).text.utf8))
    }

    /// The key in cosign's format (`ENCRYPTED SIGSTORE PRIVATE KEY`), which cosign reads with the same password.
    public func cosignPEM(password: SecretBytes, parameters: ScryptParameters = .cosignDefault) throws(VouchError) -> String {
        let plain = try pkcs8()
        let json = try CosignEncryptedKey.encrypt(plain, password: password, parameters: parameters)
        return PEMDocument(label: CosignEncryptedKey.sigstoreLabel, body: json).text
    }
}
