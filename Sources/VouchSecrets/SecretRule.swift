/// One detection rule, in the shape of a gitleaks `[[rules]]` entry (so a team's existing gitleaks
/// config reads as it is) plus, for built-in rules, its own true- and false-positive samples.
///
/// A finding's secret is capture group ``secretGroup`` of a match of ``regex``; when that is 0 (unset)
/// it is the first group that took part in the match, or the whole match when the regex has none.
public struct SecretRule: Hashable, Sendable, Codable {
    public var id: String
    public var description: String
    /// PCRE syntax readable by both Vectorscan and PCRE2; every quantifier should be bounded. Nil for a
    /// rule that only matches paths (``path``).
    public var regex: String?
    public var secretGroup: Int
    /// Shannon entropy (bits per character) the secret must exceed; 0 means no floor.
    public var entropy: Double
    /// Literals (any case) of which at least one must occur in the scanned text for the rule to report.
    public var keywords: [String]
    /// A regex the file path must match for the rule to apply (gitleaks `path`).
    public var path: String?
    public var tags: [String]
    public var allowlists: [SecretAllowlist]
    /// Built-in rules' own samples; not part of config files.
    public var samples: RuleSamples

    public init(
        id: String,
        description: String,
        regex: String?,
        secretGroup: Int = 0,
        entropy: Double = 0,
        keywords: [String] = [],
        path: String? = nil,
        tags: [String] = [],
        allowlists: [SecretAllowlist] = [],
        samples: RuleSamples = RuleSamples()
    ) {
        self.id = id
        self.description = description
        self.regex = regex
        self.secretGroup = secretGroup
        self.entropy = entropy
        self.keywords = keywords
        self.path = path
        self.tags = tags
        self.allowlists = allowlists
        self.samples = samples
    }

    enum CodingKeys: String, CodingKey {
        case id, description, regex, secretGroup, entropy, keywords, path, tags, allowlists
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        regex = try container.decodeIfPresent(String.self, forKey: .regex)
        secretGroup = try container.decodeIfPresent(Int.self, forKey: .secretGroup) ?? 0
        entropy = try container.decodeIfPresent(Double.self, forKey: .entropy) ?? 0
        keywords = try container.decodeIfPresent([String].self, forKey: .keywords) ?? []
        path = try container.decodeIfPresent(String.self, forKey: .path)
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        allowlists = try container.decodeIfPresent([SecretAllowlist].self, forKey: .allowlists) ?? []
        samples = RuleSamples()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(description, forKey: .description)
        try container.encodeIfPresent(regex, forKey: .regex)
        if secretGroup != 0 { try container.encode(secretGroup, forKey: .secretGroup) }
        if entropy != 0 { try container.encode(entropy, forKey: .entropy) }
        if !keywords.isEmpty { try container.encode(keywords, forKey: .keywords) }
        try container.encodeIfPresent(path, forKey: .path)
        if !tags.isEmpty { try container.encode(tags, forKey: .tags) }
        if !allowlists.isEmpty { try container.encode(allowlists, forKey: .allowlists) }
    }
}

/// Text a rule must find a secret in, and text it must not report.
public struct RuleSamples: Hashable, Sendable {
    public var truePositives: [String]
    public var falsePositives: [String]
    /// The path the text samples are scanned as (rules with a `path` need theirs).
    public var path: String
    /// For path-only rules: paths the rule must report, and paths it must not.
    public var truePositivePaths: [String]
    public var falsePositivePaths: [String]

    public init(truePositives: [String] = [], falsePositives: [String] = [], path: String = "sample.txt",
                truePositivePaths: [String] = [], falsePositivePaths: [String] = []) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.path = path
        self.truePositivePaths = truePositivePaths
        self.falsePositivePaths = falsePositivePaths
    }
}
