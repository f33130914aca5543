extension SecretRule {
    /// The assignment shape of gitleaks' keyword rules, without its leading `[\w.-]{0,50}?`: a
    /// keyword, up to 20 name characters, an assignment operator, up to 5 quote/space characters, the
    /// secret (group 1), and a terminator.
    public static func assignmentRegex(keywords: [String], secret: String) -> String {
        let names = keywords.joined(separator: "|")
        return #"(?i)(?:"# + names + #")(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}("# + secret + #")(?:[\x60'"\s;]|\\[nr]|$)"#
    }

    /// A camelCase or PascalCase name of three or more words of two or more letters
    /// (`searchConfluenceUsingCql`): a name in code, a shape random tokens do not take.
    public static let identifierRegex = #"^(?:[a-z]{2,}|[A-Z][a-z]{2,})(?:[A-Z][a-z]{2,}[0-9]{0,4}){2,}$"#

    /// A rule for a secret assigned to a name containing one of `keywords`, with generated samples:
    /// `<keyword>_key = "<fake>"` must be found and `<keyword>_key = "<placeholder>"` must not.
    static func assigned(
        _ id: String,
        _ description: String,
        keywords: [String],
        secret: String,
        fake: String,
        entropy: Double = 0,
        extraTruePositives: [String] = [],
        falsePositives: [String] = [],
        gate: [String]? = nil
    ) -> SecretRule {
        // A sample name from the first keyword: `aws[_-]?session` -> `aws_session`, `(?-i:[Oo]kta|OKTA)` -> `Okta`.
        var name = keywords[0].replacingAll("[_-]?", with: "_").replacingAll("[_-]", with: "_").replacingAll("[_.-]?", with: "_").replacingAll("\\", with: "")
        if name.hasPrefix("(?-i:[") { name = String(name.dropFirst(6).prefix(1)) + String(name.dropFirst(9).prefix { $0 != "|" }) }
        name = name.replacingAll("(?:", with: "").replacingAll("|", with: "_").replacingAll(")", with: "")
        // Keywords gate a rule only when every alternative is a plain literal; a rule with a regex
        // alternative (`aws[_-]?session`) is left ungated rather than gated on text that never occurs.
        let plain = keywords.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." } }
        return SecretRule(
            id: id,
            description: description,
            regex: assignmentRegex(keywords: keywords, secret: secret),
            secretGroup: 1,
            entropy: entropy,
            keywords: gate ?? (plain ? keywords : []),
            allowlists: [SecretAllowlist(description: "identifiers (a name, not a value)", regexes: [SecretRule.identifierRegex])],
            samples: RuleSamples(
                truePositives: ["\(name)_key = \"\(fake)\"", "export \(name.uppercased())_TOKEN=\(fake)"] + extraTruePositives,
                falsePositives: ["\(name)_key = \"\(String(repeating: "x", count: 3))\"", "\(name) is a service; see the docs for tokens"] + falsePositives
            )
        )
    }

    /// A rule for a token with a distinctive prefix, found anywhere (no keyword context needed).
    static func prefixed(
        _ id: String,
        _ description: String,
        regex: String,
        keywords: [String],
        fake: String,
        entropy: Double = 0,
        extraTruePositives: [String] = [],
        falsePositives: [String] = []
    ) -> SecretRule {
        SecretRule(
            id: id,
            description: description,
            regex: regex,
            secretGroup: 1,
            entropy: entropy,
            keywords: keywords,
            samples: RuleSamples(
                truePositives: ["token = \"\(fake)\"", "\(fake)"] + extraTruePositives,
                falsePositives: [String(fake.prefix(8))] + falsePositives
            )
        )
    }
}

extension SecretRule {
    /// This rule, also matching `<keyword> = <secret>` assignments (a service whose older or other
    /// credential has no distinctive prefix); the secret is then the assignment's.
    func orAssigned(to keywords: [String], secret: String, fake: String) -> SecretRule {
        var rule = self
        let assignment = SecretRule.assignmentRegex(keywords: keywords, secret: secret)
        rule.regex = "(?:" + (regex ?? "") + ")|(?i:" + assignment.dropFirst(4) + ")"
        rule.secretGroup = 0
        if !rule.keywords.isEmpty { rule.keywords += keywords }
        rule.samples.truePositives.append("\(keywords[0])_token = \"\(fake)\"")
        return rule
    }
}

extension SecretRule {
    /// This rule with one more allowlist, and samples that the allowlist must keep unreported.
    func allowing(_ allowlist: SecretAllowlist, falsePositives: [String] = []) -> SecretRule {
        var rule = self
        rule.allowlists.append(allowlist)
        rule.samples.falsePositives += falsePositives
        return rule
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
