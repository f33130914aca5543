import Foundation
import Testing
import VouchTestSupport

/// Issue 15's quality score on the producer side: on the real venv (Fixtures/sbom/real-venv) with its
/// uv.lock, the SPDX SBOM states every component's dependencies (edges, or `DEPENDS_ON NONE` for a
/// known leaf, the PEP 770 crates' graph included) and concludes a license only where the distribution's
/// license files show the declared one.
@Suite struct SbomQualityCLITests {
    typealias Object = [String: Any]

    static func feature(_ report: Object, _ name: String) -> Double? {
        for category in report["categories"] as? [Object] ?? [] {
            for feature in category["features"] as? [Object] ?? [] where feature["name"] as? String == name { return feature["score"] as? Double }
        }
        return nil
    }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func theSPDXSBOMStatesEveryDependencyAndConcludesOnlyWhatTheLicenseFilesShow() throws {
        let venv = try SbomConformanceCLITests.realVenv()
        let directory = try TemporaryDirectory("sbom-quality")
        let lock = directory.path + "/uv.lock"
        let made = try CommandRunner.run(venv + "/bin/python", [Fixtures.path("sbom/real-venv/make-uv-lock.py"), Fixtures.path("sbom/real-venv/requirements.txt"), lock])
        try #require(made.status == 0, "\(made.stderr)")
        let spdxFile = directory.path + "/venv.spdx.json", cdxFile = directory.path + "/venv.cdx.json"
        let run = try CommandRunner.vouch(["sbom", venv, "--lock", lock, "--supplier", SbomConformanceCLITests.supplier, "--author", SbomConformanceCLITests.supplier,
                                           "--format", "spdx-json", "-o", spdxFile, "--format", "cyclonedx-json", "-o", cdxFile])
        try #require(run.status == 0, "\(run.stderr)")

        let score = try CommandRunner.vouch(["sbom", "score", spdxFile, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? Object, "\(score.stdout)\(score.stderr)")
        // sbomqs v2.0.12 ignores comp_with_dependencies for SPDX (CompWithDependencies): no score, not a 0.
        #expect(Self.feature(report, "comp_with_dependencies") == nil, "sbomqs v2.0.12 ignores this feature for SPDX")
        #expect((Self.feature(report, "comp_with_licenses") ?? 0) > 0)

        let spdx = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: spdxFile))) as? Object)
        let packages = spdx["packages"] as? [Object] ?? []
        let concluded = packages.filter { $0["licenseConcluded"] as? String != "NOASSERTION" }
        #expect(concluded.count >= 20, "most distributions ship license files that show their declared license: \(concluded.count)")
        for package in concluded {
            let name = package["name"] as? String ?? ""
            #expect(package["licenseConcluded"] as? String == package["licenseDeclared"] as? String, "\(name)")
            #expect((package["licenseComments"] as? String ?? "").contains("concluded by Vouch"), "\(name): \(package["licenseComments"] ?? "")")
        }
        let crates = packages.filter { ($0["comment"] as? String ?? "").contains("declared in the distribution's own SBOM") }
        #expect(!crates.isEmpty && crates.allSatisfy { $0["licenseConcluded"] as? String == "NOASSERTION" }, "Vouch read no license text of a crate")

        // CycloneDX: a concluded entry beside a declared id, the same id.
        let cdx = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cdxFile))) as? Object)
        var concludedComponents = 0
        for component in cdx["components"] as? [Object] ?? [] {
            let licenses = (component["licenses"] as? [Object] ?? []).compactMap { $0["license"] as? Object }
            guard let entry = licenses.first(where: { $0["acknowledgement"] as? String == "concluded" }) else { continue }
            concludedComponents += 1
            #expect(licenses.first { $0["acknowledgement"] as? String == "declared" }?["id"] as? String == entry["id"] as? String, "\(component["name"] ?? "")")
        }
        #expect(concludedComponents >= 20)
    }
}
