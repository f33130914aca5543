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
    /// How likely the finding is a live secret (see ``SecretConfidence``).
    public var confidence: SecretConfidence
    /// The scanned root the file was found under (a directory as an absolute path; the repository's top
    /// level in git mode), and the file's path relative to it; nil for standard input and image layers.
    /// Not part of the JSON report (the fingerprint carries the relative path); SARIF uses them.
    public var root: String?
    public var relativeFile: String?

    enum CodingKeys: String, CodingKey {
        case ruleID, description, file, line, column, endLine, secret, match, entropy, fingerprint, tags, commit, author, email, date, layer, confidence
    }

    public init(
        ruleID: String, description: String, file: String, line: Int, column: Int, endLine: Int,
        secret: String, match: String, entropy: Double, fingerprint: String, tags: [String] = [],
        commit: String? = nil, author: String? = nil, email: String? = nil, date: String? = nil, layer: Int? = nil,
        confidence: SecretConfidence = .high, root: String? = nil, relativeFile: String? = nil
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
        self.confidence = confidence
        self.root = root
        self.relativeFile = relativeFile
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            ruleID: try container.decode(String.self, forKey: .ruleID), description: try container.decode(String.self, forKey: .description),
            file: try container.decode(String.self, forKey: .file), line: try container.decode(Int.self, forKey: .line),
            column: try container.decode(Int.self, forKey: .column), endLine: try container.decode(Int.self, forKey: .endLine),
            secret: try container.decode(String.self, forKey: .secret), match: try container.decode(String.self, forKey: .match),
            entropy: try container.decode(Double.self, forKey: .entropy), fingerprint: try container.decode(String.self, forKey: .fingerprint),
            tags: try container.decodeIfPresent([String].self, forKey: .tags) ?? [],
            commit: try container.decodeIfPresent(String.self, forKey: .commit), author: try container.decodeIfPresent(String.self, forKey: .author),
            email: try container.decodeIfPresent(String.self, forKey: .email), date: try container.decodeIfPresent(String.self, forKey: .date),
            layer: try container.decodeIfPresent(Int.self, forKey: .layer),
            confidence: try container.decodeIfPresent(SecretConfidence.self, forKey: .confidence) ?? .high)
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
