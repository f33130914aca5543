import Foundation
import Testing
import VouchTestSupport

@Suite struct ImageLayerTests {
    /// An OCI layout (Fixtures/secrets/make-image.py) whose second layer deletes the first layer's
    /// secret: both secrets are reported, each with its layer index and absolute path.
    @Test func secretDeletedInALaterLayerIsStillFound() throws {
        let directory = try TemporaryDirectory("vouch-secrets-image")
        let made = try CommandRunner.run("/usr/bin/env", ["python3", Fixtures.path("secrets/make-image.py"), directory.path + "/image"])
        try #require(made.status == 0, "\(made.stderr)")
        let result = try SecretsCLI.run(["scan", "--image", directory.path + "/image", "--no-redact", "--format", "json"])
        #expect(result.status == 1, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let got = findings.map { "\($0["ruleID"]!) layer \($0["layer"]!) \($0["file"]!):\($0["line"]!) \($0["secret"]!)" }.sorted()
        let expectedData = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/image.expected.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: expectedData) as? [[String: Any]])
        let want = expected.map { "\($0["ruleID"]!) layer \($0["layer"]!) \($0["file"]!):\($0["line"]!) \($0["secret"]!)" }.sorted()
        #expect(got == want)
        #expect(findings.allSatisfy { ($0["fingerprint"] as? String)?.hasPrefix("layer") == true })
    }

    @Test func aMissingImageIsAnError() throws {
        let result = try SecretsCLI.run(["scan", "--image", "/nonexistent/image.tar"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/image.tar"))
    }

    @Test func imageWithPathsIsAUsageError() throws {
        #expect(try SecretsCLI.run(["scan", "--image", "x.tar", "."]).status == 64)
    }
}
