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

/// `safety==2.3.5 check --db` on the same venv, with the same OSV data converted to safety's offline layout
/// (Benchmarks/osv-to-safety-db.py): every (package, advisory) safety reports, vouch reports too.
@Suite(.serialized) struct SafetyComparisonTests {
    /// safety in its own venv (it pins packaging < 22, which must not replace the peers' packaging).
    static func safety() throws -> String {
        let venv = Fixtures.repositoryRoot.path + "/Fixtures/generated/safety-venv"
        if !FileManager.default.isExecutableFile(atPath: venv + "/bin/safety") {
            let python = try Peers.require("python3")
            let result = try CommandRunner.shell("rm -rf '\(venv)' && '\(python)' -m venv '\(venv)' && '\(venv)/bin/pip' install --quiet --disable-pip-version-check safety==2.3.5")
            try #require(result.status == 0, "could not install safety: \(result.stderr)")
        }
        return venv
    }

    static func normalize(_ name: String) -> String { VulnEcosystem.pypi.matchingName(name) }

    @Test(.enabled(if: VulnTestData.shouldRun && Peers.shouldRun("python3")))
    func vouchFindsEverythingSafetyFinds() throws {
        let venv = try EndToEndTests.venv()
        let safety = try Self.safety()
        let zip = try VulnTestData.path("PyPI/all.zip")
        let directory = try TemporaryDirectory("safety")
        let convert = try CommandRunner.run(safety + "/bin/python", [Fixtures.repositoryRoot.path + "/Benchmarks/osv-to-safety-db.py", zip, directory.path + "/db"])
        try #require(convert.status == 0, "\(convert.stderr)")
        let freeze = try CommandRunner.run(safety + "/bin/python", ["-m", "pip", "freeze", "--all", "--path", venv + "/lib/python3.11/site-packages"])
        let requirements = try directory.write("requirements.txt", freeze.stdout)
        let checked = try CommandRunner.run(safety + "/bin/safety", ["--disable-optional-telemetry-data", "check", "--db", directory.path + "/db", "-r", requirements, "--output", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [String: Any]
        let theirs = Set(((object?["vulnerabilities"] as? [[String: Any]]) ?? []).compactMap { item -> String? in
            guard let name = item["package_name"] as? String, let id = item["vulnerability_id"] as? String else { return nil }
            return "\(Self.normalize(name)) \(id)"
        })
        #expect(theirs.count > 100, "\(checked.stderr)")
        let result = try CommandRunner.vouch(["vuln", "scan", venv, "--db", zip, "--format", "json", "--max-db-age", "0"])
        let report = try JSONDecoder().decode(VulnerabilityReport.self, from: Data(result.stdout.utf8))
        let ours = Set(report.findings.flatMap { finding in finding.records.map { "\(Self.normalize(finding.package.name)) \($0)" } })
        #expect(theirs.subtracting(ours).isEmpty, "safety only: \(theirs.subtracting(ours).sorted())")
        // On this venv the two agree exactly (safety 2.3.5 matches the pinned pre-release tornado 6.4b1 too).
        #expect(ours.subtracting(theirs).isEmpty, "vouch only: \(ours.subtracting(theirs).sorted())")
    }
}
