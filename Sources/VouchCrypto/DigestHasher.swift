import COpenSSL
public import VouchCore

/// Incremental SHA-2 hashing through OpenSSL's EVP interface, which picks SHA-NI / AVX2 code by itself.
///
/// Owns one `EVP_MD_CTX`; not thread-safe, so give each thread its own hasher.
public final class DigestHasher {
    public let algorithm: DigestAlgorithm
    private let context: OpaquePointer

    public init(_ algorithm: DigestAlgorithm) throws(VouchError) {
        guard let context = EVP_MD_CTX_new() else {
            throw OpenSSLError.capture("EVP_MD_CTX_new")
        }
        self.algorithm = algorithm
        self.context = context
        try reset()
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Starts a new digest, discarding anything hashed so far.
    public func reset() throws(VouchError) {
        guard EVP_DigestInit_ex2(context, try MessageDigestTable.method(for: algorithm), nil) == 1 else {
            throw OpenSSLError.capture("EVP_DigestInit_ex2")
        }
    }

    /// Adds `bytes` to the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        // EVP_DigestUpdate only fails for a context without a method, which init rules out.
        _ = EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Adds `bytes` to the digest.
    public func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { update($0) }
        }
    }

    /// The digest of everything added since the last reset; the hasher is then reset for reuse.
    public func finalize() throws(VouchError) -> Digest {
        var raw = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &raw, &length) == 1 else {
            throw OpenSSLError.capture("EVP_DigestFinal_ex")
        }
        let digest = try Digest(algorithm: algorithm, bytes: raw.prefix(Int(length)))
        try reset()
        return digest
    }

    /// The digest of `bytes` in one call.
    public static func digest(of bytes: some Sequence<UInt8>, algorithm: DigestAlgorithm = .sha256) throws(VouchError) -> Digest {
        let hasher = try DigestHasher(algorithm)
        hasher.update(bytes)
        return try hasher.finalize()
    }
}

/// The `EVP_MD` of each algorithm, fetched once: an explicit fetch avoids OpenSSL 3's per-init lookup.
private enum MessageDigestTable {
    // The fetched methods are immutable and live for the whole process, so sharing them is safe.
    nonisolated(unsafe) private static let methods: [DigestAlgorithm: OpaquePointer] = Dictionary(
        uniqueKeysWithValues: DigestAlgorithm.allCases.compactMap { algorithm in
            EVP_MD_fetch(nil, algorithm.standardName, nil).map { (algorithm, $0) }
        })

    /// The method for `algorithm`, fetched by its standard name; an algorithm OpenSSL lacks is an error,
    /// never another algorithm's digest.
    static func method(for algorithm: DigestAlgorithm) throws(VouchError) -> OpaquePointer {
        guard let method = methods[algorithm] else {
            throw VouchError(.cryptoFailure, "OpenSSL has no implementation of \(algorithm.standardName) (\(algorithm))")
        }
        return method
    }
}
