import Foundation
import Testing
import VouchSecrets
import VouchTestSupport

/// Issue 17's false alarms (documented example keys, confidence by path, test keys) and issue 12's
/// baselines, ignores and SARIF locations that travel between checkouts.
@Suite struct ConfidenceAndPortabilityTests {
    static let token = FakeSecret.make("ghp_", FakeSecret.alphanumeric, 36, seed: 1801)
    static let password = "Tr0ub4" + "dor3xQzv9Kp"

    func found(_ text: String, path: String) throws -> [SecretFinding] {
        try BuiltinDetector.shared.findings(in: Array(text.utf8), target: ScanTarget(path: path))
    }

    func tree(_ files: [String: String]) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("vouch-secrets-portable")
        for (name, text) in files { try directory.write(name, text) }
        return directory
    }

    func json(_ text: String) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return try #require(object["findings"] as? [[String: Any]])
    }

    @Test func awsDocumentedExampleKeysAreNotReported() throws {
        let text = "aws_access_key_id = AKIAIOSFODNN7" + "EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY\n"
        #expect(try found(text, path: "docs/setup.sh").isEmpty)
        #expect(try found(text, path: "config/credentials").isEmpty)
    }

    @Test func confidenceIsHighForVendorTokensAndLowerUnderTestFixtureAndDocPaths() throws {
        let line = "TOKEN=\(Self.token)\nDB_PASSWORD=\(Self.password)\n"
        func confidences(_ path: String) throws -> [String] {
            try found(line, path: path).map { "\($0.ruleID):\($0.confidence.rawValue)" }.sorted()
        }
        #expect(try confidences("app/.env") == ["generic-password-unquoted:medium", "github-pat:high"])
        for path in ["tests/.env", "src/test/resources/app.env", "fixtures/app.env", "docs/setup.md", "pkg/client_test.go", "Tests/AppTests.swift"] {
            #expect(try confidences(path) == ["generic-password-unquoted:low", "github-pat:medium"], "\(path)")
        }
    }

    @Test func pemKeysUnderTestPathsAreMarkedAsTestKeys() throws {
        let label = "RSA PRIVATE" + " KEY"
        let pem = "-----BEGIN \(label)-----\n" + FakeSecret.make("MII", FakeSecret.base64, 61, seed: 1802) + "\n" + FakeSecret.make("", FakeSecret.base64, 64, seed: 1803) + "\n-----END \(label)-----\n"
        let inTests = try #require(try found(pem, path: "tests/keys/server.pem").first { $0.ruleID == "private-key-rsa" })
        #expect(inTests.tags.contains("test-key"))
        #expect(inTests.confidence == .medium)
        let deployed = try #require(try found(pem, path: "deploy/server.pem").first { $0.ruleID == "private-key-rsa" })
        #expect(!deployed.tags.contains("test-key"))
        #expect(deployed.confidence == .high)
    }

    @Test func minConfidenceDropsLowerFindingsAndCountsThem() throws {
        let directory = try tree(["app/.env": "TOKEN=\(Self.token)\n", "tests/.env": "DB_PASSWORD=\(Self.password)\n"])
        let all = try SecretsCLI.run(["scan", "--format", "json", "."], in: directory.path)
        #expect(try json(all.stdout).count == 2)
        let high = try SecretsCLI.run(["scan", "--format", "json", "--min-confidence", "high", "."], in: directory.path)
        #expect(high.status == 1)
        let findings = try json(high.stdout)
        #expect(findings.map { $0["ruleID"] as? String } == ["github-pat"])
        #expect(findings.first?["confidence"] as? String == "high")
        let summary = (try JSONSerialization.jsonObject(with: Data(high.stdout.utf8)) as? [String: Any])?["summary"] as? [String: Any]
        #expect(summary?["belowMinimumConfidence"] as? Int == 1)
        #expect(try SecretsCLI.run(["scan", "--min-confidence", "certain", "."], in: directory.path).status == 64)
    }

    @Test func aBaselineMadeFromTheParentAppliesFromInsideAndByAbsolutePath() throws {
        let directory = try tree(["app/config.env": "TOKEN=\(Self.token)\n"])
        let baseline = try SecretsCLI.run(["scan", "--format", "json", "--report", "base.json", "app"], in: directory.path)
        #expect(baseline.status == 1)
        let fingerprint = try json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: directory.path + "/base.json")), as: UTF8.self)).first?["fingerprint"] as? String
        #expect(fingerprint?.hasPrefix("config.env:github-pat:") == true, "\(fingerprint ?? "none")")
        #expect(try SecretsCLI.run(["scan", "--baseline", "../base.json", "."], in: directory.path + "/app").status == 0)
        #expect(try SecretsCLI.run(["scan", "--baseline", directory.path + "/base.json", directory.path + "/app"]).status == 0)
        #expect(try SecretsCLI.run(["scan", "--baseline", "base.json", "app/config.env"], in: directory.path).status == 0, "a file given alone is relative to its directory")
    }

    @Test func vouchignoreAtTheRootHoldsRootRelativeFingerprints() throws {
        let directory = try tree(["app/src/config.env": "TOKEN=\(Self.token)\n"])
        let first = try SecretsCLI.run(["scan", "--format", "json", "."], in: directory.path + "/app")
        let fingerprint = try #require(try json(first.stdout).first?["fingerprint"] as? String)
        #expect(fingerprint.hasPrefix("src/config.env:"))
        try directory.write("app/.vouchignore", "# reviewed\n\(fingerprint)\n")
        #expect(try SecretsCLI.run(["scan", "app"], in: directory.path).status == 0)
        #expect(try SecretsCLI.run(["scan", directory.path + "/app"]).status == 0)
    }

    @Test func gitFingerprintsAreRelativeToTheRepositoryTopLevel() throws {
        let directory = try TemporaryDirectory("vouch-secrets-git-portable")
        let script = """
            git init -q -b main repo && cd repo
            git config user.name 'A' && git config user.email a@example.org
            mkdir -p sub && printf 'T=\(Self.token)\\n' > sub/app.env
            git add -A && git commit -q -m one
            """
        let made = try CommandRunner.shell(script, in: directory.path)
        try #require(made.status == 0, "git failed: \(made.stderr)")
        let whole = try json(try SecretsCLI.run(["scan", "--git", "--format", "json", "repo"], in: directory.path).stdout)
        let sub = try json(try SecretsCLI.run(["scan", "--git", "--format", "json", "."], in: directory.path + "/repo/sub").stdout)
        #expect(whole.count == 1 && sub.count == 1)
        #expect(whole.first?["fingerprint"] as? String == sub.first?["fingerprint"] as? String)
        let fingerprint = try #require(whole.first?["fingerprint"] as? String)
        try directory.write("repo/.vouchignore", fingerprint + "\n")
        #expect(try SecretsCLI.run(["scan", "--git", "."], in: directory.path + "/repo/sub").status == 0, "the top level's .vouchignore applies")
    }

    @Test func sarifUsesRootRelativeURIsWithOriginalUriBaseIdsAndOnlyReportedRules() throws {
        let directory = try tree(["app/src/a.env": "TOKEN=\(Self.token)\n"])
        #expect(try SecretsCLI.run(["scan", "--format", "sarif", "--report", "r.sarif", "app"], in: directory.path).status == 1)
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/r.sarif"))) as? [String: Any])
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let result = try #require((run["results"] as? [[String: Any]])?.first)
        let location = try #require(((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])
        #expect(location["uri"] as? String == "src/a.env")
        #expect(location["uriBaseId"] as? String == "%SRCROOT%")
        let bases = try #require(run["originalUriBaseIds"] as? [String: [String: String]])
        let base = try #require(bases["%SRCROOT%"]?["uri"])
        #expect(base.hasPrefix("file:///") && base.hasSuffix("/app/"), "\(base)")
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["github-pat"])
        #expect(result["ruleIndex"] as? Int == 0)
    }
}
