/// ECDSA signature encodings.
public enum ECDSASignature {
    /// Converts a raw `r || s` signature (IEEE P1363, as in the DSSE spec's test vector and WebCrypto) to
    /// the ASN.1 DER `ECDSA-Sig-Value` OpenSSL verifies (RFC 3279 section 2.2.3). Nil for an odd length.
    public static func der(fromRaw raw: [UInt8]) -> [UInt8]? {
        guard !raw.isEmpty, raw.count % 2 == 0 else { return nil }
        func integer(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            var trimmed = Array(bytes.drop { $0 == 0 })
            if trimmed.isEmpty { trimmed = [0] }
            if trimmed[0] & 0x80 != 0 { trimmed.insert(0, at: 0) }
            return DER.element(DER.Tag.integer, trimmed)
        }
        let half = raw.count / 2
        return DER.sequence(integer(raw[..<half]), integer(raw[half...]))
    }
}
