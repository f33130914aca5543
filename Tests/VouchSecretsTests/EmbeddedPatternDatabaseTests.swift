import Foundation
import Testing
import VouchRegex
import VouchSecrets
import VouchTestSupport

/// The cold-start fix (issue 17): the built-in rules' database is compiled ahead of time for a generic
/// CPU and embedded in the binary, so a first scan on a fresh machine does not compile for seconds.
@Suite struct EmbeddedPatternDatabaseTests {
    static let file = Fixtures.repositoryRoot.appendingPathComponent("Sources/CVouchPatterns/include/builtin-patterns.bin").path

    /// Fails when the built-in rules changed since the embedded database was made. To re-make it:
    /// `VOUCH_RECORD_PATTERNS=1 swift test --filter EmbeddedPatternDatabaseTests`, then
    /// `touch Sources/CVouchPatterns/builtin-patterns.S` and build again (the assembler's include is
    /// not tracked as a dependency).
    @Test func theBuiltinRulesDatabaseIsEmbeddedAndCurrent() throws {
        if ProcessInfo.processInfo.environment["VOUCH_RECORD_PATTERNS"] == "1" {
            let probe = try SecretDetector(ruleset: .builtin, cacheDirectory: BuiltinDetector.cache)
            let bytes = try PatternDatabase.distributable(patterns: probe.database.patterns)
            try Data(bytes).write(to: URL(fileURLWithPath: Self.file))
            Issue.record("recorded \(bytes.count) bytes to \(Self.file); touch Sources/CVouchPatterns/builtin-patterns.S, rebuild and run again")
            return
        }
        let detector = try SecretDetector(ruleset: .builtin, cacheDirectory: nil)
        #expect(detector.database.loadedFromPrebuilt, "the embedded database is stale or missing: re-record it (see this test's comment)")
        #expect(detector.database.compileSeconds == 0)
    }

    @Test func aCustomRulesetIsCompiledNotTakenFromTheEmbeddedDatabase() throws {
        let ruleset = SecretRuleset(rules: [SecretRule(id: "acme", description: "ACME key", regex: #"acme_([a-z0-9]{16})"#)])
        let detector = try SecretDetector(ruleset: ruleset, cacheDirectory: nil)
        #expect(!detector.database.loadedFromPrebuilt)
        #expect(detector.database.compileSeconds > 0)
    }

    @Test func anUnwritableCacheDirectoryGivesOneWarning() throws {
        let directory = try TemporaryDirectory("vouch-secrets-cache")
        try directory.write("a.txt", "nothing\n")
        try directory.write("rules.toml", "[[rules]]\nid = \"acme\"\nregex = '''acme_([a-z0-9]{16})'''\n")
        // A regular file where the cache directory should be: it cannot be created (root ignores modes).
        try directory.write("cache", "not a directory\n")
        let result = try CommandRunner.vouch(["secrets", "scan", "--config", "rules.toml", "a.txt", "b.txt"].filter { $0 != "b.txt" },
                                             environment: ["XDG_CACHE_HOME": directory.path + "/cache"], in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains("warning: cannot write the rule cache") }
        #expect(warnings.count == 1, "\(result.stderr)")
        #expect(warnings.first?.contains(directory.path + "/cache/vouch") == true)
    }
}
