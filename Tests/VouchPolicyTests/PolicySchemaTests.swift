import Foundation
import Testing
import VouchCore
import VouchPolicy
import VouchTestSupport

@Suite("Policy schemas")
struct PolicySchemaTests {
    @Test("the example policy is valid against Schemas/policy.schema.json", .enabled(if: Peers.shouldRun("check-jsonschema")))
    func examplePolicyMatchesSchema() throws {
        let result = try CommandRunner.run(try Peers.require("check-jsonschema"), [
            "--schemafile", Fixtures.repositoryRoot.appendingPathComponent("Schemas/policy.schema.json").path,
            Fixtures.path("example/policy.yaml"),
        ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test("the schema rejects what the reader rejects: an unknown rule", .enabled(if: Peers.shouldRun("check-jsonschema")))
    func schemaRejectsTypo() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("typo.yaml", "version: 1\nrules:\n  signatures:\n    treshold: 1\n    keys: [a]\n")
        let result = try CommandRunner.run(try Peers.require("check-jsonschema"), [
            "--schemafile", Fixtures.repositoryRoot.appendingPathComponent("Schemas/policy.schema.json").path, path,
        ])
        #expect(result.status == 1)
        #expect((try? Policy(text: "version: 1\nrules:\n  signatures:\n    treshold: 1\n    keys: [a]\n", path: path)) == nil)
    }

    @Test("a policy report is valid against Schemas/policy-report.schema.json", .enabled(if: Peers.shouldRun("check-jsonschema")))
    func reportMatchesSchema() throws {
        let subject = try Digest(parsing: "sha256:" + String(repeating: "c", count: 64))
        var report = PolicyEvaluator(policy: Policy(integrity: IntegrityRule(), secrets: SecretRule()), clock: FixedWallClock.goldenInstant)
            .evaluate(PolicyEvidence(subject: subject, integrity: Verdict(checksMade: 4), secretFindings: [
                SecretFindingEvidence(ruleID: "github-pat", location: "layer 1: /app/.env:2", fingerprint: "x")]))
        report.image = "app.oci.tar:1.0"
        report.platform = "linux/arm64/v8"
        report.manifestDigest = "sha256:" + String(repeating: "d", count: 64)
        report.policy = "policy.yaml"
        report.checkedAt = "2023-11-14T22:13:20Z"
        let directory = try TemporaryDirectory()
        let path = try directory.write("report.json", try JSONOutput.encode(report))
        let result = try CommandRunner.run(try Peers.require("check-jsonschema"), [
            "--schemafile", Fixtures.repositoryRoot.appendingPathComponent("Schemas/policy-report.schema.json").path, path,
        ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }
}
