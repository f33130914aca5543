import Foundation

/// Base64 (RFC 4648 section 4) and its URL-safe alphabet (section 5), which DSSE allows on input.
public enum Base64 {
    public static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Decodes standard or URL-safe base64, padded or not; nil when it is neither. With
    /// `ignoringLineBreaks`, CR and LF anywhere are skipped, as Go's decoder (cosign's) and `openssl base64
    /// -d` do for the 64-column lines `openssl base64` writes; any other whitespace is still invalid.
    public static func decode(_ text: String, ignoringLineBreaks: Bool = false) -> [UInt8]? {
        let unwrapped = ignoringLineBreaks ? String(text.unicodeScalars.filter { $0 != "\n" && $0 != "\r" }) : text
        var normalized = String(unwrapped.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        if normalized.contains(where: { $0.isWhitespace }) { return nil }
        let remainder = normalized.utf8.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { normalized += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: normalized).map { [UInt8]($0) }
    }
}
