import COpenSSL
public import VouchCore

/// An RFC 6962 section 3.2 `SignedCertificateTimestamp` embedded in a certificate (section 3.3), and the
/// check of its signature by a CT log.
///
/// OpenSSL's own CT validation needs a `CTLOG_STORE`, which OpenSSL 3.0 fills only from a configuration
/// file, so the signed structure is assembled here and its signature checked with ``PublicKey``; OpenSSL
/// still does the one delicate part, re-encoding the TBS certificate without the SCT extension.
public struct SignedCertificateTimestamp: Sendable, Hashable {
    /// `sct_version`; only v1 (0) exists.
    public var version: UInt8
    /// SHA-256 of the log's DER public key (RFC 6962 section 3.2 `LogID`).
    public var logID: [UInt8]
    /// Milliseconds since the Unix epoch.
    public var timestamp: UInt64
    public var extensions: [UInt8]
    /// TLS `HashAlgorithm` and `SignatureAlgorithm` (RFC 5246 section 7.4.1.4.1): 4 = SHA-256, 3 = ECDSA.
    public var hashAlgorithm: UInt8
    public var signatureAlgorithm: UInt8
    public var signature: [UInt8]

    /// The SCTs in `certificate`'s SCT-list extension; empty when it has none. Throws when the list is malformed.
    public static func embedded(in certificate: X509Certificate) throws(VouchError) -> [SignedCertificateTimestamp] {
        guard let value = certificate.extensionValue(X509Extension.embeddedSCTList) else { return [] }
        let list = try DER.parse(value[...], "SignedCertificateTimestampList").octetString("SignedCertificateTimestampList")
        var reader = TLSReader(bytes: list)
        var entries = try reader.vector(lengthBytes: 2)
        guard reader.isAtEnd else { throw malformed("trailing bytes after the list") }
        var found: [SignedCertificateTimestamp] = []
        while !entries.isAtEnd {
            var entry = try entries.vector(lengthBytes: 2)
            let version = try entry.byte()
            guard version == 0 else { throw malformed("SCT version \(version) is not v1") }
            let logID = try entry.bytes(32)
            let timestamp = try entry.integer(8)
            let extensions = Array(try entry.vector(lengthBytes: 2).rest)
            let hash = try entry.byte(), signatureAlgorithm = try entry.byte()
            let signature = Array(try entry.vector(lengthBytes: 2).rest)
            guard entry.isAtEnd else { throw malformed("trailing bytes in an SCT") }
            found.append(SignedCertificateTimestamp(
                version: version, logID: Array(logID), timestamp: timestamp, extensions: extensions,
                hashAlgorithm: hash, signatureAlgorithm: signatureAlgorithm, signature: signature))
        }
        return found
    }

    /// True when `logKey` signed this SCT for `certificate` issued by `issuer` (RFC 6962 section 3.2
    /// `digitally-signed` over the precertificate entry: the TBS certificate without the SCT extension and
    /// the SHA-256 of the issuer's public key).
    public func isValid(for certificate: X509Certificate, issuer: X509Certificate, logKey: PublicKey) throws(VouchError) -> Bool {
        guard hashAlgorithm == 4 else { return false }
        var signed: [UInt8] = [version, 0]  // signature_type certificate_timestamp
        signed += (0..<8).reversed().map { UInt8(truncatingIfNeeded: timestamp >> (8 * UInt64($0))) }
        signed += [0, 1]  // LogEntryType precert_entry
        signed += try DigestHasher.digest(of: issuer.subjectPublicKeyInfoDER).bytes
        let tbs = try Self.precertificateTBS(certificate)
        guard tbs.count < 1 << 24, extensions.count < 1 << 16 else { return false }
        signed += [UInt8(tbs.count >> 16), UInt8(tbs.count >> 8 & 0xff), UInt8(tbs.count & 0xff)] + tbs
        signed += [UInt8(extensions.count >> 8), UInt8(extensions.count & 0xff)] + extensions
        let scheme: SignatureScheme
        switch (signatureAlgorithm, logKey.algorithm) {
        case (3, .ecdsaP256), (3, .ecdsaP384): scheme = .ecdsaSHA256
        case (1, .rsa): scheme = .rsaPKCS1v15SHA256
        default: return false
        }
        return try logKey.isValidSignature(signature, for: .bytes(signed), scheme: scheme)
    }

    /// The TBS certificate with the SCT-list extension removed (RFC 6962 section 3.2, the precertificate's TBS):
    /// cut from the certificate's own DER, the other fields and extensions byte for byte. A certificate whose
    /// DER this reader refuses, or whose only extension is the SCT list, is re-encoded by OpenSSL instead.
    static func precertificateTBS(_ certificate: X509Certificate) throws(VouchError) -> [UInt8] {
        if let cut = try? precertificateTBSFromDER(certificate.der) { return cut }
        return try precertificateTBSByOpenSSL(certificate)
    }

    /// The SCT list's OID, `1.3.6.1.4.1.11129.2.4.2`.
    static let sctListOID = "1.3.6.1.4.1.11129.2.4.2"

    /// TBSCertificate (RFC 5280 section 4.1) without the SCT-list extension; nil when there is nothing else.
    static func precertificateTBSFromDER(_ der: [UInt8]) throws(VouchError) -> [UInt8]? {
        let fields = try DER.parse(der[...], "Certificate").sequence("Certificate", atLeast: 3)
        guard fields[0].tag == DER.Tag.sequence else { return nil }
        var content: [UInt8] = []
        for field in try fields[0].children("TBSCertificate") {
            guard field.tag == 0xA3 else {  // [3] EXPLICIT Extensions
                content += field.encoded
                continue
            }
            let extensions = try DER.parse(field.content, "Extensions").sequence("Extensions", atLeast: 1)
            var kept: [UInt8] = []
            var keptCount = 0
            for item in extensions where try item.sequence("Extension", atLeast: 2)[0].objectIdentifier("extnID") != sctListOID {
                kept += item.encoded
                keptCount += 1
            }
            guard keptCount > 0 else { return nil }
            content += DER.element(0xA3, DER.element(DER.Tag.sequence, kept))
        }
        return DER.element(DER.Tag.sequence, content)
    }

    /// The TBS certificate with the SCT-list extension removed, re-encoded by OpenSSL (`i2d_re_X509_tbs`).
    static func precertificateTBSByOpenSSL(_ certificate: X509Certificate) throws(VouchError) -> [UInt8] {
        guard let copy = X509_dup(certificate.handle.pointer) else { throw OpenSSLError.capture("X509_dup") }
        defer { X509_free(copy) }
        let index = X509_get_ext_by_NID(copy, NID_ct_precert_scts, -1)
        if index >= 0, let removed = X509_delete_ext(copy, index) { X509_EXTENSION_free(removed) }
        return try EVPKey.encode("i2d_re_X509_tbs") { i2d_re_X509_tbs(copy, $0) }
    }

    static func malformed(_ reason: String) -> VouchError {
        VouchError(.malformedInput, "malformed SignedCertificateTimestampList: \(reason)")
    }
}

/// Reads RFC 5246 section 4 (TLS presentation language) vectors and integers.
struct TLSReader {
    var bytes: ArraySlice<UInt8>
    var isAtEnd: Bool { bytes.isEmpty }
    var rest: ArraySlice<UInt8> { bytes }

    mutating func bytes(_ count: Int) throws(VouchError) -> ArraySlice<UInt8> {
        guard bytes.count >= count else { throw SignedCertificateTimestamp.malformed("truncated") }
        defer { bytes = bytes.dropFirst(count) }
        return bytes.prefix(count)
    }

    mutating func byte() throws(VouchError) -> UInt8 { try bytes(1).first! }

    mutating func integer(_ count: Int) throws(VouchError) -> UInt64 {
        try bytes(count).reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func vector(lengthBytes: Int) throws(VouchError) -> TLSReader {
        let length = Int(try integer(lengthBytes))
        return TLSReader(bytes: try bytes(length))
    }
}
