import Foundation
import Testing
import VouchCore
import VouchPolicy

@Suite("Packages from attested SBOMs")
struct AttestedSBOMTests {
    @Test("SPDX 2.3 JSON: concluded license first, declared otherwise, root left out")
    func spdx() throws {
        let document = Data("""
            {"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "documentDescribes": ["SPDXRef-root"],
             "packages": [
               {"SPDXID": "SPDXRef-root", "name": "/app/.venv", "versionInfo": "", "licenseConcluded": "NOASSERTION"},
               {"SPDXID": "SPDXRef-a", "name": "requests", "versionInfo": "2.32.3", "licenseConcluded": "Apache-2.0",
                "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:pypi/requests@2.32.3"}]},
               {"SPDXID": "SPDXRef-b", "name": "certifi", "versionInfo": "2024.8.30", "licenseConcluded": "NOASSERTION", "licenseDeclared": "MPL-2.0"},
               {"SPDXID": "SPDXRef-c", "name": "libc6", "versionInfo": "2.36-9", "licenseConcluded": "NOASSERTION", "licenseDeclared": "NOASSERTION",
                "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:deb/debian/libc6@2.36-9"}]}
             ]}
            """.utf8)
        let packages = try #require(try AttestedSBOM.packages(fromPredicate: document))
        #expect(packages == [
            PackageEvidence(ecosystem: "pypi", name: "requests", version: "2.32.3", license: "Apache-2.0"),
            PackageEvidence(ecosystem: "unknown", name: "certifi", version: "2024.8.30", license: "MPL-2.0"),
            PackageEvidence(ecosystem: "deb", name: "libc6", version: "2.36-9", license: "NOASSERTION"),
        ])
    }

    @Test("CycloneDX JSON: expressions, several ids joined with AND, nested components")
    func cyclonedx() throws {
        let document = Data("""
            {"bomFormat": "CycloneDX", "specVersion": "1.6",
             "metadata": {"component": {"name": "/app/.venv", "type": "application"}},
             "components": [
               {"name": "fastapi", "version": "0.115.6", "purl": "pkg:pypi/fastapi@0.115.6", "licenses": [{"license": {"id": "MIT"}}]},
               {"name": "bleach", "version": "6.2.0", "purl": "pkg:pypi/bleach@6.2.0", "licenses": [{"expression": "Apache-2.0"}],
                "components": [{"name": "html5lib", "version": "1.1", "licenses": [{"license": {"id": "MIT"}}, {"license": {"id": "BSD-2-Clause"}}]}]},
               {"name": "mystery", "version": "1.0", "purl": "pkg:pypi/mystery@1.0"}
             ]}
            """.utf8)
        let packages = try #require(try AttestedSBOM.packages(fromPredicate: document))
        #expect(packages.map(\.name) == ["fastapi", "bleach", "html5lib", "mystery"])
        #expect(packages.map(\.license) == ["MIT", "Apache-2.0", "MIT AND BSD-2-Clause", nil])
        #expect(packages[0].ecosystem == "pypi")
    }

    @Test("SPDX: a root named by a DESCRIBES relationship is not a package")
    func spdxDescribesRelationship() throws {
        let document = Data("""
            {"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT",
             "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-Source"}],
             "packages": [{"SPDXID": "SPDXRef-Source", "name": "gateway:1.0"},
                          {"SPDXID": "SPDXRef-a", "name": "idna", "versionInfo": "3.20", "licenseConcluded": "BSD-3-Clause"}]}
            """.utf8)
        #expect(try #require(try AttestedSBOM.packages(fromPredicate: document)).map(\.name) == ["idna"])
    }

    @Test("anything else is not an SBOM")
    func notAnSBOM() throws {
        #expect(try AttestedSBOM.packages(fromPredicate: Data(#"{"buildDefinition": {}}"#.utf8)) == nil)
        #expect(throws: VouchError.self) { try AttestedSBOM.packages(fromPredicate: Data("not json".utf8)) }
    }

    @Test("a malformed SBOM field is reported with its path instead of read as empty")
    func malformedFieldReportedWithItsPath() {
        // The old reader turned a package name that is not a string into "", and the license rule
        // evaluated a package called "".
        let document = Data(#"{"spdxVersion": "SPDX-2.3", "packages": [{"name": "idna"}, {"name": 5}]}"#.utf8)
        let error = #expect(throws: VouchError.self) { try AttestedSBOM.packages(fromPredicate: document, path: "sbom.att") }
        #expect(error?.description == "sbom.att: $.packages[1].name: expected a string, found a number")
    }

    @Test("a duplicate key in an attested SBOM is refused")
    func duplicateKeyRefused() {
        let document = Data(#"{"bomFormat": "CycloneDX", "components": [{"name": "a"}], "components": []}"#.utf8)
        let error = #expect(throws: VouchError.self) { try AttestedSBOM.packages(fromPredicate: document) }
        #expect(error?.reason.hasSuffix("duplicate key 'components'") == true)
    }
}
