public import VouchCore
/// The answer of `vouch policy check`: every rule with its outcome. JSON Schema: `Schemas/policy-report.schema.json`.
public struct PolicyReport: Hashable, Sendable, Codable, VerdictReport {
    /// The image's manifest digest.
    public var subject: String
    public var passed: Bool
    public var rules: [RuleOutcome]
    /// What was checked and when, as `vouch policy check` was asked: the image argument, the platform
    /// selected from it, its manifest digest, the policy file and the instant of the check (RFC 3339, UTC,
    /// from the injected clock). Nil when the report was made from evidence alone.
    public var image: String?
    public var platform: String?
    public var manifestDigest: String?
    public var policy: String?
    public var checkedAt: String?

    public init(subject: String, rules: [RuleOutcome]) {
        self.subject = subject
        self.rules = rules
        self.passed = rules.allSatisfy(\.passed)
    }

    /// One failure per failed rule.
    public var verdict: Verdict {
        Verdict(checksMade: rules.count, failures: rules.filter { !$0.passed }.map { CheckFailure(subject: $0.rule, reason: $0.reason) })
    }
}

/// One rule's outcome and why.
public struct RuleOutcome: Hashable, Sendable, Codable {
    /// `integrity`, `signatures`, `attestations[0]`, `provenance`, `licenses`, `secrets`, `packages`.
    public var rule: String
    public var passed: Bool
    /// One sentence: why it passed or failed.
    public var reason: String
    /// Each offending (or, for signatures, each verifying) item.
    public var details: [String]

    public init(rule: String, passed: Bool, reason: String, details: [String] = []) {
        self.rule = rule
        self.passed = passed
        self.reason = reason
        self.details = details
    }
}
