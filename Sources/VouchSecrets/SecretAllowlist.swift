/// Conditions under which a finding is not reported, in gitleaks' `[allowlist]` / `[[allowlists]]` /
/// `[[rules.allowlists]]` shape.
///
/// With ``condition`` `OR` (the default) any one kind of criterion that matches allows the finding;
/// with `AND`, every kind that is set must match. Within one kind, any entry may match.
public struct SecretAllowlist: Hashable, Sendable, Codable {
    public enum Condition: String, Hashable, Sendable, Codable { case or = "OR", and = "AND" }
    public enum RegexTarget: String, Hashable, Sendable, Codable { case secret, match, line }

    public var description: String
    public var condition: Condition
    /// Regexes over the finding's file path.
    public var paths: [String]
    /// Globs over the file path (Vouch extension): `*` and `?` match any characters, `/` included.
    public var pathGlobs: [String]
    /// Regexes over ``regexTarget``.
    public var regexes: [String]
    public var regexTarget: RegexTarget
    /// Substrings (any case) of the secret.
    public var stopwords: [String]
    /// Commit hashes (git mode).
    public var commits: [String]

    public init(
        description: String = "",
        condition: Condition = .or,
        paths: [String] = [],
        pathGlobs: [String] = [],
        regexes: [String] = [],
        regexTarget: RegexTarget = .secret,
        stopwords: [String] = [],
        commits: [String] = []
    ) {
        self.description = description
        self.condition = condition
        self.paths = paths
        self.pathGlobs = pathGlobs
        self.regexes = regexes
        self.regexTarget = regexTarget
        self.stopwords = stopwords
        self.commits = commits
    }

    enum CodingKeys: String, CodingKey {
        case description, condition, paths, pathGlobs, regexes, regexTarget, stopwords, commits
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        let conditionText = try container.decodeIfPresent(String.self, forKey: .condition) ?? "OR"
        guard let condition = Condition(rawValue: conditionText.uppercased()) else {
            throw DecodingError.dataCorruptedError(forKey: .condition, in: container, debugDescription: "condition must be OR or AND, not '\(conditionText)'")
        }
        self.condition = condition
        paths = try container.decodeIfPresent([String].self, forKey: .paths) ?? []
        pathGlobs = try container.decodeIfPresent([String].self, forKey: .pathGlobs) ?? []
        regexes = try container.decodeIfPresent([String].self, forKey: .regexes) ?? []
        let targetText = try container.decodeIfPresent(String.self, forKey: .regexTarget) ?? "secret"
        guard let target = RegexTarget(rawValue: targetText.lowercased()) else {
            throw DecodingError.dataCorruptedError(forKey: .regexTarget, in: container, debugDescription: "regexTarget must be secret, match or line, not '\(targetText)'")
        }
        regexTarget = target
        stopwords = try container.decodeIfPresent([String].self, forKey: .stopwords) ?? []
        commits = try container.decodeIfPresent([String].self, forKey: .commits) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !description.isEmpty { try container.encode(description, forKey: .description) }
        if condition != .or { try container.encode(condition, forKey: .condition) }
        if !paths.isEmpty { try container.encode(paths, forKey: .paths) }
        if !pathGlobs.isEmpty { try container.encode(pathGlobs, forKey: .pathGlobs) }
        if !regexes.isEmpty { try container.encode(regexes, forKey: .regexes) }
        if regexTarget != .secret { try container.encode(regexTarget, forKey: .regexTarget) }
        if !stopwords.isEmpty { try container.encode(stopwords, forKey: .stopwords) }
        if !commits.isEmpty { try container.encode(commits, forKey: .commits) }
    }
}
