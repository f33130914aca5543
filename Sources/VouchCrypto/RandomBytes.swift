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
