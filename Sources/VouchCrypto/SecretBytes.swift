import COpenSSL

/// Bytes that are secret (a password, a decrypted private key, a derived key), kept in private storage
/// that is wiped with `OPENSSL_cleanse` and freed when the last reference goes, so key material does not
/// linger in freed memory. No array of them is handed out: C calls borrow a pointer inside
/// ``withUnsafeBytes(_:)``; Swift APIs that need an array get a copy from ``withBytes(_:)`` that is wiped
/// when the closure returns.
///
/// Never printed: `description` says only how many bytes it holds.
public final class SecretBytes: Sendable, CustomStringConvertible {
    private let storage: WipedStorage

    /// Copies `bytes` into private storage and wipes the array passed in (when this holds its only copy).
    public init(_ bytes: consuming [UInt8]) {
        var bytes = bytes
        storage = WipedStorage(copying: bytes)
        Self.wipe(&bytes)
    }

    /// A password typed or read from the environment, as UTF-8.
    public convenience init(password: String) { self.init(Array(password.utf8)) }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.count == 0 }

    /// Lends the bytes to `body` as a pointer valid only inside it.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage.buffer[..<storage.count]))
    }

    /// Lends a copy of the bytes to `body` (to write them to a file, say); the copy is wiped afterwards,
    /// so `body` must not keep it.
    public func withBytes<R, E: Error>(_ body: ([UInt8]) throws(E) -> R) throws(E) -> R {
        var copy = Array(UnsafeRawBufferPointer(rebasing: storage.buffer[..<storage.count]))
        defer { Self.wipe(&copy) }
        return try body(copy)
    }

    public var description: String { "<\(storage.count) secret bytes>" }

    /// Overwrites `bytes` in place so the compiler cannot elide it.
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress { OPENSSL_cleanse(base, raw.count) }
        }
    }
}

/// The allocation behind a ``SecretBytes``: written once in `init`, read-only after, wiped and freed in
/// `deinit`. Unchecked Sendable like a C-handle box: it owns raw memory that nothing else can reach.
private final class WipedStorage: @unchecked Sendable {
    let buffer: UnsafeMutableRawBufferPointer
    let count: Int

    init(copying bytes: [UInt8]) {
        count = bytes.count
        buffer = .allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { buffer.baseAddress!.copyMemory(from: base, byteCount: source.count) }
        }
    }

    deinit {
        OPENSSL_cleanse(buffer.baseAddress, buffer.count)
        buffer.deallocate()
    }
}
