import COpenSSL
import Foundation
public import VouchCore

/// A public key that verifies signatures: ECDSA P-256/P-384, Ed25519 or RSA.
///
/// Read from an X.509 `SubjectPublicKeyInfo` (RFC 5280 section 4.1.2.7; PEM label `PUBLIC KEY`) or a
/// PKCS#1 `RSAPublicKey` (RFC 8017 appendix A.1.1; label `RSA PUBLIC KEY`). Always written as SPKI PEM.
public final class PublicKey: Sendable {
    let key: EVPKey
    public let algorithm: KeyAlgorithm
    /// The DER `SubjectPublicKeyInfo`: what cosign hashes for a bundle's key hint.
    public let spkiDER: [UInt8]

    init(key: EVPKey, algorithm: KeyAlgorithm, spkiDER: [UInt8]) {
        self.key = key
        self.algorithm = algorithm
        self.spkiDER = spkiDER
    }

    /// Reads a PEM public key; `path` names the file in errors.
    public convenience init(pem: [UInt8], path: String? = nil) throws(VouchError) {
        let document = try PEMDocument(parsing: pem, path: path)
        switch document.label {
        case "PUBLIC KEY":
            try self.init(spkiDER: document.body, path: path)
        case "RSA PUBLIC KEY":
            let key = try Self.rsaKey(pkcs1: document.body[...], path: path)
            let algorithm = try key.algorithm(path: path)
            try self.init(key: key, algorithm: algorithm, spkiDER: Self.spki(of: key, algorithm: algorithm))
        case let label where label.contains("PRIVATE KEY"):
            throw VouchError(.invalidArgument, "this is a private key (\(label)); give the public key (.pub)", path: path)
        default:
            throw VouchError(.unsupportedInput, "PEM label '\(document.label)' is not a public key (expected PUBLIC KEY or RSA PUBLIC KEY)", path: path)
        }
    }

    /// Reads the public key file at `path`.
    public convenience init(contentsOf path: String) throws(VouchError) {
        try self.init(pem: try KeyFile.read(path), path: path)
    }

    /// Decodes a DER `SubjectPublicKeyInfo`.
    public convenience init(spkiDER der: [UInt8], path: String? = nil) throws(VouchError) {
        do throws(VouchError) {
            let fields = try DER.parse(der[...], "SubjectPublicKeyInfo").sequence("SubjectPublicKeyInfo", atLeast: 2)
            let algorithmFields = try fields[0].sequence("AlgorithmIdentifier", atLeast: 1)
            let oid = try algorithmFields[0].objectIdentifier("algorithm")
            let keyBytes = try fields[1].bitStringBytes("subjectPublicKey")
            let key: EVPKey
            switch oid {
            case ObjectIdentifier.ed25519:
                guard keyBytes.count == 32, let raw = Array(keyBytes).withUnsafeBufferPointer({
                    EVP_PKEY_new_raw_public_key_ex(nil, "ED25519", nil, $0.baseAddress, 32)
                }) else {
                    throw VouchError(.malformedInput, "invalid Ed25519 public key")
                }
                key = EVPKey(takingOwnershipOf: raw)
            case ObjectIdentifier.rsaEncryption:
                key = try Self.rsaKey(pkcs1: keyBytes, path: path)
            case ObjectIdentifier.ecPublicKey:
                guard algorithmFields.count >= 2 else { throw DER.malformed("EC key without curve parameters") }
                let curve = try algorithmFields[1].objectIdentifier("namedCurve")
                let group: String
                switch curve {
                case ObjectIdentifier.secp256r1: group = "P-256"
                case ObjectIdentifier.secp384r1: group = "P-384"
                default: throw VouchError(.unsupportedInput, "EC curve \(curve) is not supported (P-256 and P-384 are)")
                }
                key = try Self.ecKey(group: group, point: Array(keyBytes))
            default:
                throw VouchError(.unsupportedInput, "public key algorithm \(oid) is not supported (ECDSA, Ed25519, RSA are)")
            }
            let algorithm = try key.algorithm(path: path)
            self.init(key: key, algorithm: algorithm, spkiDER: der)
        } catch {
            throw path.map { error.attributed(to: $0) } ?? error
        }
    }

    /// The SPKI PEM text, 64-character lines, as OpenSSL and Python `cryptography` write it.
    public var pem: String { PEMDocument(label: "PUBLIC KEY", body: spkiDER).text }

    // MARK: Building keys

    static func rsaKey(pkcs1 bytes: ArraySlice<UInt8>, path: String?) throws(VouchError) -> EVPKey {
        let copy = Array(bytes)
        let parsed: OpaquePointer? = copy.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PublicKey(EVP_PKEY_RSA, nil, &cursor, buffer.count)
        }
        guard let parsed else {
            ERR_clear_error()
            throw VouchError(.malformedInput, "malformed key: not a valid RSA public key", path: path)
        }
        return EVPKey(takingOwnershipOf: parsed)
    }

    /// `EVP_PKEY_PUBLIC_KEY`, a composite macro Swift does not import.
    private static let publicKeySelection = Int32(
        OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS | OSSL_KEYMGMT_SELECT_OTHER_PARAMETERS | OSSL_KEYMGMT_SELECT_PUBLIC_KEY)

    /// An EC public key from its curve and SEC 1 encoded point; OpenSSL rejects points not on the curve.
    static func ecKey(group: String, point: [UInt8]) throws(VouchError) -> EVPKey {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else { throw OpenSSLError.capture("EVP_PKEY_CTX_new_from_name") }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_fromdata_init(context) == 1 else { throw OpenSSLError.capture("EVP_PKEY_fromdata_init") }
        var made: OpaquePointer?
        let status = OSSLParameters.with([("group", .utf8(group)), ("pub", .octets(point))]) { params in
            EVP_PKEY_fromdata(context, &made, Self.publicKeySelection, UnsafeMutablePointer(mutating: params))
        }
        guard status == 1, let made else {
            ERR_clear_error()
            throw VouchError(.malformedInput, "malformed key: the EC point is not on curve \(group)")
        }
        return EVPKey(takingOwnershipOf: made)
    }

    /// The DER SPKI of `key` (public part): built here because X.509 encoders are outside the OpenSSL
    /// headers VouchCrypto imports.
    static func spki(of key: EVPKey, algorithm: KeyAlgorithm) throws(VouchError) -> [UInt8] {
        switch algorithm {
        case .ed25519:
            var raw = [UInt8](repeating: 0, count: 32)
            var length = 32
            guard EVP_PKEY_get_raw_public_key(key.pointer, &raw, &length) == 1, length == 32 else {
                throw OpenSSLError.capture("EVP_PKEY_get_raw_public_key")
            }
            return DER.sequence(DER.sequence(DER.objectIdentifier(ObjectIdentifier.ed25519)), DER.bitString(raw))
        case .rsa:
            let pkcs1 = try EVPKey.encode("i2d_PublicKey") { i2d_PublicKey(key.pointer, $0) }
            return DER.sequence(
                DER.sequence(DER.objectIdentifier(ObjectIdentifier.rsaEncryption), DER.null), DER.bitString(pkcs1))
        case .ecdsaP256, .ecdsaP384:
            var point = [UInt8](repeating: 0, count: 133)
            var length = 0
            guard EVP_PKEY_get_octet_string_param(key.pointer, "encoded-pub-key", &point, point.count, &length) == 1 else {
                throw OpenSSLError.capture("EVP_PKEY_get_octet_string_param")
            }
            let curve = algorithm == .ecdsaP256 ? ObjectIdentifier.secp256r1 : ObjectIdentifier.secp384r1
            return DER.sequence(
                DER.sequence(DER.objectIdentifier(ObjectIdentifier.ecPublicKey), DER.objectIdentifier(curve)),
                DER.bitString(Array(point.prefix(length))))
        }
    }
}
