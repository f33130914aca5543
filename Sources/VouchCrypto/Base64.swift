import Foundation

/// Base64 (RFC 4648 section 4) and its URL-safe alphabet (section 5), which DSSE allows on input.
public enum Base64 {
    public static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Decodes standard or URL-safe base64, padded or not; nil when it is neither. Works on the UTF-8
    /// bytes (a Sigstore bundle holds several kilobytes of base64 per certificate and log entry).
    public static func decode(_ text: String) -> [UInt8]? {
        var normalized: [UInt8] = []
        normalized.reserveCapacity(text.utf8.count + 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"): normalized.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): normalized.append(UInt8(ascii: "/"))
            case 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20: return nil
            default: normalized.append(byte)
            }
        }
        let remainder = normalized.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { normalized += [UInt8](repeating: UInt8(ascii: "="), count: 4 - remainder) }
        return Data(base64Encoded: Data(normalized)).map { [UInt8]($0) }
    }
}
