import Foundation
import Testing
import VouchSBOM
import VouchTestSupport
@testable import VouchSBOMAudit

/// Vouch's verdicts against the peers' on the same documents: `ntia-conformance-checker` 6.0.0 for the
/// NTIA and FSCT 3 profiles, cyclonedx-python-lib's strict schema validator for CycloneDX validity; the
/// documents are Vouch's, syft's and trivy's SBOMs of the edge venv and the Debian root.
@Suite(.serialized) struct AuditPeerTests {
    typealias Object = [String: Any]

    static let sources = [(SBOMTestFixtures.edgeVenv, "edge-venv"), (SBOMTestFixtures.debianRoot, "debian-root")]

    /// Writes Vouch's, syft's and trivy's SBOMs in `format` (`spdx` or `cyclonedx`) of every source.
    static func documents(_ kind: String, in directory: TemporaryDirectory) throws -> [String] {
        var files: [String] = []
        for (path, name) in sources {
            let vouch = directory.path + "/\(name).vouch.\(kind).json"
            let result = try CommandRunner.vouch(["sbom", path, "--format", kind == "spdx" ? "spdx-json" : "cyclonedx-json", "-o", vouch],
                                                 environment: ["SOURCE_DATE_EPOCH": "0"])
            try #require(result.status == 0, "\(result.stderr)")
            let syft = directory.path + "/\(name).syft.\(kind).json"
            let syftRun = try CommandRunner.run(try Peers.require("syft"), ["scan", "dir:\(path)", "-o", "\(kind == "spdx" ? "spdx-json" : "cyclonedx-json")=\(syft)", "-q"],
                                                environment: ["SYFT_CHECK_FOR_APP_UPDATE": "false"])
            try #require(syftRun.status == 0, "\(syftRun.stderr)")
            let trivy = directory.path + "/\(name).trivy.\(kind).json"
            let trivyRun = try CommandRunner.run(try Peers.require("trivy"), ["rootfs", "--quiet", "--offline-scan", "--format", kind == "spdx" ? "spdx-json" : "cyclonedx", "--output", trivy, path],
                                                 environment: ["TRIVY_SKIP_DB_UPDATE": "true", "TRIVY_CACHE_DIR": directory.path + "/trivy-cache"])
            try #require(trivyRun.status == 0, "\(trivyRun.stderr)")
            files += [vouch, syft, trivy]
        }
        return files
    }

    static func json(_ text: String) throws -> Object {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? Object)
    }

    @Test(.enabled(if: Peers.shouldRun("ntia-checker", "syft", "trivy")), arguments: [("ntia-2021", "ntia"), ("fsct3", "fsct3-min")])
    func checkAgreesWithTheNTIAConformanceChecker(profile: String, comply: String) throws {
        let checker = try Peers.require("ntia-checker")
        let directory = try TemporaryDirectory("sbom-ntia")
        for file in try Self.documents("spdx", in: directory) {
            let theirs = try Self.json(try CommandRunner.run(checker, ["-c", comply, "-r", "json", file]).stdout)
            let run = try CommandRunner.vouch(["sbom", "check", file, "--profile", profile, "--format", "json"])
            let ours = try Self.json(run.stdout)
            let elements = Dictionary(uniqueKeysWithValues: (ours["elements"] as! [Object]).map { ($0["element"] as! String, $0) })
            let pairs = [("componentNames", "Component Name"), ("componentVersions", "Version of the Component"),
                         ("componentIdentifiers", "Other Unique Identifiers"), ("componentSuppliers", "Supplier Name")]
                + (profile == "fsct3" ? [("componentConcludedLicenses", "License"), ("componentCopyrightTexts", "Copyright Notice")] : [])
            for (key, element) in pairs {
                let their = try #require(theirs[key] as? Object, "\(file): \(key)")
                let our = try #require(elements[element], "\(file): \(element)")
                #expect(their["allProvided"] as? Bool == our["passed"] as? Bool, "\(file) \(element)")
                #expect((their["nonconformantComponents"] as? [Any])?.count == (our["failing"] as? [Any])?.count, "\(file) \(element)")
            }
            #expect(theirs["authorNameProvided"] as? Bool == elements["Author of SBOM Data"]?["passed"] as? Bool, "\(file)")
            #expect(theirs["timestampProvided"] as? Bool == elements["Timestamp"]?["passed"] as? Bool, "\(file)")
            #expect(theirs["dependencyRelationshipsProvided"] as? Bool == elements["Dependency Relationship"]?["passed"] as? Bool, "\(file)")
            // The checker also fails documents with validation messages; where there are none the verdicts match.
            if (theirs["validationMessages"] as? [Any])?.isEmpty == true, profile == "ntia-2021" {
                #expect(theirs["isConformant"] as? Bool == ours["passed"] as? Bool, "\(file)")
                #expect(run.status == ((ours["passed"] as? Bool) == true ? 0 : 1))
            }
        }
    }

    /// Documents that break the CycloneDX schema in different ways, beside the producers' valid ones.
    static func invalidVariants(of bom: Object) -> [(String, Object)] {
        var variants: [(String, Object)] = []
        var wrongType = bom
        wrongType["version"] = "1"
        variants.append(("version-string", wrongType))
        var unknown = bom
        unknown["extra"] = ["a": 1]
        variants.append(("unknown-member", unknown))
        var badEnum = bom
        badEnum["components"] = [["type": "gadget", "name": "x"]]
        variants.append(("bad-type", badEnum))
        var badTime = bom
        var metadata = (bom["metadata"] as? Object) ?? [:]
        metadata["timestamp"] = "2026-13-40"
        badTime["metadata"] = metadata
        variants.append(("bad-timestamp", badTime))
        var badHash = bom
        badHash["components"] = [["type": "library", "name": "x", "hashes": [["alg": "SHA-256", "content": "xyz"]]]]
        variants.append(("bad-hash", badHash))
        var badLicense = bom
        badLicense["components"] = [["type": "library", "name": "x", "licenses": [["license": ["id": "Not-A-License"]]]]]
        variants.append(("bad-license-id", badLicense))
        var badURL = bom
        badURL["components"] = [["type": "library", "name": "x", "externalReferences": [["type": "website", "url": "not a url"]]]]
        variants.append(("bad-url", badURL))
        return variants
    }

    @Test(.enabled(if: Peers.shouldRun("python", "syft", "trivy")))
    func validateAgreesWithCycloneDXPythonLibsStrictValidator() throws {
        let python = try Peers.require("python")
        let directory = try TemporaryDirectory("sbom-cdx-agree")
        var files = try Self.documents("cyclonedx", in: directory)
        for version in ["1.4", "1.5", "1.7"] {
            let bom = AuditFixtures.cycloneDX()
            var minimal: Object = ["bomFormat": "CycloneDX", "specVersion": version, "version": 1, "metadata": ["timestamp": "2026-01-02T03:04:05Z"]]
            minimal["components"] = [["type": "library", "name": "idna", "version": "3.7"]]
            files.append(try directory.write("minimal-\(version).json", String(decoding: AuditFixtures.bytes(minimal), as: UTF8.self)))
            for (name, variant) in Self.invalidVariants(of: version == "1.7" ? bom.merging(["specVersion": "1.7"]) { $1 } : minimal) {
                files.append(try directory.write("\(name)-\(version).json", String(decoding: AuditFixtures.bytes(variant), as: UTF8.self)))
            }
        }
        files.append(try directory.write("complete-1.6.json", String(decoding: AuditFixtures.bytes(AuditFixtures.cycloneDX()), as: UTF8.self)))
        var invalid = 0
        for file in files {
            let version = (try Self.json(try String(contentsOfFile: file, encoding: .utf8))["specVersion"] as? String) ?? ""
            let theirs = try CommandRunner.run(python, [Fixtures.path("sbom/validate-cyclonedx.py"), "json", version, file])
            let ours = try CommandRunner.vouch(["sbom", "validate", file])
            #expect(ours.status == theirs.status, "\(file): vouch \(ours.stdout) / cyclonedx-python-lib \(theirs.stdout)")
            if theirs.status == 1 { invalid += 1 }
        }
        #expect(invalid >= 14, "the invalid variants must be rejected by the peer too")
    }
}
