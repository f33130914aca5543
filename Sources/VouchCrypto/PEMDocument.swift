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
        let lines = Self.asciiLines(text) ?? String(decoding: text, as: UTF8.self)
            .split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
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

    /// The lines of ASCII `text`, split and trimmed exactly as Character.isNewline and `.whitespaces` would
    /// (LF, VT, FF, CR and CR LF end a line; spaces and tabs are trimmed), without Foundation's string
    /// machinery (a certificate in every Rekor entry is parsed this way); nil for text that is not ASCII.
    static func asciiLines(_ text: [UInt8]) -> [String]? {
        guard text.allSatisfy({ $0 < 0x80 }) else { return nil }
        var lines: [String] = []
        var start = 0
        var index = 0
        func trimmed(_ end: Int) -> String {
            var low = start, high = end
            while low < high, text[low] == 0x20 || text[low] == 0x09 { low += 1 }
            while high > low, text[high - 1] == 0x20 || text[high - 1] == 0x09 { high -= 1 }
            return String(decoding: text[low..<high], as: UTF8.self)
        }
        while index < text.count {
            switch text[index] {
            case 0x0A, 0x0B, 0x0C:
                lines.append(trimmed(index))
                index += 1
                start = index
            case 0x0D:
                lines.append(trimmed(index))
                index += index + 1 < text.count && text[index + 1] == 0x0A ? 2 : 1
                start = index
            default:
                index += 1
            }
        }
        lines.append(trimmed(text.count))
        return lines
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
