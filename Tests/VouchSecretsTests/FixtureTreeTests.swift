import Foundation
import Testing
import VouchSecrets
import VouchTestSupport

@Suite struct FixtureTreeTests {
    /// Generates the fixture tree (Fixtures/secrets/generate-tree.py) and expects exactly its findings:
    /// every planted format found at its line, and nothing from placeholders, allow markers, `.git/`,
    /// the binary file, the file over the size limit or the symlink out of the tree.
    @Test func scanFindsExactlyThePlantedSecrets() throws {
        let directory = try TemporaryDirectory("vouch-secrets-tree")
        let tree = directory.path + "/tree"
        let generated = try CommandRunner.run("/usr/bin/env", ["python3", Fixtures.path("secrets/generate-tree.py"), tree])
        try #require(generated.status == 0, "generator failed: \(generated.stderr)")
        let result = try SecretsCLI.run(["scan", "--no-redact", "--max-file-size", "200000", "--format", "json", "tree"], in: directory.path)
        #expect(result.status == 1, "findings exit with status 1: \(result.stderr)")
        let expectedData = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/expected.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: expectedData) as? [[String: Any]])
        #expect(expected.count >= 30)
        let want = expected.map { "\($0["ruleID"]!) tree/\($0["file"]!):\($0["line"]!) \($0["secret"]!)" }.sorted()
        #expect(try SecretsCLI.findings(result.stdout) == want)
        let summary = try #require((try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["summary"] as? [String: Any])
        #expect(summary["binaryFilesSkipped"] as? Int == 1)
        #expect(summary["largeFilesSkipped"] as? Int == 1)
        #expect(summary["symlinksSkipped"] as? Int == 1)
    }

    /// The walk keeps at most half the descriptor limit of directories open for the scanning threads'
    /// `openat`; with a limit of 32, most of 40 directories are reopened by path, and every file is
    /// still scanned and found.
    @Test func aTreeWithMoreDirectoriesThanTheWalkKeepsOpenIsScannedWhole() throws {
        let directory = try TemporaryDirectory("vouch-secrets-many-directories")
        var want: [String] = []
        for index in 0..<40 {
            let token = FakeSecret.make("ghp_", FakeSecret.alphanumeric, 36, seed: UInt64(4000 + index))
            try directory.write("tree/d\(index)/e/config.env", "TOKEN=\(token)\n")
            want.append("github-pat tree/d\(index)/e/config.env:1 \(token)")
        }
        let script = "ulimit -n 32; exec env XDG_CACHE_HOME='\(SecretsCLI.environment["XDG_CACHE_HOME"]!)' '\(CommandRunner.vouchPath)' "
            + "secrets scan --no-redact --format json tree"
        let limited = try CommandRunner.shell(script, in: directory.path)
        #expect(limited.status == 1, "\(limited.stderr)")
        #expect(try SecretsCLI.findings(limited.stdout) == want.sorted())
    }

    @Test func generatorIsDeterministic() throws {
        let first = try TemporaryDirectory("vouch-secrets-tree-a"), second = try TemporaryDirectory("vouch-secrets-tree-b")
        for directory in [first, second] {
            let result = try CommandRunner.run("/usr/bin/env", ["python3", Fixtures.path("secrets/generate-tree.py"), directory.path + "/tree"])
            try #require(result.status == 0, "\(result.stderr)")
        }
        let a = try Data(contentsOf: URL(fileURLWithPath: first.path + "/expected.json"))
        let b = try Data(contentsOf: URL(fileURLWithPath: second.path + "/expected.json"))
        #expect(a == b)
    }
}
