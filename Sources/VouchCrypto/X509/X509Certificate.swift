import COpenSSL
#if canImport(Glibc)
import Glibc
#endif
public import VouchCore

/// Owns one OpenSSL `X509`, freed in `deinit`. Never leaves VouchCrypto.
final class X509Handle: @unchecked Sendable {
    // An X509 is not modified after parsing (verification reads it; OpenSSL caches extensions under a lock).
    let pointer: OpaquePointer
    init(takingOwnershipOf pointer: OpaquePointer) { self.pointer = pointer }
    deinit { X509_free(pointer) }
}

/// An X.509 certificate (RFC 5280), parsed by OpenSSL, keeping the exact DER it was read from.
public final class X509Certificate: Sendable, Hashable, CustomStringConvertible {
    let handle: X509Handle
    /// The DER bytes as received: what an issuer signed and what a transparency log recorded.
    public let der: [UInt8]
    /// `notBefore` and `notAfter`, seconds since the Unix epoch (RFC 5280 section 4.1.2.5; both inclusive).
    public let notBefore: Int64
    public let notAfter: Int64
    /// The extensions in certificate order.
    public let extensions: [X509Extension]
    /// The subject's DER `SubjectPublicKeyInfo`.
    public let subjectPublicKeyInfoDER: [UInt8]

    /// Parses one DER certificate; trailing bytes are an error. `path` names the file in errors.
    public convenience init(der: [UInt8], path: String? = nil) throws(VouchError) {
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            let certificate = d2i_X509(nil, &cursor, buffer.count)
            if let certificate, cursor != buffer.baseAddress.map({ $0 + buffer.count }) {
                X509_free(certificate)
                return nil
            }
            return certificate
        }
        guard let parsed else {
            ERR_clear_error()
            throw VouchError(.malformedInput, "not a DER X.509 certificate", path: path)
        }
        try self.init(handle: X509Handle(takingOwnershipOf: parsed), der: der, path: path, selfSigned: nil)
    }

    /// Wraps a certificate OpenSSL handed out (one reference is taken over) whose self-signedness the caller
    /// knows (a validated path: only its trust anchor can be self-signed).
    convenience init(takingOwnershipOf pointer: OpaquePointer, selfSigned: Bool) throws(VouchError) {
        let handle = X509Handle(takingOwnershipOf: pointer)
        let der = try EVPKey.encode("i2d_X509") { i2d_X509(pointer, $0) }
        try self.init(handle: handle, der: der, path: nil, selfSigned: selfSigned)
    }

    private init(handle: X509Handle, der: [UInt8], path: String?, selfSigned: Bool?) throws(VouchError) {
        self.handle = handle
        self.der = der
        let pointer = handle.pointer
        guard let start = Self.seconds(X509_get0_notBefore(pointer)), let end = Self.seconds(X509_get0_notAfter(pointer)) else {
            throw VouchError(.malformedInput, "certificate validity times cannot be read", path: path)
        }
        notBefore = start
        notAfter = end
        var found: [X509Extension] = []
        for index in 0..<max(0, X509_get_ext_count(pointer)) {
            guard let item = X509_get_ext(pointer, index), let object = X509_EXTENSION_get_object(item),
                  let data = X509_EXTENSION_get_data(item)
            else { continue }
            var name = [CChar](repeating: 0, count: 128)
            let length = OBJ_obj2txt(&name, Int32(name.count), object, 1)
            guard length > 0, Int(length) < name.count else { continue }
            let oid = String(decoding: name.prefix(Int(length)).map(UInt8.init(bitPattern:)), as: UTF8.self)
            let count = Int(ASN1_STRING_length(data))
            let value = ASN1_STRING_get0_data(data).map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
            found.append(X509Extension(oid: oid, isCritical: X509_EXTENSION_get_critical(item) == 1, value: value))
        }
        extensions = found
        isSelfSigned = selfSigned ?? (X509_check_issued(pointer, pointer) == X509_V_OK && X509_verify(pointer, X509_get0_pubkey(pointer)) == 1)
        ERR_clear_error()
        guard let spki = X509_get_X509_PUBKEY(pointer) else { throw OpenSSLError.capture("X509_get_X509_PUBKEY", path: path) }
        subjectPublicKeyInfoDER = try EVPKey.encode("i2d_X509_PUBKEY") { i2d_X509_PUBKEY(spki, $0) }
    }

    /// `ASN1_TIME` as Unix seconds.
    static func seconds(_ time: UnsafePointer<ASN1_TIME>?) -> Int64? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Int64(timegm(&parts))
    }

    /// The subject's public key.
    public func publicKey() throws(VouchError) -> PublicKey { try PublicKey(spkiDER: subjectPublicKeyInfoDER) }

    /// The value (`extnValue` contents) of the extension `oid`, if present.
    public func extensionValue(_ oid: String) -> [UInt8]? { extensions.first { $0.oid == oid }?.value }

    /// The basic constraints say this is a CA.
    public var isCertificateAuthority: Bool { X509_check_ca(handle.pointer) != 0 }

    /// Issuer and subject are the same and the certificate's own key verifies it: a root. Computed once at
    /// parse time (a P-384 signature check costs about a millisecond).
    public let isSelfSigned: Bool

    /// The extended key usage includes id-kp-codeSigning (RFC 5280 section 4.2.1.12); false without the extension.
    public var allowsCodeSigning: Bool {
        extensionValue(X509Extension.extendedKeyUsage) != nil && X509_get_extended_key_usage(handle.pointer) & UInt32(XKU_CODE_SIGN) != 0
    }

    /// The key usage includes digitalSignature (RFC 5280 section 4.2.1.3); true without the extension.
    public var allowsDigitalSignature: Bool {
        guard extensionValue("2.5.29.15") != nil else { return true }
        return X509_get_key_usage(handle.pointer) & UInt32(KU_DIGITAL_SIGNATURE) != 0
    }

    /// The subject alternative names (RFC 5280 section 4.2.1.6) of the kinds Sigstore identities use.
    public var subjectAlternativeNames: [SubjectAlternativeName] {
        guard let value = extensionValue(X509Extension.subjectAlternativeName),
              let names = try? DER.parse(value[...], "subjectAltName").sequence("subjectAltName", atLeast: 1)
        else { return [] }
        return names.compactMap { name in
            let text = String(decoding: name.content, as: UTF8.self)
            switch name.tag {
            case 0x81: return .email(text)
            case 0x82: return .dns(text)
            case 0x86: return .uri(text)
            default: return .other(tag: name.tag)
            }
        }
    }

    /// The DER subject name, for messages.
    public var subjectText: String { Self.nameText(X509_get_subject_name(handle.pointer)) }
    public var issuerText: String { Self.nameText(X509_get_issuer_name(handle.pointer)) }

    static func nameText(_ name: OpaquePointer?) -> String {
        guard let name else { return "" }
        var buffer = [CChar](repeating: 0, count: 512)
        guard X509_NAME_oneline(name, &buffer, Int32(buffer.count)) != nil else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
    }

    public var description: String { subjectText.isEmpty ? "certificate (empty subject)" : subjectText }
    public static func == (lhs: X509Certificate, rhs: X509Certificate) -> Bool { lhs.der == rhs.der }
    public func hash(into hasher: inout Hasher) { hasher.combine(der) }
}

/// One certificate extension: OID, criticality and the raw `extnValue` bytes.
public struct X509Extension: Sendable, Hashable {
    public var oid: String
    public var isCritical: Bool
    public var value: [UInt8]

    public static let subjectAlternativeName = "2.5.29.17"
    public static let extendedKeyUsage = "2.5.29.37"
    /// RFC 6962 section 3.3: the embedded SignedCertificateTimestampList.
    public static let embeddedSCTList = "1.3.6.1.4.1.11129.2.4.2"
}

/// A subject alternative name (RFC 5280 section 4.2.1.6 `GeneralName`).
public enum SubjectAlternativeName: Sendable, Hashable {
    case email(String)
    case uri(String)
    case dns(String)
    case other(tag: UInt8)

    /// The name as text (URI or email), nil for other kinds.
    public var text: String? {
        switch self {
        case .email(let value), .uri(let value), .dns(let value): value
        case .other: nil
        }
    }
}
