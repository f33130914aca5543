import COpenSSL

/// SHA-1 (FIPS 180-4) through OpenSSL, only where a specification fixes it: UUIDv5 names (RFC 9562
/// section 5.5) and SPDX 2.3 file checksums and package verification codes. Nothing security-relevant
/// depends on it; every digest that is verifies with SHA-2 (``DigestHasher``).
public enum SHA1 {
    /// The 20-byte SHA-1 of `bytes`.
    public static func digest(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ digest(UnsafeRawBufferPointer($0)) }) { return digest }
        return Array(bytes).withUnsafeBytes { digest($0) }
    }

    /// The 20-byte SHA-1 of `bytes`.
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 20) { output, initialized in
            vouch_SHA1_oneshot(bytes.baseAddress, bytes.count, output.baseAddress)
            initialized = 20
        }
    }
}
