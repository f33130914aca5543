import Foundation
import Testing
import VouchTestSupport

/// Issue 15, producer side: the SPDX SBOMs `vouch sbom` writes of a real venv and of an image holding it are
/// NTIA-conformant by the peer `ntia-conformance-checker` 6.0.0 (every component has a supplier, the root
/// too when `--supplier` says it); without `--supplier` the root's supplier stays NOASSERTION (never
/// invented) and vouch warns.
@Suite(.serialized) struct SbomConformanceCLITests {
    typealias Object = [String: Any]

    static let supplier = "Example Org (sbom@example.com)"

    /// The real venv (Fixtures/sbom/real-venv), built once by pip from PyPI.
    static func realVenv() throws -> String {
        let python = try Peers.require("python3")
        let result = try CommandRunner.run(Fixtures.path("sbom/real-venv/make-real-venv.sh"), [python])
        try #require(result.status == 0, "could not build the real venv: \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// An OCI layout whose one layer is the real venv at /opt/venv (Fixtures/sbom/make-image.py).
    static func realVenvImage(_ venv: String, in directory: TemporaryDirectory) throws -> String {
        let made = try CommandRunner.run("/usr/bin/env", ["python3", Fixtures.path("sbom/make-image.py"), directory.path + "/image", venv])
        try #require(made.status == 0, "\(made.stderr)")
        return directory.path + "/image/oci"
    }

    static func ntia(_ file: String) throws -> Object {
        let run = try CommandRunner.run(try Peers.require("ntia-checker"), ["-r", "json", file])
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? Object, "\(run.stdout)\(run.stderr)")
    }

    static func nonconformant(_ report: Object) -> [String: Any] {
        var failing: [String: Any] = [:]
        for (key, value) in report {
            if let element = value as? Object, element["allProvided"] as? Bool == false { failing[key] = element["nonconformantComponents"] }
        }
        return failing
    }

    @Test(.enabled(if: Peers.shouldRun("python3", "ntia-checker")))
    func theVenvAndImageSPDXSBOMsAreNTIAConformant() throws {
        let venv = try Self.realVenv()
        let directory = try TemporaryDirectory("sbom-ntia-conformance")
        let image = try Self.realVenvImage(venv, in: directory)
        for (source, name) in [(venv, "venv"), (image, "image")] {
            let file = directory.path + "/\(name).spdx.json"
            let run = try CommandRunner.vouch(["sbom", source, "--supplier", Self.supplier, "--author", Self.supplier, "--format", "spdx-json", "-o", file])
            try #require(run.status == 0, "\(run.stderr)")
            #expect(!run.stderr.contains("supplier is unknown"), "\(name): \(run.stderr)")
            let report = try Self.ntia(file)
            #expect(report["isNtiaConformant"] as? Bool == true, "\(name): \(Self.nonconformant(report))")
            #expect((report["totalNumberComponents"] as? Int ?? 0) > 50, "\(name)")
            let ours = try CommandRunner.vouch(["sbom", "check", file, "--profile", "ntia-2021"])
            #expect(ours.status == 0, "\(name): vouch sbom check agrees: \(ours.stdout)")
        }
    }

    @Test(.enabled(if: Peers.shouldRun("python3", "ntia-checker")))
    func withoutSupplierTheRootsSupplierIsNoAssertionAndVouchSaysWhy() throws {
        let venv = try Self.realVenv()
        let directory = try TemporaryDirectory("sbom-ntia-root")
        let file = directory.path + "/venv.spdx.json"
        let run = try CommandRunner.vouch(["sbom", venv, "--format", "spdx-json", "-o", file])
        try #require(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("supplier is unknown") && run.stderr.contains("--supplier"), "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? Object)
        let root = (document["packages"] as? [Object])?.first { $0["SPDXID"] as? String == "SPDXRef-Source" }
        #expect(root?["supplier"] as? String == "NOASSERTION")
        let report = try Self.ntia(file)
        let suppliers = report["componentSuppliers"] as? Object
        #expect((suppliers?["nonconformantComponents"] as? [String])?.count == 1, "only the root lacks a supplier: \(String(describing: suppliers))")
    }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func embeddedCratesAreSuppliedByTheWheelTheyShipInAndSaySo() throws {
        let venv = try Self.realVenv()
        let run = try CommandRunner.vouch(["sbom", venv, "--format", "cyclonedx-json"])
        try #require(run.status == 0, "\(run.stderr)")
        let bom = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? Object)
        let components = (bom["components"] as? [Object]) ?? []
        let watchfiles = try #require(components.first { $0["name"] as? String == "watchfiles" })
        let crates = (watchfiles["components"] as? [Object]) ?? []
        let inherited = crates.filter { (($0["properties"] as? [Object]) ?? []).contains { $0["name"] as? String == "vouch:supplier-source" } }
        #expect(!inherited.isEmpty, "watchfiles' SBOM names crates without authors")
        for crate in inherited {
            let supplier = crate["supplier"] as? Object
            #expect(supplier?["name"] as? String == (watchfiles["supplier"] as? Object)?["name"] as? String)
            #expect(crate["authors"] == nil, "the originator stays unknown")
        }
    }

    /// With the project's uv.lock (Fixtures/sbom/real-venv/make-uv-lock.py), the CycloneDX 1.6 SBOM of the
    /// real venv scores at least a high B (>= 8.5) by `vouch sbom score` under sbomqs v2.0.12's model (8.91 measured;
    /// the issue's A is not reached: no SBOM-wide completeness is claimed, concluded licenses on 26 of 59).
    @Test(.enabled(if: Peers.shouldRun("python3")))
    func theCycloneDXSBOMWithTheLockScoresAtLeastAHighB() throws {
        let venv = try Self.realVenv()
        let directory = try TemporaryDirectory("sbom-score")
        let lock = directory.path + "/uv.lock"
        let made = try CommandRunner.run(venv + "/bin/python", [Fixtures.path("sbom/real-venv/make-uv-lock.py"), Fixtures.path("sbom/real-venv/requirements.txt"), lock])
        try #require(made.status == 0, "\(made.stderr)")
        let file = directory.path + "/venv.cdx.json"
        let run = try CommandRunner.vouch(["sbom", venv, "--lock", lock, "--supplier", Self.supplier, "--author", Self.supplier, "--format", "cyclonedx-json", "-o", file])
        try #require(run.status == 0, "\(run.stderr)")
        let score = try CommandRunner.vouch(["sbom", "score", file, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? Object, "\(score.stdout)\(score.stderr)")
        #expect(["A", "B"].contains(report["grade"] as? String ?? ""), "\(report["score"] ?? "")")
        #expect((report["score"] as? Double ?? 0) >= 8.5, "\(report["score"] ?? "")")
    }
}
