/// Escaping for XML 1.0 character data and attribute values (XML 1.0 section 2.4 and 3.3.3), shared by every
/// XML writer (CycloneDX XML, JUnit reports).
///
/// `&`, `<` and `>` become entities everywhere; in an attribute `"` becomes `&quot;` and a newline `&#10;`
/// (attribute-value normalization would otherwise turn it into a space); `\r` becomes `&#13;` everywhere (a
/// parser would otherwise drop or normalize it). Characters XML 1.0 cannot carry at all, C0 controls other
/// than tab and newline, U+FFFE and U+FFFF, are dropped: no escape can represent them.
public enum XMLEscaping {
    /// Where the text goes.
    public enum Context: Sendable {
        case text, attribute
    }

    public static func escape(_ text: String, in context: Context = .text) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where context == .attribute: out += "&quot;"
            case "\n" where context == .attribute: out += "&#10;"
            case "\r": out += "&#13;"
            default:
                if scalar.value < 0x20, scalar != "\n", scalar != "\t" { continue }
                if scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
