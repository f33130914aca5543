import Foundation

/// One secret found: which rule, where, and the secret itself (redact before showing it; see
/// ``redacted()``).
public struct SecretFinding: Hashable, Sendable, Codable {
    public var ruleID: String
    public var description: String
    /// The file path as given or found under a scanned directory (`-` for standard input); in git mode,
    /// the path in the commit.
    public var file: String
    /// 1-based line and column of the match's start, and the line of its end.
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var secret: String
    /// The whole text the rule's regex matched.
    public var match: String
    /// Shannon entropy of the secret, bits per character, rounded to 3 decimals.
    public var entropy: Double
    /// Content-based: `[commit:]file:rule:sha256(secret)` (first 16 hex digits), stable when lines move.
    public var fingerprint: String
    public var tags: [String]
    /// Git mode only.
    public var commit: String?
    public var author: String?
    public var email: String?
    public var date: String?
    /// Image mode only: the index of the layer the file is in.
    public var layer: Int?

    public init(
        ruleID: String, description: String, file: String, line: Int, column: Int, endLine: Int,
        secret: String, match: String, entropy: Double, fingerprint: String, tags: [String] = [],
        commit: String? = nil, author: String? = nil, email: String? = nil, date: String? = nil, layer: Int? = nil
    ) {
        self.ruleID = ruleID
        self.description = description
        self.file = file
        self.line = line
        self.column = column
        self.endLine = endLine
        self.secret = secret
        self.match = match
        self.entropy = entropy
        self.fingerprint = fingerprint
        self.tags = tags
        self.commit = commit
        self.author = author
        self.email = email
        self.date = date
        self.layer = layer
    }

    /// The finding with its secret cut to a short prefix followed by `…` (so a human can find it), and
    /// the secret removed from ``match`` the same way.
    public func redacted() -> SecretFinding {
        var copy = self
        let shown = SecretFinding.redact(secret)
        copy.match = secret.isEmpty ? match : match.replacingOccurrences(of: secret, with: shown)
        copy.secret = shown
        return copy
    }

    /// At most 4 characters, and never more than a quarter of the secret.
    static func redact(_ secret: String) -> String {
        let keep = min(4, secret.count / 4)
        return String(secret.prefix(keep)) + "…"
    }
}
