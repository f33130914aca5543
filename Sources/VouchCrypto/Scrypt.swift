import COpenSSL
import VouchCore

/// scrypt cost parameters (RFC 7914 section 2).
public struct ScryptParameters: Hashable, Sendable, Codable {
    /// CPU/memory cost, a power of two.
    public var n: Int64
    /// Block size.
    public var r: Int64
    /// Parallelisation.
    public var p: Int64

    public init(n: Int64, r: Int64, p: Int64) {
        self.n = n
        self.r = r
        self.p = p
    }

    /// What cosign writes today (go-securesystemslib's "standard" strength): N=65536, r=8, p=1.
    public static let cosignDefault = ScryptParameters(n: 65536, r: 8, p: 1)

    enum CodingKeys: String, CodingKey {
        case n = "N", r, p
    }

    /// Rejects parameters from an untrusted key file that are invalid or would take too much memory.
    func validate(path: String?) throws(VouchError) {
        guard n > 1, n & (n - 1) == 0, r >= 1, p >= 1 else {
            throw VouchError(.malformedInput, "invalid scrypt parameters N=\(n) r=\(r) p=\(p) (N must be a power of two > 1)", path: path)
        }
        guard n <= KeyLimits.maxScryptN else {
            throw VouchError.limitExceeded("maxScryptN", limit: KeyLimits.maxScryptN, found: n, path: path, what: "scrypt N")
        }
        guard r * p <= KeyLimits.maxScryptRTimesP else {
            throw VouchError.limitExceeded("maxScryptRTimesP", limit: KeyLimits.maxScryptRTimesP, found: r * p, path: path, what: "scrypt r*p")
        }
        // N <= 2^20 and r <= 64 here, so the product cannot overflow.
        guard 128 * n * r <= KeyLimits.maxScryptMemoryBytes else {
            throw VouchError.limitExceeded("maxScryptMemoryBytes", limit: KeyLimits.maxScryptMemoryBytes, found: 128 * n * r, path: path,
                                           what: "scrypt memory (128*N*r bytes)")
        }
    }
}

/// scrypt (RFC 7914) through OpenSSL's `EVP_PBE_scrypt`.
enum Scrypt {
    static func deriveKey(password: SecretBytes, salt: [UInt8], parameters: ScryptParameters, length: Int) throws(VouchError) -> SecretBytes {
        var out = [UInt8](repeating: 0, count: length)
        // 128 * N * r bytes for V plus 256 * r * p for B, with headroom: OpenSSL refuses above maxmem.
        let memory = UInt64(128 * parameters.n * parameters.r + 256 * parameters.r * parameters.p + (1 << 20))
        let status = password.withUnsafeBytes { pass in
            EVP_PBE_scrypt(
                pass.baseAddress?.assumingMemoryBound(to: CChar.self), pass.count, salt, salt.count, UInt64(parameters.n),
                UInt64(parameters.r), UInt64(parameters.p), memory, &out, length)
        }
        guard status == 1 else { throw OpenSSLError.capture("EVP_PBE_scrypt") }
        return SecretBytes(out)
    }
}
