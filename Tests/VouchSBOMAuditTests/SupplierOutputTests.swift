import Foundation
import Testing
import VouchSBOM
import VouchTestSupport
@testable import VouchSBOMAudit

/// Vouch's own SBOMs carry each package's supplier and originator from its metadata, so the NTIA and
/// CISA supplier/producer elements pass for them, and the documents stay valid for the official validators.
@Suite(.serialized) struct SupplierOutputTests {
    /// A site-packages directory with two distributions whose metadata names people, one RFC 2047 encoded.
    static func sitePackages(_ directory: TemporaryDirectory) throws -> String {
        let root = directory.path + "/site-packages"
        let distributions = [
            ("alpha", "1.0", "Author: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?=\nAuthor-email: juergen@example.com\nMaintainer: Alpha Team\nMaintainer-email: alpha@example.com\n"),
            ("beta", "2.0", "Author-email: \"Doe, Jane\" <jane@example.com>, bob@example.com\n"),
        ]
        for (name, version, people) in distributions {
            let info = "\(root)/\(name)-\(version).dist-info"
            try FileManager.default.createDirectory(atPath: info, withIntermediateDirectories: true)
            try "Metadata-Version: 2.1\nName: \(name)\nVersion: \(version)\n\(people)License-Expression: MIT\n\n".write(toFile: info + "/METADATA", atomically: true, encoding: .utf8)
            try "\(name)-\(version).dist-info/METADATA,,\n".write(toFile: info + "/RECORD", atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func spdxAndCycloneDXNameTheSupplierAndOriginator() throws {
        let directory = try TemporaryDirectory("sbom-suppliers")
        let source = try Self.sitePackages(directory)
        let spdx = directory.path + "/out.spdx.json", cdx = directory.path + "/out.cdx.json"
        let run = try CommandRunner.vouch(["sbom", source, "--format", "spdx-json", "-o", spdx, "--format", "cyclonedx-json", "-o", cdx], environment: ["SOURCE_DATE_EPOCH": "0"])
        try #require(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: spdx))) as? [String: Any])
        let packages = try #require(document["packages"] as? [[String: Any]])
        let alpha = try #require(packages.first { $0["name"] as? String == "alpha" })
        #expect(alpha["supplier"] as? String == "Organization: Alpha Team (alpha@example.com)")
        #expect(alpha["originator"] as? String == "Person: Jürgen Müller (juergen@example.com)")
        let beta = try #require(packages.first { $0["name"] as? String == "beta" })
        #expect(beta["supplier"] as? String == "Person: Doe, Jane (jane@example.com)")
        let bom = try SBOMReader.read(path: cdx)
        let betaComponent = try #require(bom.packages.first { $0.name == "beta" })
        #expect(betaComponent.evidence?.producers.map(\.email) == ["jane@example.com", "bob@example.com"])
        #expect(betaComponent.evidence?.supplier?.name == "Doe, Jane")
        // Supplier Name passes for every package; the root (the source directory) has none yet.
        for file in [spdx, cdx] {
            let report = MinimumElements.check(try SBOMReader.read(path: file), profile: .ntia2021, file: file)
            let supplier = try #require(report.elements.first { $0.element == "Supplier Name" })
            #expect(supplier.failing.count == 1 && supplier.have == supplier.total - 1, "\(file): \(supplier.failing)")
            #expect(try SBOMValidator.validate(SBOMReader.bytes(path: file), path: file).passed)
        }
    }

    @Test(.enabled(if: Peers.shouldRun("python", "pyspdxtools")))
    func theDocumentsWithSuppliersPassTheOfficialValidators() throws {
        let directory = try TemporaryDirectory("sbom-suppliers-peers")
        let source = try Self.sitePackages(directory)
        for (format, file) in [("spdx-json", "a.spdx.json"), ("spdx-tag-value", "a.spdx"), ("cyclonedx-json", "a.cdx.json"), ("cyclonedx-xml", "a.cdx.xml")] {
            for version in format.hasPrefix("cyclonedx") ? ["1.5", "1.6"] : ["1.6"] {
                let path = directory.path + "/\(version)-" + file
                let run = try CommandRunner.vouch(["sbom", source, "--format", format, "--spec-version", version, "-o", path])
                try #require(run.status == 0, "\(run.stderr)")
                let result: CommandResult
                if format.hasPrefix("spdx") {
                    result = try CommandRunner.run(try Peers.require("pyspdxtools"), ["-i", path])
                    let problems = (result.stdout + result.stderr).split(separator: "\n").filter { !$0.contains("Generating LALR tables") }
                    #expect(result.status == 0 && problems.isEmpty, "\(format): \(problems)")
                } else {
                    result = try CommandRunner.run(try Peers.require("python"), [Fixtures.path("sbom/validate-cyclonedx.py"), format == "cyclonedx-json" ? "json" : "xml", version, path])
                    #expect(result.status == 0, "\(format) \(version): \(result.stdout)")
                }
            }
        }
    }
}
