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

    @Test func authorLifecycleAndCreationCommentReachTheProfiles() throws {
        let directory = try TemporaryDirectory("sbom-author")
        let source = try Self.sitePackages(directory)
        let spdx = directory.path + "/a.spdx.json", cdx = directory.path + "/a.cdx.json"
        let run = try CommandRunner.vouch(["sbom", source, "--author", "Example Org (sbom@example.com)",
                                           "--format", "spdx-json", "-o", spdx, "--format", "cyclonedx-json", "-o", cdx])
        try #require(run.status == 0, "\(run.stderr)")
        let spdxText = try String(contentsOfFile: spdx, encoding: .utf8)
        #expect(spdxText.contains("\"Organization: Example Org (sbom@example.com)\""))
        #expect(spdxText.contains("SBOM type: Analyzed"))
        let cdxDocument = try SBOMReader.read(path: cdx)
        #expect(cdxDocument.info?.lifecycles == ["post-build"])
        #expect(cdxDocument.info?.authors.contains { $0.name == "Example Org" && $0.email == "sbom@example.com" } == true)
        for (file, profile, element) in [(spdx, SBOMProfile.cisa2026, "SBOM Author"), (spdx, .cisa2026, "SBOM Generation Context"), (spdx, .fsct3, "SBOM Type"),
                                         (cdx, .cisa2026, "SBOM Author"), (cdx, .cisa2026, "SBOM Generation Context"), (cdx, .bsi21, "Creator of the SBOM")] {
            let report = MinimumElements.check(try SBOMReader.read(path: file), profile: profile, file: file)
            #expect(report.elements.first { $0.element == element }?.passed == true, "\(file) \(profile) \(element)")
        }
        // Without --author only the tool is named: NTIA accepts that, CISA does not.
        let plain = directory.path + "/plain.spdx.json"
        #expect(try CommandRunner.vouch(["sbom", source, "-o", plain]).status == 0)
        let report = MinimumElements.check(try SBOMReader.read(path: plain), profile: .cisa2026, file: plain)
        #expect(report.elements.first { $0.element == "SBOM Author" }?.passed == false)
    }

    @Test func embeddedSBOMComponentsKeepTheirHashesAndAuthors() throws {
        let directory = try TemporaryDirectory("sbom-embedded")
        let root = try Self.sitePackages(directory)
        let sboms = root + "/alpha-1.0.dist-info/sboms"
        try FileManager.default.createDirectory(atPath: sboms, withIntermediateDirectories: true)
        let crate: [String: Any] = [
            "type": "library", "name": "serde", "version": "1.0.200", "purl": "pkg:cargo/serde@1.0.200",
            "hashes": [["alg": "SHA-256", "content": String(repeating: "AB", count: 32)], ["alg": "SHA-999", "content": "00"]],
            "authors": [["name": "Erick Tryzelaar", "email": "erick@example.com"]],
        ]
        let embedded: [String: Any] = ["bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [crate]]
        try JSONSerialization.data(withJSONObject: embedded).write(to: URL(fileURLWithPath: sboms + "/crates.cdx.json"))
        let spdx = directory.path + "/a.spdx.json", cdx = directory.path + "/a.cdx.json"
        let run = try CommandRunner.vouch(["sbom", root, "--format", "spdx-json", "-o", spdx, "--format", "cyclonedx-json", "-o", cdx])
        try #require(run.status == 0, "\(run.stderr)")
        for file in [spdx, cdx] {
            let serde = try #require(try SBOMReader.read(path: file).packages.first { $0.name == "serde" }, "\(file)")
            // The unknown algorithm is dropped; the value is written in lower case.
            #expect(serde.evidence?.hashes == [ComponentHash(algorithm: "SHA-256", value: String(repeating: "ab", count: 32))], "\(file)")
            #expect(serde.evidence?.supplier?.name == "Erick Tryzelaar" || serde.evidence?.producers.contains { $0.name == "Erick Tryzelaar" } == true, "\(file)")
            #expect(try SBOMValidator.validate(SBOMReader.bytes(path: file), path: file).passed, "\(file)")
        }
    }

    @Test(.enabled(if: Peers.shouldRun("python", "pyspdxtools")))
    func theDocumentsWithSuppliersPassTheOfficialValidators() throws {
        let directory = try TemporaryDirectory("sbom-suppliers-peers")
        let source = try Self.sitePackages(directory)
        for (format, file) in [("spdx-json", "a.spdx.json"), ("spdx-tag-value", "a.spdx"), ("cyclonedx-json", "a.cdx.json"), ("cyclonedx-xml", "a.cdx.xml")] {
            for version in format.hasPrefix("cyclonedx") ? ["1.5", "1.6"] : ["1.6"] {
                let path = directory.path + "/\(version)-" + file
                let run = try CommandRunner.vouch(["sbom", source, "--format", format, "--spec-version", version, "-o", path,
                                                   "--author", "Example Org (sbom@example.com)"])
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
