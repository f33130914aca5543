import Foundation
import Testing
import VouchTestSupport

/// `sbomaudit` 0.4.4 (PyPI, by the sbomdiff author; it reads SBOMs through lib4sbom) next to
/// `vouch sbom check --profile ntia-2021` on Vouch's, syft's and trivy's SPDX and CycloneDX SBOMs of the
/// edge venv and the Debian root (the documents ``AuditPeerTests`` makes). Where both check the same
/// NTIA element they must agree; where they differ, the difference asserted is sbomaudit's own rule:
/// - it does not audit CycloneDX's `metadata.component` (lib4sbom lists only `components[]` as packages),
///   Vouch does (NTIA counts the primary component too);
/// - its per-package "Supplier included" accepts an SPDX supplier of NOASSERTION (only its final NTIA
///   verdict rejects it), Vouch's Supplier Name does not;
/// - it knows CycloneDX only up to 1.6, so trivy's 1.7 fails its "Up to date CycloneDX Version";
/// - it exits 1 for NTIA conformant and 0 for not (the reverse of Vouch's exit codes);
/// - on a package whose concluded license is absent it crashes in lib4sbom's `osi_approved` (trivy's SPDX
///   of the edge venv); the test records the crash and checks nothing else of it.
/// `--offline` keeps it from asking PyPI for each package's latest version. Under CI=true a missing peer
/// fails the test.
@Suite(.serialized) struct SbomauditPeerTests {
    typealias Object = [String: Any]

    /// The packages sbomaudit failed on `check` ("Supplier", "Version"), by name.
    static func failing(_ check: String, in audit: Object) -> [String] {
        ((audit["packages"] as? [Object]) ?? []).flatMap { package -> [String] in
            let reports = (package["reports"] as? [Object]) ?? []
            let failed = reports.contains { ($0["state"] as? String) == "Fail" && (($0["text"] as? String) ?? "").hasPrefix("\(check) included for package ") }
            return failed ? [(package["name"] as? String) ?? ""] : []
        }
    }

    static func texts(_ key: String, in audit: Object, state: String = "Fail") -> [String] {
        ((audit[key] as? [Object]) ?? []).filter { ($0["state"] as? String) == state }.compactMap { $0["text"] as? String }
    }

    /// The names of the components Vouch lists as failing `element` (`name@version` or `name`).
    static func names(_ element: Object?) -> [String] {
        ((element?["failing"] as? [String]) ?? []).map { entry in entry.lastIndex(of: "@").map { String(entry[..<$0]) } ?? entry }
    }

    @Test(.enabled(if: Peers.shouldRun("sbomaudit", "syft", "trivy")), .timeLimit(.minutes(5)))
    func sbomauditAgreesWithCheckOnTheNTIAElementsBothRead() throws {
        let tool = try Peers.require("sbomaudit")
        let directory = try TemporaryDirectory("sbom-sbomaudit")
        let files = try AuditPeerTests.documents("spdx", in: directory) + AuditPeerTests.documents("cyclonedx", in: directory)
        var compared = 0
        for file in files {
            let output = file + ".sbomaudit.json"
            let run = try CommandRunner.run(tool, ["--offline", "-i", file, "-o", output])
            let document = try AuditPeerTests.json(try String(contentsOfFile: file, encoding: .utf8))
            let isCycloneDX = document["bomFormat"] as? String == "CycloneDX"
            let ours = try AuditPeerTests.json(try CommandRunner.vouch(["sbom", "check", file, "--profile", "ntia-2021", "--format", "json"]).stdout)
            if (run.stdout + run.stderr).contains("Traceback") {
                // sbomaudit's crash on a package without a concluded license (lib4sbom license.py _handle_later(None)).
                #expect(file.hasSuffix("edge-venv.trivy.spdx.json") && (run.stdout + run.stderr).contains("osi_approved"), "\(file): \(run.stderr.suffix(600))")
                #expect(ours["passed"] as? Bool == false, "vouch still checks \(file)")
                continue
            }
            let audit = try AuditPeerTests.json(try String(contentsOfFile: output, encoding: .utf8))
            let elements = Dictionary(uniqueKeysWithValues: (ours["elements"] as! [Object]).map { ($0["element"] as! String, $0) })
            let summary = Self.texts("summary", in: audit)
            let theirConformant = !summary.contains("NTIA conformant: FAILED")
            #expect((run.status == 1) == theirConformant, "\(file): sbomaudit exits 1 for conformant, 0 for not")
            #expect(theirConformant == (ours["passed"] as? Bool), "\(file): NTIA verdict")
            let metadata = Self.texts("metadata", in: audit)
            #expect(metadata.contains { $0.hasPrefix("SBOM Creator identified") } == (elements["Author of SBOM Data"]?["passed"] as? Bool == false), "\(file)")
            #expect(metadata.contains { $0.hasPrefix("SBOM Creation time defined") } == (elements["Timestamp"]?["passed"] as? Bool == false), "\(file)")
            if isCycloneDX, document["specVersion"] as? String == "1.7" {
                #expect(metadata.contains("Up to date CycloneDX Version: 1.7"), "\(file): sbomaudit knows CycloneDX up to 1.6")
            }
            let relationships = Self.texts("relationships", in: audit)
            #expect(relationships.contains { $0.hasPrefix("Dependency relationships provided for NTIA compliance") }
                    == (elements["Dependency Relationship"]?["passed"] as? Bool == false), "\(file): \(relationships.prefix(3))")

            let primary = isCycloneDX ? ((document["metadata"] as? Object)?["component"] as? Object)?["name"] as? String : nil
            for (check, element) in [("Supplier", "Supplier Name"), ("Version", "Version of the Component")] {
                let their = Self.failing(check, in: audit).sorted()
                var our = Self.names(elements[element])
                if let primary, let index = our.firstIndex(of: primary) { our.remove(at: index) }
                our.sort()
                if isCycloneDX || check == "Version" {
                    #expect(their == our, "\(file) \(element): sbomaudit \(their) / vouch \(our)")
                } else {
                    // SPDX: sbomaudit's per-package check passes NOASSERTION, so it fails a subset.
                    #expect(Set(their).isSubset(of: Set(our)), "\(file) \(element): sbomaudit \(their) / vouch \(our)")
                    let noAssertion = ((document["packages"] as? [Object]) ?? []).filter { ($0["supplier"] as? String) == "NOASSERTION" }.count
                    #expect(their.count + noAssertion == our.count, "\(file) \(element): the difference is the NOASSERTION suppliers")
                }
            }
            compared += 1
        }
        #expect(compared >= 11, "11 of the 12 documents are read by sbomaudit")
    }
}
