import Foundation
import Testing
import VouchCore
import VouchTestSupport

/// Issue 12: the JSON policy verdict records what was checked and when, so a stored verdict can be audited.
@Suite struct PolicyVerdictRecordCLITests {
    @Test("the policy verdict records the image, platform, manifest digest, policy file and time of the check")
    func thePolicyVerdictRecordsImagePlatformManifestDigestPolicyAndTime() throws {
        let (directory, image) = try PolicyRefusalCLITests.image()
        let policy = try directory.write("p.yaml", "version: 1\nrules:\n  integrity: true\n")
        let result = try CommandRunner.vouch(["policy", "check", image, "--policy", policy, "--format", "json"],
                                             environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["image"] as? String == image)
        #expect(object["platform"] as? String == "linux/amd64")
        #expect(object["policy"] as? String == policy)
        #expect(object["checkedAt"] as? String == "2023-11-14T22:13:20Z", "the injected clock (SOURCE_DATE_EPOCH), not the system's")
        let manifest = try #require(object["manifestDigest"] as? String)
        #expect(manifest.hasPrefix("sha256:") && manifest.count == 71)
        let index = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: image + "/index.json"))) as? [String: Any])
        let manifests = try #require(index["manifests"] as? [[String: Any]])
        #expect(manifests.contains { $0["digest"] as? String == manifest }, "the manifest the layout's index names")
        if Peers.shouldRun("check-jsonschema") {
            let path = try directory.write("report.json", result.stdout)
            let checked = try CommandRunner.run(try Peers.require("check-jsonschema"), [
                "--schemafile", Fixtures.repositoryRoot.appendingPathComponent("Schemas/policy-report.schema.json").path, path,
            ])
            #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        }
    }
}
