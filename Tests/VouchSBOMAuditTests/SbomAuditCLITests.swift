import Foundation
import Testing
import VouchTestSupport
@testable import VouchSBOMAudit

/// `vouch sbom validate|check|score|diff` run as the built binary: output, exit codes, errors.
@Suite struct SbomAuditCLITests {
    typealias Object = AuditFixtures.Object

    func write(_ directory: TemporaryDirectory, _ name: String, _ object: Object) throws -> String {
        try directory.write(name, String(decoding: AuditFixtures.bytes(object), as: UTF8.self))
    }

    @Test func validateExitsZeroForAValidBOMAndOneForAnInvalidOne() throws {
        let directory = try TemporaryDirectory("sbom-validate")
        let good = try write(directory, "good.cdx.json", AuditFixtures.cycloneDX())
        var broken = AuditFixtures.cycloneDX()
        broken["dependencies"] = [["ref": "nowhere"]]
        broken["version"] = "x"
        let bad = try write(directory, "bad.cdx.json", broken)
        let passed = try CommandRunner.vouch(["sbom", "validate", good])
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        #expect(passed.stdout.hasPrefix("VALID: CycloneDX 1.6"))
        let failed = try CommandRunner.vouch(["sbom", "validate", bad])
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("schema: $.version: expected integer"))
        #expect(failed.stdout.contains("integrity: $.dependencies[0].ref: \"nowhere\" names no bom-ref"))
        #expect(failed.stdout.contains("INVALID: CycloneDX 1.6"))
        let json = try CommandRunner.vouch(["sbom", "validate", "--format", "json", bad])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! Object
        #expect(object["passed"] as? Bool == false)
        #expect((object["integrityProblems"] as? [Any])?.count == 1)
    }

    @Test func validateOfAMissingOrForeignFileExitsTwoNamingIt() throws {
        let directory = try TemporaryDirectory("sbom-validate-err")
        let foreign = try directory.write("x.json", "{\"hello\": 1}")
        let missing = try CommandRunner.vouch(["sbom", "validate", directory.path + "/none.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("none.json: no such file"))
        let other = try CommandRunner.vouch(["sbom", "validate", foreign])
        #expect(other.status == 2)
        #expect(other.stderr.contains("x.json: neither an SPDX JSON document"))
    }

    @Test func checkPrintsEachElementAndExitsOneWhenTheProfileFails() throws {
        let directory = try TemporaryDirectory("sbom-check")
        var document = AuditFixtures.spdx()
        AuditFixtures.eachPackage(&document) { $0["supplier"] = "NOASSERTION" }
        let file = try write(directory, "doc.spdx.json", document)
        let result = try CommandRunner.vouch(["sbom", "check", file, "--profile", "ntia-2021"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("NTIA Minimum Elements (2021): FAIL (SPDX 2.3, 2 components)"))
        #expect(result.stdout.contains("FAIL  Supplier Name"))
        #expect(result.stdout.contains("0/2"))
        #expect(result.stdout.contains("missing: app@1.0.0, idna@3.7"))
        #expect(result.stdout.contains("PASS  Timestamp"))
        let passing = try write(directory, "bom.cdx.json", AuditFixtures.cycloneDX())
        for profile in ["ntia-2021", "cisa-2026", "fsct3", "bsi-2.1"] {
            let ok = try CommandRunner.vouch(["sbom", "check", passing, "--profile", profile, "--format", "json"])
            #expect(ok.status == 0, "\(profile): \(ok.stdout)")
        }
    }

    @Test func checkWithAnUnknownProfileIsAUsageError() throws {
        let result = try CommandRunner.vouch(["sbom", "check", "x.json", "--profile", "ntia-2019"])
        #expect(result.status == 64)
    }

    @Test func scorePrintsTheScoreGradeAndFeatures() throws {
        let directory = try TemporaryDirectory("sbom-score")
        var bom = AuditFixtures.cycloneDX()
        AuditFixtures.eachComponent(&bom) { $0["cpe"] = nil }
        let file = try write(directory, "bom.cdx.json", bom)
        let result = try CommandRunner.vouch(["sbom", "score", file])
        #expect(result.status == 0, "\(result.stderr)")
        // Without CPEs the purls still fill Vulnerability (sbomqs 2.0.12's OR group); Completeness (12 of 82)
        // loses sbom_completeness_declared (its composition lists dependencies), 0.15 x 10: (820 - 18) / 82 = 9.78.
        #expect(result.stdout.hasPrefix("SBOM quality score: 9.8/10.0  grade A"))
        #expect(result.stdout.contains("comp_with_cpe"))
        #expect(result.stdout.contains("0/2 have a CPE"))
        let json = try CommandRunner.vouch(["sbom", "score", "--format", "json", file])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! Object
        #expect(object["grade"] as? String == "A")
        #expect(object["sbomqs"] as? String == QualityScore.sbomqsModel)
        let help = try CommandRunner.vouch(["sbom", "score", "--help"])
        #expect(help.stdout.contains("sbomqs v2.0.12"))
    }

    @Test func diffFailsOnAHashChangeAndWritesMarkdown() throws {
        let directory = try TemporaryDirectory("sbom-diff")
        let old = try write(directory, "old.json", AuditFixtures.cycloneDX())
        var changed = AuditFixtures.cycloneDX()
        var components = changed["components"] as! [Object]
        components[0]["hashes"] = [["alg": "SHA-256", "content": String(repeating: "00", count: 32)]]
        changed["components"] = components
        let new = try write(directory, "new.json", changed)
        let text = try CommandRunner.vouch(["sbom", "diff", old, new])
        #expect(text.status == 1)
        #expect(text.stdout.contains("hash-changed: idna: 3.7 SHA-256:\(AuditFixtures.sha256) -> 3.7 SHA-256:\(String(repeating: "00", count: 32))"))
        let allowed = try CommandRunner.vouch(["sbom", "diff", old, new, "--fail-on", "none"])
        #expect(allowed.status == 0)
        let markdown = try CommandRunner.vouch(["sbom", "diff", old, new, "--format", "markdown", "--fail-on", "none"])
        #expect(markdown.stdout.contains("#### Hash changed at the same version"))
        let same = try CommandRunner.vouch(["sbom", "diff", old, old, "--fail-on", "any"])
        #expect(same.status == 0)
        #expect(same.stdout.contains("OK: no component changes"))
        let bad = try CommandRunner.vouch(["sbom", "diff", old, new, "--fail-on", "sideways"])
        #expect(bad.status == 64)
    }

    @Test(arguments: ["validate", "check", "score", "diff"])
    func helpTeachesWithExamples(command: String) throws {
        let result = try CommandRunner.vouch(["sbom", command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Examples:"))
        #expect(result.stdout.contains("vouch sbom \(command) "))
        #expect(result.stdout.contains("Exit status:"))
    }
}
