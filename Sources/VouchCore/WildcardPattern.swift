/// A pattern where `*` matches any run of characters and `?` exactly one; everything else matches itself
/// (fnmatch(3) without brackets, classes or escapes). A "character" is a Unicode scalar, as fnmatch's is in
/// a UTF-8 locale. `*` also matches `/`: path globs apply a pattern to one path component at a time;
/// policy rules apply it to whole builder ids, repositories and refs.
///
/// Matching is iterative with one backtrack point (the last `*`): no recursion, O(pattern x text) at worst.
public struct WildcardPattern: Hashable, Sendable, CustomStringConvertible {
    private let scalars: [Unicode.Scalar]
    public let description: String

    public init(_ pattern: String) {
        description = pattern
        scalars = Array(pattern.unicodeScalars)
    }

    /// Whether `text` matches the whole pattern.
    public func matches(_ text: String) -> Bool {
        let text = Array(text.unicodeScalars)
        var p = 0, t = 0
        var star: Int?, starText = 0
        while t < text.count {
            if p < scalars.count, scalars[p] == "?" || scalars[p] == text[t] {
                p += 1
                t += 1
            } else if p < scalars.count, scalars[p] == "*" {
                star = p
                starText = t
                p += 1
            } else if let star {
                p = star + 1
                starText += 1
                t = starText
            } else {
                return false
            }
        }
        while p < scalars.count, scalars[p] == "*" { p += 1 }
        return p == scalars.count
    }

    /// Whether `text` matches `pattern` (for one-off matches, such as a path component against a glob).
    public static func matches(_ text: String, _ pattern: String) -> Bool { WildcardPattern(pattern).matches(text) }

    /// Whether the pattern has a wildcard at all (a literal is matched by equality).
    public var hasWildcards: Bool { scalars.contains { $0 == "*" || $0 == "?" } }
}
