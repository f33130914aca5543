import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// Every format of every fixture through the official validators: spdx-tools (`pyspdxtools -i`) and
/// cyclonedx-python-lib's strict JSON and XML schema validators.
@Suite(.serialized) struct ValidatorTests {
    static let fixtures: [(String, String)] = [
        (SBOMTestFixtures.edgeVenv, "edge-venv"), (SBOMTestFixtures.edgeSitePackages, "site-packages"), (SBOMTestFixtures.debianRoot, "debian-root"),
    ]

    @Test(.enabled(if: Peers.shouldRun("pyspdxtools")), arguments: [SBOMFormat.spdxJSON, .spdxTagValue])
    func spdxDocumentsPassSpdxTools(format: SBOMFormat) throws {
        let tool = try Peers.require("pyspdxtools")
        let directory = try TemporaryDirectory("sbom-spdx")
        for (path, name) in Self.fixtures {
            for includeFiles in [false, true] {
                let document = try SBOMTestFixtures.document(path, name: name, includeFiles: includeFiles)
                let file = try directory.write("\(name).\(format == .spdxJSON ? "spdx.json" : "spdx")", try SBOMGenerator.encodeText(document, as: format))
                let result = try CommandRunner.run(tool, ["-i", file])
                // pyspdxtools exits 0 even for an invalid document; it prints one line per problem.
                let problems = (result.stdout + result.stderr).split(separator: "\n").filter { !$0.contains("Generating LALR tables") }
                #expect(result.status == 0 && problems.isEmpty, "\(name) \(format): \(problems.joined(separator: "\n"))")
            }
        }
    }

    @Test(.enabled(if: Peers.shouldRun("python")), arguments: [("json", "1.6"), ("json", "1.5"), ("xml", "1.6"), ("xml", "1.5")])
    func cycloneDXDocumentsPassTheStrictSchemaValidators(kind: String, version: String) throws {
        let python = try Peers.require("python")
        let directory = try TemporaryDirectory("sbom-cdx")
        for (path, name) in Self.fixtures {
            let document = try SBOMTestFixtures.document(path, name: name, includeFiles: true)
            let text = try SBOMGenerator.encodeText(document, as: kind == "json" ? .cycloneDXJSON : .cycloneDXXML,
                                                options: SBOMEncodingOptions(cycloneDXVersion: version))
            let file = try directory.write("\(name).cdx.\(kind)", text)
            let result = try CommandRunner.run(python, [Fixtures.path("sbom/validate-cyclonedx.py"), kind, version, file])
            #expect(result.status == 0, "\(name) \(kind) \(version): \(result.stdout)\(result.stderr)")
        }
    }

    @Test(.enabled(if: Peers.shouldRun("python")))
    func theCycloneDXValidatorRejectsAnInvalidDocument() throws {
        let python = try Peers.require("python")
        let directory = try TemporaryDirectory("sbom-cdx-bad")
        let file = try directory.write("bad.cdx.json", "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"version\": \"one\"}")
        let result = try CommandRunner.run(python, [Fixtures.path("sbom/validate-cyclonedx.py"), "json", "1.6", file])
        #expect(result.status == 1)
    }
}
