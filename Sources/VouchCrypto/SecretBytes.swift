import COpenSSL

/// Bytes that are secret (a password, a decrypted private key, a derived key): wiped with
/// `OPENSSL_cleanse` when the last reference goes, so key material does not linger in freed memory.
///
/// Never printed: `description` says only how many bytes it holds.
public final class SecretBytes: @unchecked Sendable, CustomStringConvertible {
    // Only read after init; the class is immutable from outside, which is what makes sharing it safe.
    private(set) var bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// A password typed or read from the environment, as UTF-8.
    public convenience init(password: String) { self.init(Array(password.utf8)) }

    deinit { Self.wipe(&bytes) }

    public var count: Int { bytes.count }
    public var isEmpty: Bool { bytes.isEmpty }

    /// Lends the bytes to `body` (to write them to a file, say); `body` must not keep a copy.
    public func withBytes<R>(_ body: ([UInt8]) throws -> R) rethrows -> R { try body(bytes) }

    public var description: String { "<\(bytes.count) secret bytes>" }

    /// Overwrites `bytes` in place so the compiler cannot elide it.
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress { OPENSSL_cleanse(base, raw.count) }
        }
    }
}
