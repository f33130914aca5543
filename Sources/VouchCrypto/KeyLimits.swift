/// Named limits for key files and the key-derivation parameters read from them (untrusted input).
public enum KeyLimits {
    /// The largest key file read, in bytes (an RSA-4096 PEM is about 3.3 KiB; cosign's JSON about 1 KiB).
    public static let maxKeyFileBytes: Int64 = 1 << 20
    /// The largest PBKDF2 iteration count accepted from an encrypted PKCS#8 key (OpenSSL writes 2,048;
    /// Vouch writes ``PKCS8Encryption/iterations``).
    public static let maxPBKDF2Iterations: Int64 = 10_000_000
    /// The largest scrypt cost `N` accepted from a cosign key (cosign writes 65,536; 2^20 needs 1 GiB with r=8).
    public static let maxScryptN: Int64 = 1 << 20
    /// The largest scrypt `r * p` accepted from a cosign key (cosign writes r=8, p=1).
    public static let maxScryptRTimesP: Int64 = 64
    /// The most memory scrypt may need for a cosign key, `128 * N * r` bytes (RFC 7914 section 2's V): 1 GiB,
    /// what the largest N needs with cosign's r=8. Without it N=2^20 with r=64 (r*p=64) asks for 8 GiB.
    public static let maxScryptMemoryBytes: Int64 = 1 << 30
}
