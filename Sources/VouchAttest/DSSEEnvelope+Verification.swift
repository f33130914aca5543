public import VouchCore
import VouchCrypto

extension DSSEEnvelope {
    /// Checks every signature against every key over the PAE of the stored payload bytes (DSSE protocol.md,
    /// "Signature verification"). A non-empty `keyid` must be the key's securesystemslib id, as
    /// securesystemslib's `Key.verify_signature` requires; an empty one matches any key.
    public func checkSignatures(with keys: [VerificationKey]) throws(VouchError) -> [SignatureCheck] {
        let pae = preAuthenticationEncoding
        var checks: [SignatureCheck] = []
        for (index, signature) in signatures.enumerated() {
            var check = SignatureCheck(index: index, keyid: signature.keyid, verifiedBy: nil, failures: [])
            guard let bytes = signature.bytes, !bytes.isEmpty else {
                check.failures.append("signature is not valid base64 (truncated or altered)")
                checks.append(check)
                continue
            }
            for key in keys {
                if !signature.keyid.isEmpty, !Self.keyidMatches(signature.keyid, key) {
                    check.failures.append("\(key.name): keyid mismatch (signature names \(signature.keyid), this key's id is \(key.secureSystemsLibKeyID))")
                    continue
                }
                guard key.scheme.fits(key.publicKey.algorithm) else {
                    check.failures.append("\(key.name): wrong key type for \(key.scheme.rawValue)")
                    continue
                }
                if try Self.verifies(bytes, pae: pae, key: key) {
                    check.verifiedBy = key.name
                    check.failures = []
                    break
                }
                check.failures.append("\(key.name): signature does not verify with this \(key.publicKey.algorithm) key (payload, payloadType or signature altered, or another key signed)")
            }
            checks.append(check)
        }
        return checks
    }

    /// DER first; for ECDSA also the raw `r || s` form (IEEE P1363) that the DSSE spec's own test vector
    /// and some signers use, converted to DER. Only the encoding differs: the same signature verifies.
    private static func verifies(_ signature: [UInt8], pae: [UInt8], key: VerificationKey) throws(VouchError) -> Bool {
        if try key.publicKey.isValidSignature(signature, for: .bytes(pae), scheme: key.scheme) { return true }
        let rawLength: Int? = switch key.publicKey.algorithm {
        case .ecdsaP256: 64
        case .ecdsaP384: 96
        default: nil
        }
        guard signature.count == rawLength, let der = ECDSASignature.der(fromRaw: signature) else { return false }
        return try key.publicKey.isValidSignature(der, for: .bytes(pae), scheme: key.scheme)
    }

    private static func keyidMatches(_ keyid: String, _ key: VerificationKey) -> Bool {
        if keyid == key.secureSystemsLibKeyID { return true }
        // An RSA key's id depends on the scheme securesystemslib was told; accept either RSA scheme's id.
        if case .rsa = key.publicKey.algorithm {
            return [SignatureScheme.rsaPSSSHA256, .rsaPKCS1v15SHA256].contains { keyid == SecureSystemsLibKey.keyID(key.publicKey, scheme: $0) }
        }
        return false
    }
}
