import Foundation
public import VouchCore
public import VouchCrypto
import VouchAttest

/// A Sigstore trusted root (protobuf-specs `trustroot.proto`, `dev.sigstore.trustedroot.v0.1` / `v0.2` media
/// types): the certificate authorities (Fulcio), transparency logs (Rekor), certificate-transparency logs and
/// timestamp authorities a bundle is verified against, each with its validity window.
public struct TrustedRoot: Sendable {
    /// A log (Rekor or CT) with its key, identified by `logId.keyId`.
    public struct Log: Sendable {
        public var baseURL: String
        public var logID: [UInt8]
        public var key: PublicKey
        public var validity: TimeRange
    }

    /// A certificate authority or timestamp authority: its chain (as listed: leaf or intermediate first,
    /// root last) and validity window.
    public struct Authority: Sendable {
        public var uri: String
        public var chain: [X509Certificate]
        public var validity: TimeRange
        /// Self-signed certificates of the chain: the trust anchors.
        public var anchors: [X509Certificate]
        /// The rest: intermediates (and, for a TSA, its signing certificate).
        public var intermediates: [X509Certificate]
        /// The chain prepared once for the many leaves of one run (a Fulcio CA: one intermediate, one root).
        public let prepared: PreparedCertificateAuthority?

        init(uri: String, chain: [X509Certificate], validity: TimeRange) {
            self.uri = uri
            self.chain = chain
            self.validity = validity
            anchors = chain.filter(\.isSelfSigned)
            intermediates = chain.filter { !$0.isSelfSigned }
            prepared = PreparedCertificateAuthority(intermediates: intermediates, anchors: anchors)
        }
    }

    public var transparencyLogs: [Log]
    public var certificateAuthorities: [Authority]
    public var certificateTransparencyLogs: [Log]
    public var timestampAuthorities: [Authority]
    /// Where the root was read from, for messages.
    public var source: String

    /// Parses `trusted_root.json`; throws naming `path` and the field when it is malformed.
    public init(json: [UInt8], path: String) throws(VouchError) {
        let document = try SigstoreJSON.decode(TrustedRootDocument.self, from: json, name: path)
        func malformed(_ field: String, _ reason: String) -> VouchError { VouchError(.malformedInput, "field \(field): \(reason)", path: path) }
        guard document.mediaType.hasPrefix("application/vnd.dev.sigstore.trustedroot") else {
            throw malformed("mediaType", "'\(document.mediaType)' is not application/vnd.dev.sigstore.trustedroot...")
        }
        func range(_ value: TrustedRootDocument.Range?, _ field: String) throws(VouchError) -> TimeRange {
            // An absent window is unbounded (as sigstore-python reads it); a window without a start is malformed.
            guard let value else { return TimeRange(start: -Double.greatestFiniteMagnitude) }
            guard let startText = value.start else { throw malformed("\(field).start", "required field is missing (a missing start is not an open bound)") }
            guard let start = TimeRange.parseTimestamp(startText) else { throw malformed("\(field).start", "'\(startText)' is not an RFC 3339 time") }
            var end: Double?
            if let endText = value.end {
                guard let parsed = TimeRange.parseTimestamp(endText) else { throw malformed("\(field).end", "'\(endText)' is not an RFC 3339 time") }
                end = parsed
            }
            return TimeRange(start: start, end: end)
        }
        func logs(_ list: [TrustedRootDocument.LogDocument]?, _ field: String) throws(VouchError) -> [Log] {
            var result: [Log] = []
            for (index, log) in (list ?? []).enumerated() {
                let name = "\(field)[\(index)]"
                guard let raw = log.publicKey.rawBytes else { throw malformed("\(name).publicKey.rawBytes", "required field is missing") }
                let key: PublicKey
                do throws(VouchError) {
                    // keyDetails PKCS1_RSA_*: a PKCS#1 RSAPublicKey; every other form is a DER SPKI.
                    if log.publicKey.keyDetails?.hasPrefix("PKCS1_") == true {
                        key = try PublicKey(pem: Array(PEMDocument(label: "RSA PUBLIC KEY", body: raw.bytes).text.utf8))
                    } else {
                        key = try PublicKey(spkiDER: raw.bytes)
                    }
                } catch {
                    throw malformed("\(name).publicKey.rawBytes", error.reason)
                }
                result.append(Log(baseURL: log.baseUrl ?? "", logID: log.logId.keyId.bytes, key: key, validity: try range(log.publicKey.validFor, "\(name).publicKey.validFor")))
            }
            return result
        }
        func authorities(_ list: [TrustedRootDocument.AuthorityDocument]?, _ field: String) throws(VouchError) -> [Authority] {
            var result: [Authority] = []
            for (index, authority) in (list ?? []).enumerated() {
                let name = "\(field)[\(index)]"
                var chain: [X509Certificate] = []
                for (position, certificate) in authority.certChain.certificates.enumerated() {
                    do throws(VouchError) {
                        chain.append(try X509Certificate(der: certificate.rawBytes.bytes))
                    } catch {
                        throw malformed("\(name).certChain.certificates[\(position)].rawBytes", error.reason)
                    }
                }
                guard !chain.isEmpty else { throw malformed("\(name).certChain.certificates", "the chain is empty") }
                result.append(Authority(uri: authority.uri ?? "", chain: chain, validity: try range(authority.validFor, "\(name).validFor")))
            }
            return result
        }
        transparencyLogs = try logs(document.tlogs, "tlogs")
        certificateAuthorities = try authorities(document.certificateAuthorities, "certificateAuthorities")
        certificateTransparencyLogs = try logs(document.ctlogs, "ctlogs")
        timestampAuthorities = try authorities(document.timestampAuthorities, "timestampAuthorities")
        source = path
    }

    /// Reads the trusted root file at `path`.
    public init(contentsOf path: String) throws(VouchError) {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw VouchError(.fileNotFound, "cannot read the trusted root", path: path)
        }
        try self.init(json: bytes, path: path)
    }

    /// The Sigstore public-good production root Vouch ships (see ``ProductionTrustedRoot``).
    public static func production() throws(VouchError) -> TrustedRoot {
        try TrustedRoot(json: Array(ProductionTrustedRoot.json.utf8), path: "<built-in production trusted root \(ProductionTrustedRoot.source)>")
    }

    /// The transparency log whose `logId.keyId` is `id`.
    public func transparencyLog(id: [UInt8]) -> Log? { transparencyLogs.first { $0.logID == id } }
}

private struct TrustedRootDocument: Decodable {
    struct Range: Decodable { var start: String?; var end: String? }
    struct Key: Decodable { var rawBytes: ProtoBytes?; var keyDetails: String?; var validFor: Range? }
    struct LogID: Decodable { var keyId: ProtoBytes }
    struct LogDocument: Decodable { var baseUrl: String?; var hashAlgorithm: String?; var publicKey: Key; var logId: LogID }
    struct Certificate: Decodable { var rawBytes: ProtoBytes }
    struct Chain: Decodable { var certificates: [Certificate] }
    struct AuthorityDocument: Decodable { var uri: String?; var certChain: Chain; var validFor: Range? }
    var mediaType: String
    var tlogs: [LogDocument]?
    var certificateAuthorities: [AuthorityDocument]?
    var ctlogs: [LogDocument]?
    var timestampAuthorities: [AuthorityDocument]?
}
