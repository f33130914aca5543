import Foundation
import Testing
import VouchCore
import VouchSecrets
import VouchTestSupport

@Suite struct ConfigTests {
    @Test func gitleaksTOMLIsReadAsIs() throws {
        let config = try SecretConfig.parseTOML("""
            title = "team config"
            [[rules]]
            id = "acme-token"
            description = "ACME token"
            regex = '''\\b(acme_[a-z0-9]{24})\\b'''
            secretGroup = 1
            entropy = 3
            keywords = ["acme_"]
            tags = ["internal"]
              [[rules.allowlists]]
              regexTarget = "line"
              regexes = ['''fixture''']
            [allowlist]
            paths = ['''(?:^|/)testdata/''']
            [[allowlists]]
            stopwords = ["dummy"]
            """)
        let ruleset = try config.resolve()
        #expect(ruleset.rules.map(\.id) == ["acme-token"], "a config with its own rules and no [extend] replaces the defaults")
        let rule = ruleset.rules[0]
        #expect(rule.secretGroup == 1 && rule.entropy == 3 && rule.keywords == ["acme_"] && rule.tags == ["internal"])
        #expect(rule.allowlists.first?.regexTarget == .line)
        #expect(ruleset.allowlists.count == 2)
    }

    @Test func ruleAllowlistsStillApplyWhenExtendingTheDefaults() throws {
        let config = try SecretConfig.parseTOML("""
            [extend]
            useDefault = true
            [[rules]]
            id = "github-pat"
              [[rules.allowlists]]
              paths = ['''^docs/''']
            """)
        let ruleset = try config.resolve()
        let rule = try #require(ruleset.rules.first { $0.id == "github-pat" })
        #expect(rule.regex != nil, "the built-in regex is kept")
        #expect(rule.allowlists.contains { $0.paths == ["^docs/"] })
        let detector = try SecretDetector(ruleset: ruleset, cacheDirectory: BuiltinDetector.cache)
        let token = FakeSecret.make("ghp_", FakeSecret.alphanumeric, 36, seed: 1)
        #expect(try detector.findings(in: Array("t=\(token)".utf8), target: ScanTarget(path: "docs/a.md")).isEmpty)
        #expect(try detector.findings(in: Array("t=\(token)".utf8), target: ScanTarget(path: "src/a.md")).contains { $0.ruleID == "github-pat" })
    }

    @Test func disabledRulesRemovesOneInheritedRule() throws {
        let ruleset = try SecretConfig.parseTOML("[extend]\nuseDefault = true\ndisabledRules = [\"github-pat\"]\n").resolve()
        #expect(!ruleset.rules.contains { $0.id == "github-pat" })
        #expect(ruleset.rules.count == BuiltinRules.all.count - 1)
    }

    @Test func disablingAnUnknownRuleIsAnError() throws {
        #expect(throws: VouchError.self) {
            _ = try SecretConfig.parseTOML("[extend]\nuseDefault = true\ndisabledRules = [\"no-such-rule\"]\n").resolve()
        }
    }

    @Test func aConfigWithOnlyAnAllowlistKeepsTheBuiltInRules() throws {
        let ruleset = try SecretConfig.parseTOML("[allowlist]\npaths = ['''^vendor/''']\n").resolve()
        #expect(ruleset.rules.count == BuiltinRules.all.count)
        #expect(ruleset.allowlists.count == BuiltinRules.globalAllowlists.count + 1)
    }

    @Test func duplicateKeyInAJSONConfigIsRefused() {
        // Foundation's decoder kept the last `rules`, silently dropping the first list.
        let error = #expect(throws: VouchError.self) {
            try SecretConfig.parseJSON(#"{"rules":[{"id":"a","regex":"a"}],"rules":[]}"#)
        }
        #expect(error?.reason.hasSuffix("duplicate key 'rules'") == true)
    }

    @Test func malformedConfigFieldIsReportedWithItsJSONPath() {
        let error = #expect(throws: VouchError.self) {
            try SecretConfig.parseTOML("[[rules]]\nid = \"a\"\nsecretGroup = \"one\"\n")
        }
        #expect(error?.reason == "config $.rules[0].secretGroup: expected a number, found a string")
    }

    @Test func jsonRulesFileRoundTrips() throws {
        let json = try JSONOutput.encode(SecretRuleset(rules: [SecretRule(id: "x", description: "d", regex: "x[0-9]{4}", secretGroup: 0, keywords: ["x"])]))
        let ruleset = try SecretConfig.parseJSON(json).resolve()
        #expect(ruleset.rules.map(\.id) == ["x"])
        let rule = try #require(ruleset.rules.first)
        #expect(rule.regex == "x[0-9]{4}")
        #expect(rule.secretGroup == 0)
        #expect(rule.keywords == ["x"])
        #expect(rule.description == "d")
    }

    @Test func malformedTOMLNamesTheProblem() throws {
        #expect {
            _ = try SecretConfig.parseTOML("[[rules]\nid = 1")
        } throws: { error in
            (error as? VouchError)?.reason.contains("not valid TOML") == true
        }
    }

    @Test func aRuleWithoutRegexOrPathIsAnError() throws {
        #expect(throws: VouchError.self) { _ = try SecretConfig.parseTOML("[[rules]]\nid = \"lonely\"\n").resolve() }
    }

    @Test func aWrongAllowlistConditionIsAnError() throws {
        #expect(throws: VouchError.self) { _ = try SecretConfig.parseTOML("[[allowlists]]\ncondition = \"XOR\"\npaths = ['''a''']\n") }
    }
    @Test func extendPathStartsFromAnotherConfig() throws {
        let directory = try TemporaryDirectory("vouch-secrets-extend")
        try directory.write("base.toml", "[[rules]]\nid = \"base-rule\"\nregex = '''base_[0-9]{6}'''\n")
        try directory.write("team.toml", "[extend]\npath = \"base.toml\"\n[[rules]]\nid = \"team-rule\"\nregex = '''team_[0-9]{6}'''\n")
        let ruleset = try SecretRuleset.load(configPath: directory.path + "/team.toml")
        #expect(ruleset.rules.map(\.id) == ["base-rule", "team-rule"])
    }

    @Test func extendPathDepthIsLimited() throws {
        let directory = try TemporaryDirectory("vouch-secrets-extend-loop")
        try directory.write("a.toml", "[extend]\npath = \"b.toml\"\n")
        try directory.write("b.toml", "[extend]\npath = \"a.toml\"\n")
        #expect {
            _ = try SecretRuleset.load(configPath: directory.path + "/a.toml")
        } throws: { error in
            (error as? VouchError)?.limit?.name == "maxExtendDepth"
        }
    }

    @Test func commitAllowlistAppliesToGitFindings() throws {
        let secret = FakeSecret.make("", FakeSecret.alphanumeric, 16, seed: 44)
        let commit = String(repeating: "ab", count: 20)
        let ruleset = SecretRuleset(rules: [SecretRule(id: "r", description: "r", regex: #"token: ([A-Za-z0-9]{16})"#,
                                                       allowlists: [SecretAllowlist(commits: [commit])])])
        let detector = try SecretDetector(ruleset: ruleset, cacheDirectory: nil)
        let info = CommitInfo(hash: commit, author: "a", email: "a@b", date: "2026-01-01T00:00:00Z")
        let other = CommitInfo(hash: String(repeating: "cd", count: 20), author: "a", email: "a@b", date: "2026-01-01T00:00:00Z")
        #expect(try detector.findings(in: Array("token: \(secret)".utf8), target: ScanTarget(path: "a", commit: info)).isEmpty)
        #expect(try detector.findings(in: Array("token: \(secret)".utf8), target: ScanTarget(path: "a", commit: other)).count == 1)
    }

    /// Found by the gitleaks-toml fuzz target: `[=` made TOMLKit's parser fail an assertion (abort in a debug
    /// build, undefined behaviour in a release build). It is now an error naming the line.
    @Test func aTableHeaderWithoutAKeyIsAnErrorNotAnAbort() throws {
        let text = String(decoding: try Fixtures.bytes("fuzz/gitleaks-toml-parse-key-assertion.toml"), as: UTF8.self)
        #expect(text.hasPrefix("[="))
        #expect {
            _ = try SecretConfig.parseTOML(text)
        } throws: { error in
            (error as? VouchError)?.code == .malformedInput && "\(error)".contains("table header must start with a key at line 1")
        }
        for header in ["[[ =x]]\n", "title = \"t\"\n  [ .a]\n", "a = '''\n'''\n[\t@]\n"] {
            #expect(throws: VouchError.self) { _ = try SecretConfig.parseTOML(header) }
        }
    }

    /// The header check must not refuse valid TOML: brackets inside strings, multi-line regexes, nested
    /// arrays and comments are not table headers.
    @Test func bracketsInsideStringsAndArraysAreNotTableHeaders() throws {
        let config = try SecretConfig.parseTOML("""
        title = "t" # [= not a header
        [[rules]]
        id = "r1"
        regex = '''
        [=^a-z]{8}
        '''
        keywords = [
          "[= x",
        ]
        [ "extra" ]
        nested = [
          [ 1, 2 ],
          [ [3] ],
        ]
        """)
        #expect(config.rules?.map(\.id) == ["r1"])
    }
}
