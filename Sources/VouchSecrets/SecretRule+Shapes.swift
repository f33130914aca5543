extension SecretRule {
    /// The assignment shape of gitleaks' keyword rules, without its leading `[\w.-]{0,50}?`: a
    /// keyword, up to 20 name characters, an assignment operator, up to 5 quote/space characters, the
    /// secret (group 1), and a terminator.
    public static func assignmentRegex(keywords: [String], secret: String) -> String {
        let names = keywords.joined(separator: "|")
        return #"(?i)(?:"# + names + #")(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}("# + secret + #")(?:[\x60'"\s;]|\\[nr]|$)"#
    }

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
        falsePositives: [String] = []
    ) -> SecretRule {
        let name = keywords[0].replacingAll("[_-]?", with: "_").replacingAll("[_-]", with: "_").replacingAll("\\", with: "")
        // Keywords gate a rule only when every alternative is a plain literal; a rule with a regex
        // alternative (`aws[_-]?session`) is left ungated rather than gated on text that never occurs.
        let plain = keywords.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." } }
        return SecretRule(
            id: id,
            description: description,
            regex: assignmentRegex(keywords: keywords, secret: secret),
            secretGroup: 1,
            entropy: entropy,
            keywords: plain ? keywords : [],
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

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
