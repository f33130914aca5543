import CSodium
import VouchCore

/// Salts, IVs and nonces from the operating system's CSPRNG (libsodium's `randombytes_buf`, which uses
/// `getrandom(2)`).
enum RandomBytes {
    static func make(_ count: Int) throws(VouchError) -> [UInt8] {
        try Sodium.ready()
        var out = [UInt8](repeating: 0, count: count)
        randombytes_buf(&out, count)
        return out
    }
}

/// libsodium's one-time initialisation.
enum Sodium {
    static func ready() throws(VouchError) {
        // sodium_init is idempotent and thread-safe: 0 on first success, 1 when already initialised.
        guard sodium_init() >= 0 else { throw VouchError(.cryptoFailure, "libsodium could not initialise") }
    }
}
