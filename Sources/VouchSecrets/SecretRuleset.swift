/// The rules and global allowlists a scan runs with: the built-in rules, or a config's, or both.
public struct SecretRuleset: Hashable, Sendable, Codable {
    public var rules: [SecretRule]
    /// Allowlists that apply to every rule.
    public var allowlists: [SecretAllowlist]

    public init(rules: [SecretRule], allowlists: [SecretAllowlist] = []) {
        self.rules = rules
        self.allowlists = allowlists
    }

    /// Vouch's built-in rules (see ``BuiltinRules``).
    public static var builtin: SecretRuleset { SecretRuleset(rules: BuiltinRules.all, allowlists: BuiltinRules.globalAllowlists) }
}
