import Foundation
import Testing
import VouchSecrets
import VouchTestSupport

@Suite struct GitHistoryTests {
    /// A repository made with git: commit 1 adds a token at line 3, commit 2 deletes it and adds
    /// another file; the deleted secret is still found, with its commit, author, date and line.
    @Test func findsSecretsInHistoryWithCommitAuthorDateAndLine() throws {
        let directory = try TemporaryDirectory("vouch-secrets-git")
        let first = FakeSecret.make("ghp_", FakeSecret.alphanumeric, 36, seed: 501)
        let second = FakeSecret.make("glpat-", FakeSecret.alphanumeric, 20, seed: 502)
        let script = """
            git init -q -b main repo && cd repo
            git config user.name 'Ada Lovelace' && git config user.email ada@example.org
            printf 'a = 1\\nb = 2\\ntoken = "\(first)"\\n' > config.py
            GIT_AUTHOR_DATE='2026-01-02T03:04:05+00:00' GIT_COMMITTER_DATE='2026-01-02T03:04:05+00:00' git add config.py
            GIT_AUTHOR_DATE='2026-01-02T03:04:05+00:00' GIT_COMMITTER_DATE='2026-01-02T03:04:05+00:00' git commit -q -m 'add config'
            printf 'a = 1\\nb = 2\\n' > config.py
            mkdir -p deploy && printf '# deploy\\nGITLAB=\(second)\\n' > deploy/env.sh
            git add -A && git commit -q -m 'remove token, add deploy'
            git rev-parse HEAD~1 HEAD
            """
        let made = try CommandRunner.shell(script, in: directory.path)
        try #require(made.status == 0, "git failed: \(made.stderr)")
        let hashes = made.stdout.split(separator: "\n").map(String.init)
        try #require(hashes.count == 2)
        let result = try SecretsCLI.run(["scan", "--git", "--no-redact", "--format", "json", "repo"], in: directory.path)
        #expect(result.status == 1, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let deleted = try #require(findings.first { $0["secret"] as? String == first })
        #expect(deleted["ruleID"] as? String == "github-pat")
        #expect(deleted["file"] as? String == "config.py")
        #expect(deleted["line"] as? Int == 3)
        #expect(deleted["commit"] as? String == hashes[0])
        #expect(deleted["author"] as? String == "Ada Lovelace")
        #expect(deleted["email"] as? String == "ada@example.org")
        #expect(deleted["date"] as? String == "2026-01-02T03:04:05+00:00")
        #expect((deleted["fingerprint"] as? String)?.hasPrefix(hashes[0] + ":config.py:github-pat:") == true)
        let added = try #require(findings.first { $0["secret"] as? String == second })
        #expect(added["file"] as? String == "deploy/env.sh")
        #expect(added["line"] as? Int == 2)
        #expect(added["commit"] as? String == hashes[1])
        #expect(findings.count == 2)
        #expect((object["summary"] as? [String: Any])?["commitsScanned"] as? Int == 2)
    }

    @Test func logOptionsLimitTheCommitsScanned() throws {
        let directory = try TemporaryDirectory("vouch-secrets-git-range")
        let token = FakeSecret.make("ghp_", FakeSecret.alphanumeric, 36, seed: 503)
        let made = try CommandRunner.shell("""
            git init -q -b main repo && cd repo
            git config user.name T && git config user.email t@example.org
            printf 't=\(token)\\n' > a.txt && git add a.txt && git commit -q -m one
            printf 'clean\\n' > b.txt && git add b.txt && git commit -q -m two
            """, in: directory.path)
        try #require(made.status == 0, "\(made.stderr)")
        #expect(try SecretsCLI.run(["scan", "--git", "--log-opts", "HEAD~1..HEAD", "repo"], in: directory.path).status == 0)
        #expect(try SecretsCLI.run(["scan", "--git", "repo"], in: directory.path).status == 1)
    }

    @Test func aDirectoryThatIsNotARepositoryIsAnError() throws {
        let directory = try TemporaryDirectory("vouch-secrets-not-git")
        let result = try SecretsCLI.run(["scan", "--git", directory.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("git log failed"))
    }
}
