import CSodium
import VouchCore

/// libsodium's one-time initialisation.
enum Sodium {
    static func ready() throws(VouchError) {
        // sodium_init is idempotent and thread-safe: 0 on first success, 1 when already initialised.
        guard sodium_init() >= 0 else { throw VouchError(.cryptoFailure, "libsodium could not initialise") }
    }
}
