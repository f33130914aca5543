import Foundation
import Testing
import VouchCore
import VouchSecrets
import VouchTestSupport

@Suite struct DetectorTests {
    static let token = FakeSecret.make("ghp_", FakeSecret.alphanumeric, 36, seed: 42)
    /// Built at run time so this file holds no literal a rule matches (the repository scans clean).
    static let sixteen = FakeSecret.make("", FakeSecret.alphanumeric, 16, seed: 43)

    func findings(_ text: String, path: String = "app/config.py", ruleset: SecretRuleset = .builtin) throws -> [SecretFinding] {
        let detector = ruleset == .builtin ? BuiltinDetector.shared : try SecretDetector(ruleset: ruleset, cacheDirectory: nil)
        return try detector.findings(in: Array(text.utf8), target: ScanTarget(path: path))
    }

    @Test func findingCarriesRuleLineColumnSecretAndContentFingerprint() throws {
        let found = try findings("# config\n\nGITHUB = \"\(Self.token)\"\n")
        let finding = try #require(found.first { $0.ruleID == "github-pat" })
        #expect(finding.line == 3)
        #expect(finding.column == 11)
        #expect(finding.secret == Self.token)
        #expect(finding.file == "app/config.py")
        #expect(finding.fingerprint.hasPrefix("app/config.py:github-pat:"))
        #expect(finding.fingerprint.count == "app/config.py:github-pat:".count + 16)
    }

    @Test func fingerprintSurvivesLineMovesAndDiffersForAnotherSecret() throws {
        let before = try findings("A = \"\(Self.token)\"\n").first { $0.ruleID == "github-pat" }
        let moved = try findings("\n\n\nA = \"\(Self.token)\"\n").first { $0.ruleID == "github-pat" }
        let other = try findings("A = \"\(FakeSecret.make("ghp_", FakeSecret.alphanumeric, 36, seed: 43))\"\n").first { $0.ruleID == "github-pat" }
        #expect(before?.fingerprint == moved?.fingerprint)
        #expect(before?.fingerprint != other?.fingerprint)
    }

    @Test func inlineAllowCommentsSuppressTheLineOnly() throws {
        let text = "a = \"\(Self.token)\"  # vouch:allow\nb = \"\(Self.token)\" // gitleaks:allow\nc = \"\(Self.token)\"\n"
        let found = try findings(text).filter { $0.ruleID == "github-pat" }
        #expect(found.map(\.line) == [3])
    }

    @Test func redactionKeepsAShortPrefix() throws {
        let finding = try #require(try findings("t=\(Self.token)\n").first { $0.ruleID == "github-pat" })
        let redacted = finding.redacted()
        #expect(redacted.secret == String(Self.token.prefix(4)) + "…")
        #expect(!redacted.match.contains(Self.token))
    }

    @Test func entropyFloorDropsLowEntropySecrets() throws {
        let rule = SecretRule(id: "digits", description: "d", regex: #"pin=([0-9]{8})"#, entropy: 2.5)
        let ruleset = SecretRuleset(rules: [rule])
        #expect(try findings("pin=11112222", ruleset: ruleset).isEmpty)
        #expect(try findings("pin=38274619", ruleset: ruleset).count == 1)
    }

    @Test func keywordsGateARule() throws {
        let rule = SecretRule(id: "kw", description: "k", regex: #"\b([0-9a-f]{12})\b"#, keywords: ["deploy"])
        let ruleset = SecretRuleset(rules: [rule])
        #expect(try findings("x 3fa9c01b2d7e", ruleset: ruleset).isEmpty)
        #expect(try findings("DEPLOY 3fa9c01b2d7e", ruleset: ruleset).count == 1)
    }

    @Test func ruleAllowlistKindsApply() throws {
        let secret = Self.sixteen
        func rule(_ allowlist: SecretAllowlist) -> SecretRuleset {
            SecretRuleset(rules: [SecretRule(id: "r", description: "r", regex: #"token: ([A-Za-z0-9]{16})"#, allowlists: [allowlist])])
        }
        let text = "token: \(secret) # staging\n"
        #expect(try findings(text, ruleset: rule(SecretAllowlist(stopwords: [String(secret.dropFirst(3).prefix(4)).lowercased()]))).isEmpty)
        #expect(try findings(text, ruleset: rule(SecretAllowlist(paths: [#"^app/"#]))).isEmpty)
        #expect(try findings(text, ruleset: rule(SecretAllowlist(pathGlobs: ["*.py"]))).isEmpty)
        #expect(try findings(text, ruleset: rule(SecretAllowlist(regexes: ["staging"], regexTarget: .line))).isEmpty)
        #expect(try findings(text, ruleset: rule(SecretAllowlist(regexes: ["^token"], regexTarget: .match))).isEmpty)
        #expect(try findings(text, ruleset: rule(SecretAllowlist(regexes: ["staging"]))).count == 1, "regexes target the secret by default")
        #expect(try findings(text, ruleset: rule(SecretAllowlist(pathGlobs: ["*.go"]))).count == 1)
    }

    @Test func andConditionNeedsEveryCriterion() throws {
        let allowlist = SecretAllowlist(condition: .and, paths: [#"^app/"#], stopwords: ["nomatch"])
        let ruleset = SecretRuleset(rules: [SecretRule(id: "r", description: "r", regex: #"token: ([A-Za-z0-9]{16})"#, allowlists: [allowlist])])
        #expect(try findings("token: \(Self.sixteen)", ruleset: ruleset).count == 1)
        var both = allowlist
        both.stopwords = [String(Self.sixteen.prefix(3)).lowercased()]
        let allowed = SecretRuleset(rules: [SecretRule(id: "r", description: "r", regex: #"token: ([A-Za-z0-9]{16})"#, allowlists: [both])])
        #expect(try findings("token: \(Self.sixteen)", ruleset: allowed).isEmpty)
    }

    @Test func genericRulesReportAssignedSecretsButNotCode() throws {
        let key = FakeSecret.make("", FakeSecret.alphanumeric, 32, seed: 5)
        #expect(try findings("payment_api_key = \"\(key)\"").contains { $0.ruleID == "generic-api-key" })
        #expect(try findings("api_key = os.environ.get(\"PAYMENT_API_KEY\")").isEmpty)
        #expect(try findings("password = \"changeme_please\"").isEmpty)
        #expect(try findings("token = \"\(String(repeating: "x", count: 30))\"").isEmpty)
    }
}
