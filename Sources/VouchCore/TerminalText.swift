/// Untrusted text made safe to print on a terminal.
///
/// Text output is a security boundary: a file name, a tar entry, a METADATA field, a git author or a
/// history `created_by` written raw can carry escape sequences that clear the screen, retitle the
/// window, move the cursor up and erase the line above (hiding a finding), or reorder what the reader
/// sees (bidirectional overrides, "Trojan Source", CVE-2021-42574). Every text writer passes untrusted
/// values through ``escaped(_:)``; JSON, SARIF and the SBOM formats escape by their own rules.
///
/// The rule: every Unicode scalar that is not printable is replaced by a visible escape, and nothing
/// else changes (a backslash stays a backslash, so a printable name reads as it is):
/// - `\n`, `\r`, `\t` for line feed, carriage return and tab (a newline in a name would forge a line);
/// - `\xHH` for the other C0 controls (U+0000-U+001F, ESC and BEL among them), DEL (U+007F) and the
///   C1 controls (U+0080-U+009F, CSI and OSC among them);
/// - `\u{HHHH}` for format characters (general category Cf: the bidi embeddings, overrides and
///   isolates U+202A-U+202E, U+2066-U+2069, the marks U+200E, U+200F, U+061C, zero-width characters),
///   the line and paragraph separators U+2028 and U+2029, and unassigned or private-use scalars.
public enum TerminalText {
    /// `text` with every non-printable scalar replaced by a visible escape.
    public static func escaped(_ text: some StringProtocol) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return String(text) }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let escape = escape(scalar) { out += escape } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// True if `text` prints as it is (``escaped(_:)`` would not change it).
    public static func isPrintable(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.allSatisfy { escape($0) == nil }
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x00..<0x20, 0x7F..<0xA0: return "\\x" + hex(scalar.value, width: 2)
        case 0x20..<0x7F: return nil
        default: break
        }
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate, .control:
            return "\\u{" + hex(scalar.value, width: 4) + "}"
        default:
            return nil
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension StringProtocol {
    /// This text with every non-printable scalar escaped (``TerminalText/escaped(_:)``), for text output.
    public var terminalEscaped: String { TerminalText.escaped(self) }
}
