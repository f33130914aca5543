import Foundation
import Testing
import VouchTestSupport

@Suite("vouch provenance (SLSA v1 from GitHub Actions variables)")
struct ProvenanceTests {
    static let environment = [
        "GITHUB_ACTIONS": "true",
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "acme/widget",
        "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
        "GITHUB_REF": "refs/tags/v1.2.3",
        "GITHUB_WORKFLOW_REF": "acme/widget/.github/workflows/release.yml@refs/tags/v1.2.3",
        "GITHUB_RUN_ID": "4242",
        "GITHUB_RUN_ATTEMPT": "2",
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_REPOSITORY_ID": "111",
        "GITHUB_REPOSITORY_OWNER_ID": "222",
        "RUNNER_ENVIRONMENT": "github-hosted",
        "RUNNER_OS": "Linux",
        "RUNNER_ARCH": "X64",
        "SOURCE_DATE_EPOCH": "1767323045",
    ]

    @Test("the predicate from a fixed environment, with a material, matches its golden file")
    func golden() throws {
        let result = try CommandRunner.vouch(
            ["provenance", "--material", "Fixtures/signing/golden-subject.txt"], environment: Self.environment, in: Fixtures.repositoryRoot.path)
        try #require(result.status == 0, "\(result.stderr)")
        Golden.assertMatches(result.stdout, named: "signing/provenance-github-actions.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let run = try #require(object["runDetails"] as? [String: Any])
        #expect(((run["metadata"] as? [String: Any])?["invocationId"] as? String) == "https://github.com/acme/widget/actions/runs/4242/attempts/2")
        #expect(((run["metadata"] as? [String: Any])?["finishedOn"] as? String) == "2026-01-02T03:04:05Z")
    }

    @Test("outside GitHub Actions it exits 2 and names the missing variable")
    func missingVariable() throws {
        var environment = Self.environment
        environment["GITHUB_SHA"] = ""
        let result = try CommandRunner.vouch(["provenance"], environment: environment)
        #expect(result.status == 2)
        #expect(result.stderr.contains("GITHUB_SHA is not set"))
    }

    @Test("the predicate attests and verifies as slsaprovenance")
    func attestRoundTrip() throws {
        let directory = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ecdsa-p256", in: directory, prefix: "key")
        let made = try CommandRunner.vouch(["provenance"], environment: Self.environment)
        try #require(made.status == 0)
        try directory.write("provenance.json", made.stdout)
        try directory.write("app.tar", "app")
        try #require(try SigningFixtures.vouch(["attest", "app.tar", "--predicate", "provenance.json", "--type", "slsaprovenance", "--key", "key.key", "--bundle", "app.sigstore.json"], in: directory.path).status == 0)
        let verified = try SigningFixtures.vouch(["verify-attestation", "app.tar", "--key", "key.pub", "--attestation", "app.sigstore.json", "--type", "https://slsa.dev/provenance/v1"], in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }
}
