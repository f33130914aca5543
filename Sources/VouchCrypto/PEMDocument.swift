import Foundation
public import VouchCore

/// One PEM block: `-----BEGIN LABEL-----`, base64 of DER (or JSON for cosign keys), `-----END LABEL-----`.
///
/// RFC 7468 section 2 (textual encoding), with the "lax" parsing of section 3: whitespace and line length
/// are not enforced on input; output uses 64-character lines, which is what OpenSSL, Go and Python
/// `cryptography` write (securesystemslib's key ids hash that exact text).
public struct PEMDocument: Sendable, Equatable {
    /// The label between `BEGIN ` and the dashes, e.g. `PUBLIC KEY`.
    public let label: String
    /// The decoded body. May hold key material: callers that zeroize it take it with ``takeBody()``.
    public private(set) var body: [UInt8]
    /// True when RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`) precede the body: OpenSSL's legacy
    /// encrypted keys, which Vouch does not read.
    public let hasLegacyHeaders: Bool

    /// Moves the body out, leaving it empty, so the caller holds the only reference to its storage and
    /// `SecretBytes.wipe` zeroes the key bytes themselves rather than a copy made on write.
    public mutating func takeBody() -> [UInt8] {
        let taken = body
        body = []
        return taken
    }

    public init(label: String, body: [UInt8]) {
        self.label = label
        self.body = body
        self.hasLegacyHeaders = false
    }

    /// The first PEM block in `text`; `path` names the file in errors.
    public init(parsing text: [UInt8], path: String? = nil) throws(VouchError) {
        guard Int64(text.count) <= KeyLimits.maxKeyFileBytes else {
            throw VouchError.limitExceeded(
                "maxKeyFileBytes", limit: KeyLimits.maxKeyFileBytes, found: Int64(text.count), path: path,
                what: "key file size")
        }
        let string = String(decoding: text, as: UTF8.self)
        let lines = string.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let beginIndex = lines.firstIndex(where: { $0.hasPrefix("-----BEGIN ") && $0.hasSuffix("-----") }) else {
            throw VouchError(.malformedInput, "not a PEM file: no '-----BEGIN ...-----' line", path: path)
        }
        let beginLine = lines[beginIndex]
        let label = String(beginLine.dropFirst("-----BEGIN ".count).dropLast(5))
        let endLine = "-----END \(label)-----"
        guard let endIndex = lines[(beginIndex + 1)...].firstIndex(of: endLine) else {
            throw VouchError(.malformedInput, "truncated PEM: '\(beginLine)' has no '\(endLine)' line", path: path)
        }
        var bodyLines = Array(lines[(beginIndex + 1)..<endIndex])
        var legacyHeaders = false
        if let blank = bodyLines.firstIndex(of: ""), bodyLines[..<blank].contains(where: { $0.contains(":") }) {
            legacyHeaders = true
            bodyLines = Array(bodyLines[(blank + 1)...])
        }
        let base64 = bodyLines.joined()
        guard !base64.isEmpty, let data = Data(base64Encoded: base64) else {
            throw VouchError(.malformedInput, "truncated or damaged PEM: the body of '\(label)' is not valid base64", path: path)
        }
        self.label = label
        self.body = [UInt8](data)
        self.hasLegacyHeaders = legacyHeaders
    }

    /// The PEM text: 64-character base64 lines and a final newline.
    public var text: String {
        let base64 = Data(body).base64EncodedString()
        var out = "-----BEGIN \(label)-----\n"
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            out += base64[index..<end] + "\n"
            index = end
        }
        return out + "-----END \(label)-----\n"
    }
}
