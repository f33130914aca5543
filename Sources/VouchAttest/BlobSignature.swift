public import VouchCore
import VouchCrypto

/// `vouch sign-blob` / `vouch verify-blob`: cosign-compatible signatures over a file's bytes.
public enum BlobSignature {
    /// What signing a blob produced: the raw signature and the Sigstore bundle that carries it.
    public struct Signed: Sendable {
        public var signature: [UInt8]
        public var bundle: SigstoreBundle
        /// The signature as cosign prints it: standard base64.
        public var base64: String { Base64.encode(signature) }
    }

    /// The largest message signed with pure Ed25519, which needs the whole message at once (RFC 8032
    /// section 5.1.6 hashes it twice), so it is read into memory.
    public static let maximumEd25519MessageBytes = 1 << 30

    /// Signs the file at `path` (`-`: standard input), reading it exactly once whatever it is (a regular file,
    /// a pipe, a FIFO, a file still being written), so the signature and the bundle's digest cover the same
    /// bytes: ECDSA and RSA stream it into the digest they sign; Ed25519 reads it into memory, at most
    /// `maximumEd25519MessageBytes`.
    public static func sign(path: String, key: SigningKey, maximumEd25519MessageBytes: Int = maximumEd25519MessageBytes) throws(VouchError) -> Signed {
        let algorithm: DigestAlgorithm = key.scheme == .ecdsaSHA384 ? .sha384 : .sha256
        let digest: Digest
        let signature: [UInt8]
        if key.scheme.isStreaming {
            digest = try FileDigester(algorithm: algorithm).digest(path: path).digest
            signature = try key.privateKey.sign(digest: digest, scheme: key.scheme)
        } else {
            let message = try MessageSource.file(path: path).readAll(maximumBytes: maximumEd25519MessageBytes, limitName: "maximumEd25519MessageBytes")
            digest = try DigestHasher.digest(of: message, algorithm: algorithm)
            signature = try key.privateKey.sign(.bytes(message), scheme: key.scheme)
        }
        let bundle = SigstoreBundle(publicKeyHint: key.privateKey.publicKey.hint, content: .messageSignature(digest: digest, signature: signature))
        return Signed(signature: signature, bundle: bundle)
    }

    /// Verifies base64 `signatureText` (read from `signaturePath`, named in errors) over the file at `path`
    /// with each key in turn. Standard or URL-safe base64, line breaks allowed (`openssl base64` wraps at 64
    /// columns); text that is not base64 could not be read, an error, as an envelope's payload is.
    public static func verify(path: String, signatureText: String, keys: [VerificationKey], signaturePath: String? = nil) throws(VouchError) -> BlobVerification {
        let trimmed = signatureText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let signature = Base64.decode(trimmed, ignoringLineBreaks: true), !signature.isEmpty else {
            throw VouchError(.malformedInput, "the signature is not valid base64 (standard or URL-safe, line breaks allowed)", path: signaturePath)
        }
        return try verify(path: path, signature: signature, bundleDigest: nil, keys: keys, source: "signature")
    }

    /// Verifies a Sigstore bundle's `messageSignature` over the file at `path`, fully offline: the bundle's
    /// digest must be the file's, and the signature must verify with one of `keys`.
    public static func verify(path: String, bundle: SigstoreBundle, keys: [VerificationKey]) throws(VouchError) -> BlobVerification {
        guard case .messageSignature(let digest, let signature) = bundle.content else {
            throw VouchError(.unsupportedInput, "the bundle holds a DSSE envelope, not a blob signature; use verify-attestation")
        }
        return try verify(path: path, signature: signature, bundleDigest: digest, keys: keys, source: "bundle")
    }

    private static func verify(path: String, signature: [UInt8]?, bundleDigest: Digest?, keys: [VerificationKey], source: String) throws(VouchError) -> BlobVerification {
        var result = BlobVerification(file: path, signatures: [], failures: [])
        var fileDigests: [DigestAlgorithm: Digest] = [:]
        // The file is hashed at most once per algorithm; hashed schemes then verify against that digest.
        func digest(_ algorithm: DigestAlgorithm) throws(VouchError) -> Digest {
            if let known = fileDigests[algorithm] { return known }
            let computed = try FileDigester(algorithm: algorithm).digest(path: path).digest
            fileDigests[algorithm] = computed
            return computed
        }
        if let bundleDigest {
            let actual = try digest(bundleDigest.algorithm)
            if actual != bundleDigest {
                result.failures.append(CheckFailure(subject: "messageDigest", reason: "the bundle is for another file: the bundle names \(bundleDigest), the file is \(actual)"))
            }
        }
        var check = SignatureCheck(index: 0, keyid: "", verifiedBy: nil, failures: [])
        if let signature, !signature.isEmpty {
            for key in keys {
                let valid: Bool
                if let name = key.scheme.digestAlgorithm, key.scheme.fits(key.publicKey.algorithm) {
                    valid = try key.publicKey.isValidSignature(signature, forDigest: digest(name == .sha384 ? .sha384 : .sha256), scheme: key.scheme)
                } else {
                    valid = try key.publicKey.isValidSignature(signature, for: .file(path: path), scheme: key.scheme)
                }
                if valid {
                    check.verifiedBy = key.name
                    check.failures = []
                    break
                }
                check.failures.append("\(key.name): signature does not verify with this \(key.publicKey.algorithm) key (\(key.scheme.rawValue))")
            }
        } else {
            check.failures.append("the \(source) is not valid base64 (truncated or altered)")
        }
        result.signatures.append(check)
        return result
    }
}
