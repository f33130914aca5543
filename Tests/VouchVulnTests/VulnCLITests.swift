import Foundation
import Testing
import VouchTestSupport
@testable import VouchVuln

/// `vouch vuln scan` and `vouch vuln db info` run as the built binary.
@Suite struct VulnCLITests {
    static let rules = Fixtures.path("vuln/rules")
    static let debianRoot = Fixtures.path("sbom/debian-root")

    static func scan(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.vouch(["vuln", "scan"] + arguments + ["--max-db-age", "0"])
    }

    @Test func findingsExitOneAndTheTableNamesThem() throws {
        let result = try Self.scan([Self.debianRoot, "--db", Self.rules])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("libc6    2.36-9+deb12u4   DSA-TEST-1 (CVE-2099-2000)  UNKNOWN   2.36-9+deb12u7"))
        #expect(result.stdout.contains("2 finding(s) in 3 package(s)"))
    }

    @Test func noFindingsExitZeroAndExitCodeZeroNeverFails() throws {
        let clean = try Self.scan([Fixtures.path("sbom/edge-venv"), "--db", Self.rules])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.hasPrefix("No vulnerabilities found."))
        #expect(try Self.scan([Self.debianRoot, "--db", Self.rules, "--exit-code", "0"]).status == 0)
        #expect(try Self.scan([Self.debianRoot, "--db", Self.rules, "--exit-code", "3"]).status == 3)
    }

    @Test func couldNotRunIsExitTwoAndUsageIsSixtyFour() throws {
        let missing = try Self.scan([Self.debianRoot, "--db", "/nonexistent/all.zip"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("vouch: error: /nonexistent/all.zip: no such vulnerability database"))
        #expect(try Self.scan([Self.debianRoot]).status == 64)
        #expect(try Self.scan([Self.debianRoot, "--db", Self.rules, "--severity", "SEVERE"]).status == 64)
    }

    @Test func theSeverityFloorSaysHowManyUnknownItLeftOut() throws {
        let result = try Self.scan([Self.debianRoot, "--db", Self.rules, "--severity", "CRITICAL,HIGH"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2 below the severity floor left out (2 UNKNOWN); 2 of them UNKNOWN"))
    }

    @Test func ignoresAndVEXStatementsSuppressAndAreCounted() throws {
        let directory = try TemporaryDirectory("vuln-vex")
        let openVEX = try directory.write("a.openvex.json", """
            {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "author": "t", "timestamp": "2026-01-01T00:00:00Z", "version": 1,
             "statements": [{"vulnerability": {"name": "CVE-2099-2000"}, "products": [{"@id": "pkg:deb/debian/libc6"}],
                             "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}
            """)
        let cycloneVEX = try directory.write("b.cdx.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "vulnerabilities": [{"id": "DSA-TEST-1",
             "analysis": {"state": "resolved"}, "affects": [{"ref": "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64"}]}]}
            """)
        let vex = try Self.scan([Self.debianRoot, "--db", Self.rules, "--vex", openVEX, "--vex", cycloneVEX])
        #expect(vex.status == 0, "\(vex.stdout) \(vex.stderr)")
        #expect(vex.stdout.contains("2 suppressed by VEX: DSA-TEST-1 in libc6 (not_affected (vulnerable_code_not_in_execute_path) in \(openVEX)), DSA-TEST-1 in zlib1g (resolved in \(cycloneVEX))"))
        let ignored = try Self.scan([Self.debianRoot, "--db", Self.rules, "--ignore", "CVE-2099-2000"])
        #expect(ignored.status == 0)
        #expect(ignored.stdout.contains("2 ignored: DSA-TEST-1 in libc6, DSA-TEST-1 in zlib1g"))
    }

    @Test func theOpenVEXReportReadsBackAsVEX() throws {
        let directory = try TemporaryDirectory("vuln-openvex")
        let report = directory.path + "/report.openvex.json"
        #expect(try Self.scan([Self.debianRoot, "--db", Self.rules, "--format", "openvex", "-o", report]).status == 1)
        let statements = try VEXStatement.read(path: report)
        // `affected` statements suppress nothing; the document is read without error.
        #expect(statements.isEmpty)
        let text = try String(contentsOfFile: report, encoding: .utf8)
        #expect(text.components(separatedBy: "\"status\" : \"affected\"").count == 3)
        // Turned into not_affected, the same statements suppress both findings.
        let flipped = try directory.write("flipped.json", text.replacingOccurrences(of: "\"status\" : \"affected\"", with: "\"status\" : \"not_affected\", \"justification\" : \"component_not_present\""))
        #expect(try Self.scan([Self.debianRoot, "--db", Self.rules, "--vex", flipped]).status == 0)
    }

    @Test(.enabled(if: Peers.shouldRun("check-jsonschema")))
    func theJSONReportFollowsItsSchema() throws {
        let directory = try TemporaryDirectory("vuln-json")
        let report = directory.path + "/report.json"
        #expect(try Self.scan([Self.debianRoot, "--db", Self.rules, "--format", "json", "-o", report, "--ignore", "CVE-2099-2000"]).status == 0)
        let check = try CommandRunner.run(try Peers.require("check-jsonschema"), ["--schemafile", Fixtures.repositoryRoot.path + "/Schemas/vuln-report.schema.json", report])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
    }

    @Test(.enabled(if: Peers.shouldRun("python")))
    func theCycloneDXReportPassesTheStrictValidator() throws {
        let directory = try TemporaryDirectory("vuln-cdx")
        let report = directory.path + "/report.cdx.json"
        #expect(try Self.scan([Self.debianRoot, "--db", Self.rules, "--format", "cyclonedx", "-o", report]).status == 1)
        let result = try CommandRunner.run(try Peers.require("python"), [Fixtures.path("sbom/validate-cyclonedx.py"), "json", "1.6", report])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("\"vulnerabilities\""))
    }

    @Test func theSARIFReportHasOneRuleAndOneResultPerFinding() throws {
        let result = try Self.scan([Self.debianRoot, "--db", Self.rules, "--format", "sarif"])
        #expect(result.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let run = (json?["runs"] as? [[String: Any]])?.first
        #expect(json?["version"] as? String == "2.1.0")
        #expect(((run?["tool"] as? [String: Any])?["driver"] as? [String: Any]).flatMap { $0["rules"] as? [Any] }?.count == 1)
        #expect((run?["results"] as? [Any])?.count == 2)
    }

    @Test func anSBOMGivesTheSameFindingsAsItsSource() throws {
        let directory = try TemporaryDirectory("vuln-sbom")
        for format in ["cyclonedx-json", "spdx-json", "cyclonedx-xml", "spdx-tag-value"] {
            let sbom = directory.path + "/root.\(format).json"
            #expect(try CommandRunner.vouch(["sbom", Self.debianRoot, "--format", format, "-o", sbom]).status == 0)
            let fromSBOM = try Self.scan(["--sbom", sbom, "--db", Self.rules, "--format", "json"])
            let fromSource = try Self.scan([Self.debianRoot, "--db", Self.rules, "--format", "json"])
            let ids = { (text: String) in try JSONDecoder().decode(VulnerabilityReport.self, from: Data(text.utf8)).findings.map { "\($0.package.name) \($0.id)" } }
            #expect(try ids(fromSBOM.stdout) == ids(fromSource.stdout), "\(format)")
            #expect(try ids(fromSBOM.stdout).count == 2)
        }
    }

    @Test func aStaleDatabaseIsAWarning() throws {
        let result = try CommandRunner.vouch(["vuln", "scan", Self.debianRoot, "--db", Self.rules, "--max-db-age", "7d"])
        #expect(result.stderr.contains("vouch: warning: the newest database record was modified"))
        #expect(result.stderr.contains("older than --max-db-age"))
    }

    @Test func dbInfoCountsWhatADatabaseHolds() throws {
        let result = try CommandRunner.vouch(["vuln", "db", "info", Self.rules])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("records: 14 (1 withdrawn, 0 replaced by a newer record with the same id)"))
        #expect(result.stdout.contains("  1 a PyPI bound that is not PEP 440"))
        #expect(result.stdout.contains("  1 ecosystem \"Hackage\" is not matched by Vouch"))
    }
}
