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
        var out = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        // EVP_Digest fails only without memory or a SHA-1 provider; OpenSSL 3's default provider has one.
        let done = out.withUnsafeMutableBufferPointer { output in
            EVP_Digest(bytes.baseAddress ?? UnsafeRawPointer(output.baseAddress!), bytes.count, output.baseAddress, &length, EVP_sha1(), nil)
        }
        precondition(done == 1 && length == 20, "OpenSSL has no SHA-1")
        return out
    }
}
