/// One pattern for a ``PatternDatabase``: a regular expression whose matches are reported, or a literal
/// whose presence anywhere in the scanned bytes is recorded (the keywords of a secret rule).
///
/// Expressions use the PCRE syntax that both Vectorscan and PCRE2 read (inline `(?i)`, `\b`, bounded
/// `{m,n}`); `.` does not match a newline and `^`/`$` anchor at the ends of the scanned bytes.
public struct ScanPattern: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Matches are confirmed with PCRE2 and reported with their capture groups.
        case regex
        /// Only whether the literal occurs (ignoring ASCII case) is recorded.
        case caselessLiteral
    }

    /// A name for messages, e.g. the rule id that owns the pattern.
    public var name: String
    public var expression: String
    public var kind: Kind
    /// Indices (into the database's pattern list) of literals of which at least one must occur in the
    /// scanned bytes for this regex's matches to be reported; empty means no requirement.
    public var requiredLiterals: [Int]

    public init(name: String, regex expression: String, requiredLiterals: [Int] = []) {
        self.name = name
        self.expression = expression
        self.kind = .regex
        self.requiredLiterals = requiredLiterals
    }

    public init(name: String, caselessLiteral literal: String) {
        self.name = name
        self.expression = literal
        self.kind = .caselessLiteral
        self.requiredLiterals = []
    }

    /// The literal as a regular expression: every byte that is not an ASCII letter or digit is escaped.
    var literalExpression: String {
        var escaped = ""
        for byte in expression.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16)
                escaped += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return escaped
    }
}

/// One confirmed match of a regex pattern: the byte range and each capture group's range.
public struct PatternMatch: Hashable, Sendable {
    /// The index of the pattern in the database's list.
    public var pattern: Int
    /// The whole match, as byte offsets into the scanned bytes.
    public var range: Range<Int>
    /// Capture groups 1...n; nil for a group that did not take part in the match.
    public var groups: [Range<Int>?]

    public init(pattern: Int, range: Range<Int>, groups: [Range<Int>?]) {
        self.pattern = pattern
        self.range = range
        self.groups = groups
    }
}
