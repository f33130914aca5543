/// Deterministic fake secrets for rule samples, fixtures and benchmarks.
///
/// Samples are assembled at run time from a prefix and generated characters, so Vouch's own sources
/// never hold a string that a rule matches (the repository's own scan stays clean).
public enum FakeSecret {
    public static let lowerHex = Array("0123456789abcdef")
    public static let upperHex = Array("0123456789ABCDEF")
    public static let digits = Array("0123456789")
    public static let lowerAlphanumeric = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    public static let upperAlphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    public static let alphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    public static let base64 = alphanumeric + Array("+/")
    public static let base64URL = alphanumeric + Array("-_")

    /// `prefix` followed by `count` characters drawn from `alphabet`, seeded by the prefix, the count
    /// and `seed`; the same arguments always give the same string. Digits and letters both appear
    /// when the alphabet has both, so entropy and digit checks pass.
    public static func make(_ prefix: String = "", _ alphabet: [Character], _ count: Int, seed: UInt64 = 0) -> String {
        var generator = SeededGenerator(seed: seed &+ UInt64(count) &* 1_000_003 &+ prefix.utf8.reduce(UInt64(1469598103934665603)) { ($0 ^ UInt64($1)) &* 1099511628211 })
        var result = prefix
        for _ in 0..<count { result.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
        return result
    }
}

/// SplitMix64: small, fast and reproducible across platforms (unlike `SystemRandomNumberGenerator`).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
