import VouchCore
import VouchCrypto

/// Name-based UUIDs, version 5 (RFC 9562 section 5.5): SHA-1 of namespace + name, with the version and
/// variant bits set. The same content always gets the same document namespace / serial number.
enum UUIDv5 {
    /// RFC 9562 appendix A's URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
    static let urlNamespace: [UInt8] = [0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8]

    static func make(namespace: [UInt8] = urlNamespace, bytes: [UInt8]) -> String {
        var hash = SHA1.digest(namespace + bytes)
        hash[6] = (hash[6] & 0x0F) | 0x50
        hash[8] = (hash[8] & 0x3F) | 0x80
        let hex = Hex.encode(hash.prefix(16))
        let h = Array(hex)
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
    }
}
