import Foundation
import Testing
import VouchTestSupport
@testable import VouchVuln

/// A venv of pinned vulnerable releases built by pip (Fixtures/vuln/vulnerable-venv, cached in
/// Fixtures/generated/vuln-venv) against the real PyPI export: Vouch's findings equal an independent
/// matcher written in Python from the OSV schema text (Fixtures/vuln/vulnerable-venv/independent-matcher.py).
@Suite(.serialized) struct EndToEndTests {
    static func venv() throws -> String {
        let python = try Peers.require("python3")
        let result = try CommandRunner.run(Fixtures.path("vuln/vulnerable-venv/make-vulnerable-venv.sh"), [python])
        try #require(result.status == 0, "could not build the vulnerable venv: \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func findings(_ report: VulnerabilityReport) -> [String] {
        report.findings.map { "\(VulnEcosystem.pypi.matchingName($0.package.name)) \($0.package.version) \($0.records.joined(separator: ","))" }.sorted()
    }

    @Test(.enabled(if: VulnTestData.shouldRun && Peers.shouldRun("python3")))
    func findingsEqualAnIndependentMatcher() throws {
        let venv = try Self.venv()
        let zip = try VulnTestData.path("PyPI/all.zip")
        let site = venv + "/lib/python3.11/site-packages"
        let reference = try CommandRunner.run(try Peers.require("python3"), [Fixtures.path("vuln/vulnerable-venv/independent-matcher.py"), zip, site])
        try #require(reference.status == 0, "\(reference.stderr)")
        let expected = reference.stdout.split(separator: "\n").map(String.init).sorted()
        #expect(expected.count > 100)

        let result = try CommandRunner.vouch(["vuln", "scan", venv, "--db", zip, "--format", "json", "--max-db-age", "0"])
        #expect(result.status == 1, "\(result.stderr)")
        let report = try JSONDecoder().decode(VulnerabilityReport.self, from: Data(result.stdout.utf8))
        let ours = Self.findings(report)
        #expect(Set(ours).subtracting(expected).isEmpty, "only vouch: \(Set(ours).subtracting(expected).sorted())")
        #expect(Set(expected).subtracting(ours).isEmpty, "only the reference: \(Set(expected).subtracting(ours).sorted())")
        #expect(ours.count == expected.count)
        // The pre-release and the non-normalised versions[] spelling are found.
        #expect(ours.contains { $0.hasPrefix("tornado 6.4b1 ") })
        #expect(ours.contains { $0.hasPrefix("certifi 2022.12.7 ") })
    }

    @Test(.enabled(if: VulnTestData.shouldRun && Peers.shouldRun("python3")))
    func anSBOMOfTheVenvGivesTheSameFindings() throws {
        let venv = try Self.venv()
        let zip = try VulnTestData.path("PyPI/all.zip")
        let directory = try TemporaryDirectory("e2e-sbom")
        let sbom = directory.path + "/venv.cdx.json"
        #expect(try CommandRunner.vouch(["sbom", venv, "--format", "cyclonedx-json", "-o", sbom]).status == 0)
        let fromSBOM = try CommandRunner.vouch(["vuln", "scan", "--sbom", sbom, "--db", zip, "--format", "json", "--max-db-age", "0"])
        let fromVenv = try CommandRunner.vouch(["vuln", "scan", venv, "--db", zip, "--format", "json", "--max-db-age", "0"])
        let decode = { (text: String) in Self.findings(try JSONDecoder().decode(VulnerabilityReport.self, from: Data(text.utf8))) }
        #expect(try decode(fromSBOM.stdout) == decode(fromVenv.stdout))
    }

    @Test(.enabled(if: VulnTestData.shouldRun && Peers.shouldRun("python3", "syft")))
    func syftsSBOMOfTheVenvGivesTheSameFindings() throws {
        let venv = try Self.venv()
        let zip = try VulnTestData.path("PyPI/all.zip")
        let directory = try TemporaryDirectory("e2e-syft")
        let sbom = directory.path + "/venv.syft.cdx.json"
        let syft = try CommandRunner.run(try Peers.require("syft"), ["scan", "dir:\(venv)", "-o", "cyclonedx-json=\(sbom)", "-q"], environment: ["SYFT_CHECK_FOR_APP_UPDATE": "false"])
        try #require(syft.status == 0, "\(syft.stderr)")
        let fromSBOM = try CommandRunner.vouch(["vuln", "scan", "--sbom", sbom, "--db", zip, "--format", "json", "--max-db-age", "0"])
        let fromVenv = try CommandRunner.vouch(["vuln", "scan", venv, "--db", zip, "--format", "json", "--max-db-age", "0"])
        let decode = { (text: String) in Set(Self.findings(try JSONDecoder().decode(VulnerabilityReport.self, from: Data(text.utf8)))) }
        #expect(try decode(fromSBOM.stdout) == decode(fromVenv.stdout))
    }
}
