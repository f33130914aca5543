import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import VouchSecrets
import VouchTestSupport

@Suite struct SecretsCLITests {
    static let token = FakeSecret.make("ghp_", FakeSecret.alphanumeric, 36, seed: 77)

    func tree(_ files: [String: String]) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("vouch-secrets-cli")
        for (name, text) in files { try directory.write(name, text) }
        return directory
    }

    @Test func findingsExitOneAndAreRedactedByDefault() throws {
        let directory = try tree(["src/app.py": "x = 1\nTOKEN = \"\(Self.token)\"\n"])
        let result = try SecretsCLI.run(["scan", "src"], in: directory.path)
        #expect(result.status == 1)
        #expect(result.stdout.contains("github-pat"))
        #expect(result.stdout.contains("src/app.py:2:10"))
        #expect(!result.stdout.contains(Self.token))
        #expect(result.stdout.contains(String(Self.token.prefix(4)) + "…"))
    }

    @Test func noRedactShowsTheSecret() throws {
        let directory = try tree(["a.txt": "t=\(Self.token)\n"])
        let result = try SecretsCLI.run(["scan", "--no-redact", "a.txt"], in: directory.path)
        #expect(result.stdout.contains(Self.token))
    }

    @Test func cleanTreeExitsZero() throws {
        let directory = try tree(["a.txt": "nothing to see\n"])
        let result = try SecretsCLI.run(["scan", "."], in: directory.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("0 findings in 1 file"))
    }

    @Test func exitCodeOptionChangesTheStatusForFindings() throws {
        let directory = try tree(["a.txt": "t=\(Self.token)\n"])
        #expect(try SecretsCLI.run(["scan", "--exit-code", "7", "a.txt"], in: directory.path).status == 7)
    }

    @Test func standardInputIsScanned() throws {
        let result = try SecretsCLI.run(["scan", "--format", "json", "--no-redact", "-"], stdin: Array("key: \(Self.token)\n".utf8))
        #expect(result.status == 1)
        #expect(try SecretsCLI.findings(result.stdout) == ["github-pat -:1 \(Self.token)"])
    }

    @Test func missingPathIsAnErrorNamingIt() throws {
        let result = try SecretsCLI.run(["scan", "/nonexistent/vouch-path"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("vouch: error: /nonexistent/vouch-path: no such file"))
    }

    @Test func usageErrorsExit64() throws {
        #expect(try SecretsCLI.run(["scan", "--log-opts", "HEAD", "."]).status == 64)
        #expect(try SecretsCLI.run(["scan", "--format", "xml", "."]).status == 64)
    }

    @Test func reportFileIsWrittenOnlyWhenTheScanCompletes() throws {
        let directory = try tree(["a.txt": "t=\(Self.token)\n", "bad.toml": "[[rules]\n"])
        let report = directory.path + "/out/report.json"
        try FileManager.default.createDirectory(atPath: directory.path + "/out", withIntermediateDirectories: true)
        let failed = try SecretsCLI.run(["scan", "--config", "bad.toml", "--report", report, "a.txt"], in: directory.path)
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("bad.toml"))
        #expect(!FileManager.default.fileExists(atPath: report))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/out").isEmpty, "no temporary file left behind")
        let done = try SecretsCLI.run(["scan", "--format", "json", "--report", report, "a.txt"], in: directory.path)
        #expect(done.status == 1)
        #expect(done.stdout.isEmpty)
        #expect(try SecretsCLI.findings(String(contentsOfFile: report, encoding: .utf8)).count == 1)
    }

    @Test func baselineSuppressesKnownFindingsButNotNewOnes() throws {
        let directory = try tree(["a.txt": "t=\(Self.token)\n"])
        let baseline = try SecretsCLI.run(["scan", "--format", "json", "--report", "baseline.json", "a.txt"], in: directory.path)
        #expect(baseline.status == 1)
        try directory.write("a.txt", "\n\n# moved\nt=\(Self.token)\n")
        let again = try SecretsCLI.run(["scan", "--baseline", "baseline.json", "a.txt"], in: directory.path)
        #expect(again.status == 0, "a moved secret keeps its fingerprint: \(again.stdout)")
        #expect(again.stdout.contains("1 suppressed"))
        let other = FakeSecret.make("ghp_", FakeSecret.alphanumeric, 36, seed: 78)
        try directory.write("a.txt", "t=\(Self.token)\nu=\(other)\n")
        let added = try SecretsCLI.run(["scan", "--format", "json", "--no-redact", "--baseline", "baseline.json", "a.txt"], in: directory.path)
        #expect(added.status == 1)
        #expect(try SecretsCLI.findings(added.stdout) == ["github-pat a.txt:2 \(other)"])
    }

    @Test func aBaselineThatIsNotAReportIsAnError() throws {
        let directory = try tree(["a.txt": "x\n", "baseline.json": "[1, 2]"])
        let result = try SecretsCLI.run(["scan", "--baseline", "baseline.json", "a.txt"], in: directory.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("baseline.json"))
    }

    @Test func vouchignoreSuppressesAFingerprintButADifferentSecretOnThatLineIsReported() throws {
        let directory = try tree(["src/a.txt": "t=\(Self.token)\n"])
        let first = try SecretsCLI.run(["scan", "--format", "json", "src"], in: directory.path)
        let object = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
        let fingerprint = try #require(((object?["findings"] as? [[String: Any]])?.first?["fingerprint"]) as? String)
        try directory.write("src/.vouchignore", "# reviewed\n\(fingerprint)\n")
        #expect(try SecretsCLI.run(["scan", "src"], in: directory.path).status == 0)
        try directory.write("src/a.txt", "t=\(FakeSecret.make("ghp_", FakeSecret.alphanumeric, 36, seed: 79))\n")
        #expect(try SecretsCLI.run(["scan", "src"], in: directory.path).status == 1)
    }

    @Test(.enabled(if: Peers.shouldRun("check-jsonschema")))
    func jsonReportMatchesItsSchema() throws {
        let checker = try Peers.require("check-jsonschema")
        let directory = try tree(["a.txt": "t=\(Self.token)\n"])
        #expect(try SecretsCLI.run(["scan", "--format", "json", "--report", "r.json", "a.txt"], in: directory.path).status == 1)
        let check = try CommandRunner.run(checker, ["--schemafile", Fixtures.repositoryRoot.appendingPathComponent("Schemas/findings.schema.json").path, directory.path + "/r.json"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test(.enabled(if: Peers.shouldRun("check-jsonschema")))
    func sarifReportValidatesAgainstTheSARIF210Schema() throws {
        let checker = try Peers.require("check-jsonschema")
        let directory = try tree(["dir with space/a.txt": "t=\(Self.token)\n", "b.env": "SLACK=" + FakeSecret.make("xoxb-", FakeSecret.digits, 12) + FakeSecret.make("-", FakeSecret.digits, 13) + FakeSecret.make("-", FakeSecret.alphanumeric, 24) + "\n"])
        #expect(try SecretsCLI.run(["scan", "--format", "sarif", "--report", "r.sarif", "."], in: directory.path).status == 1)
        let check = try CommandRunner.run(checker, ["--schemafile", Fixtures.path("secrets/sarif-schema-2.1.0.json"), directory.path + "/r.sarif"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let sarif = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/r.sarif"))) as? [String: Any]
        let run = try #require((sarif?["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        #expect(results.allSatisfy { ($0["partialFingerprints"] as? [String: String])?["vouchSecretFingerprint/v1"] != nil })
    }

    @Test(.enabled(if: Peers.shouldRun("check-jsonschema")))
    func rulesJSONMatchesTheRulesSchema() throws {
        let checker = try Peers.require("check-jsonschema")
        let directory = try TemporaryDirectory("vouch-secrets-rules")
        let result = try SecretsCLI.run(["rules", "--format", "json"])
        #expect(result.status == 0)
        try directory.write("rules.json", result.stdout)
        let check = try CommandRunner.run(checker, ["--schemafile", Fixtures.repositoryRoot.appendingPathComponent("Schemas/rules.schema.json").path, directory.path + "/rules.json"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let reread = try SecretsCLI.run(["rules", "--config", directory.path + "/rules.json"])
        #expect(reread.stdout.hasSuffix("\(BuiltinRules.all.count) rules\n"))
    }

    @Test func csvReportQuotesFields() throws {
        let directory = try tree(["a,b.txt": "t=\(Self.token)\n"])
        let result = try SecretsCLI.run(["scan", "--format", "csv", "a,b.txt"], in: directory.path)
        let lines = result.stdout.split(separator: "\r\n")
        #expect(lines.first == "RuleID,Description,File,Line,Column,EndLine,Secret,Match,Entropy,Fingerprint,Commit,Author,Email,Date,Layer,Tags,Confidence")
        #expect(lines.count == 2)
        #expect(lines.last?.hasPrefix("github-pat,GitHub personal access token (classic),\"a,b.txt\",1,3,1,") == true)
    }

    @Test func junitReportIsWellFormedWithOneFailurePerFinding() throws {
        let directory = try tree(["a.txt": "t=\(Self.token)\nu=<\(FakeSecret.make("glpat-", FakeSecret.alphanumeric, 20))>\n"])
        let result = try SecretsCLI.run(["scan", "--format", "junit", "a.txt"], in: directory.path)
        #expect(result.status == 1)
        let parser = XMLParser(data: Data(result.stdout.utf8))
        let counter = FailureCounter()
        parser.delegate = counter
        #expect(parser.parse(), "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(counter.failures == 2)
        #expect(result.stdout.contains("failures=\"2\""))
    }

    @Test func binaryAndLargeFilesAreSkippedAndCounted() throws {
        let directory = try tree(["big.txt": String(repeating: "y", count: 5000) + "\nt=\(Self.token)\n"])
        // A binary by its content (mostly control bytes), not by one NUL: text with a NUL is scanned.
        try directory.write("blob.bin", Array(repeating: 0x01, count: 64) + [0x00] + Array("t=\(Self.token)".utf8))
        let result = try SecretsCLI.run(["scan", "--max-file-size", "1000", "--format", "json", "."], in: directory.path)
        #expect(result.status == 0)
        let summary = (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["summary"] as? [String: Any]
        #expect(summary?["binaryFilesSkipped"] as? Int == 1)
        #expect(summary?["largeFilesSkipped"] as? Int == 1)
    }

    @Test func aConfigWithCustomRulesFindsWhatTheyDescribe() throws {
        let directory = try tree([
            "rules.toml": "[[rules]]\nid = \"acme\"\ndescription = \"ACME key\"\nregex = '''acme_([a-z0-9]{16})'''\nkeywords = [\"acme_\"]\n",
            "a.txt": "k = acme_0123456789abcdef\nt=\(Self.token)\n",
        ])
        let result = try SecretsCLI.run(["scan", "--config", "rules.toml", "--no-redact", "--format", "json", "a.txt"], in: directory.path)
        #expect(try SecretsCLI.findings(result.stdout) == ["acme a.txt:1 0123456789abcdef"], "custom rules without [extend] replace the built-ins")
    }
}

private final class FailureCounter: NSObject, XMLParserDelegate {
    var failures = 0
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if elementName == "failure" { failures += 1 }
    }
}
