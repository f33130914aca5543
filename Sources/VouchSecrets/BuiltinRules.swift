/// Vouch's built-in rules, one small definition each, grouped by family in `BuiltinRules+<Family>.swift`.
///
/// Every rule's regex has only bounded quantifiers and no leading `[\w.-]{0,50}?` (it made gitleaks'
/// rules slow and is not needed when the finding's line is reported anyway).
public enum BuiltinRules {
    /// All built-in rules, in a stable order.
    public static var all: [SecretRule] {
        cloud + versionControl + registries + chat + payments + ai + saas + keyed + privateKeys + tokens + generic
    }

    /// Applied to every rule: lock files and vendored checksums hold hashes that look like secrets.
    public static let globalAllowlists: [SecretAllowlist] = [
        SecretAllowlist(
            description: "lock files and checksum lists",
            paths: [#"(?:^|/)(?:go\.sum|package-lock\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|Pipfile\.lock|Package\.resolved|composer\.lock|Gemfile\.lock|\.terraform\.lock\.hcl)$"#,
                    #"(?:^|/)\.vouchignore$"#, #"(?:^|/)\.gitleaksignore$"#]
        ),
        SecretAllowlist(
            description: "vendor-documented example keys and fill-in-here placeholders",
            // AWS documents AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY (and variants); other
            // vendors' docs end example keys in EXAMPLE the same way.
            regexes: [#"EXAMPLE"#, #"(?i)(?:put|insert|enter|replace)[_-]?your|your[_-]?(?:api[_-]?)?(?:key|token|secret|password)|(?:key|token|secret)[_-]?here"#]
        ),
        SecretAllowlist(
            description: "obvious placeholders",
            regexes: [#"^(?i)(?:x{6,}|\*{6,}|<[a-z_ -]{1,40}>|\$\{[a-z0-9_.]{1,60}\}|\{\{[ a-z0-9_.]{1,60}\}\}|(?:your|my|some|an?)[_-]?(?:api[_-]?)?(?:key|token|secret|password)(?:[_-]?here)?|changeme|example|placeholder|redacted|dummy|sample|test(?:ing)?)$"#]
        ),
    ]
}
