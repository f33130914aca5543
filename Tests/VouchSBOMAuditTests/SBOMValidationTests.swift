import Foundation
import Testing
import VouchCore
import VouchSBOM
import VouchTestSupport
@testable import VouchSBOMAudit

/// `vouch sbom validate`'s library side: the bundled CycloneDX schemas, the SPDX rules, integrity.
@Suite struct SBOMValidationTests {
    typealias Object = AuditFixtures.Object

    func validate(_ object: Object) throws -> SBOMValidationReport {
        try SBOMValidator.validate(AuditFixtures.bytes(object), path: "fixture.json")
    }

    @Test func theCompleteCycloneDXFixtureIsValidAgainstTheOfficial16Schema() throws {
        let report = try validate(AuditFixtures.cycloneDX())
        #expect(report.passed, "\(report.schemaProblems) \(report.integrityProblems)")
        #expect(report.schema.hasPrefix("bom-1.6.SNAPSHOT.schema.json (cyclonedx-python-lib 11.12.0"))
    }

    @Test(arguments: ["1.4", "1.5", "1.6", "1.7"])
    func aMinimalBOMIsValidUnderEachBundledVersion(version: String) throws {
        let report = try validate(["bomFormat": "CycloneDX", "specVersion": version, "version": 1,
                                   "components": [["type": "library", "name": "idna", "version": "3.7", "bom-ref": "a"]]])
        #expect(report.passed, "\(report.schemaProblems)")
        #expect(report.schema.hasPrefix("bom-\(version).SNAPSHOT"))
    }

    @Test func aWrongTypeAnUnknownMemberAndABadEnumAreSchemaProblemsWithTheirPaths() throws {
        var bom = AuditFixtures.cycloneDX()
        bom["version"] = "one"
        bom["surprise"] = true
        var components = bom["components"] as! [Object]
        components[0]["hashes"] = [["alg": "SHA-999", "content": AuditFixtures.sha256]]
        bom["components"] = components
        let report = try validate(bom)
        #expect(!report.passed)
        let paths = report.schemaProblems.map(\.path)
        #expect(paths.contains("$.version"))
        #expect(report.schemaProblems.contains { $0.path == "$" && $0.message.contains("'surprise'") })
        #expect(paths.contains { $0.hasPrefix("$.components[0].hashes[0]") })
    }

    @Test func aBadTimestampFailsTheDateTimeFormat() throws {
        var bom = AuditFixtures.cycloneDX()
        AuditFixtures.metadata(&bom) { $0["timestamp"] = "yesterday" }
        #expect(try validate(bom).schemaProblems.contains { $0.path == "$.metadata.timestamp" && $0.message.contains("date-time") })
    }

    @Test func danglingReferencesAndDuplicateBomRefsAreIntegrityProblems() throws {
        var bom = AuditFixtures.cycloneDX()
        bom["dependencies"] = [["ref": "app", "dependsOn": ["pkg:pypi/missing@1"]], ["ref": "ghost"]]
        var components = bom["components"] as! [Object]
        var copy = components[0]
        copy["name"] = "idna-copy"
        components.append(copy)
        bom["components"] = components
        let report = try validate(bom)
        let messages = report.integrityProblems.map(\.message)
        #expect(messages.contains { $0.contains("\"pkg:pypi/missing@1\" names no bom-ref") })
        #expect(messages.contains { $0.contains("\"ghost\" names no bom-ref") })
        #expect(messages.contains { $0.contains("duplicate bom-ref \"pkg:pypi/idna@3.7\"") })
        #expect(!report.passed)
    }

    @Test func aDependencyCycleIsReportedButDoesNotFail() throws {
        var bom = AuditFixtures.cycloneDX()
        bom["dependencies"] = [["ref": "app", "dependsOn": ["pkg:pypi/idna@3.7"]], ["ref": "pkg:pypi/idna@3.7", "dependsOn": ["app"]]]
        let report = try validate(bom)
        #expect(report.cycles == [["app", "pkg:pypi/idna@3.7"]])
        #expect(report.passed)
    }

    @Test func theCompleteSPDXFixtureMeetsTheSPDXRules() throws {
        let report = try validate(AuditFixtures.spdx())
        #expect(report.passed, "\(report.schemaProblems) \(report.integrityProblems)")
        #expect(report.format == "SPDX" && report.specVersion == "2.3")
    }

    @Test func spdxRulesNameTheClauseBroken() throws {
        var document = AuditFixtures.spdx()
        document["dataLicense"] = "MIT"
        document["documentNamespace"] = "no-uri#x"
        AuditFixtures.eachPackage(&document) { $0["downloadLocation"] = nil; $0["licenseDeclared"] = "MIT OR OR" }
        var creation = document["creationInfo"] as! Object
        creation["created"] = "2026-01-02"
        document["creationInfo"] = creation
        let messages = try validate(document).schemaProblems.map(\.description)
        #expect(messages.contains("$.dataLicense: dataLicense must be CC0-1.0 (clause 6.2)"))
        #expect(messages.contains { $0.hasPrefix("$.documentNamespace:") })
        #expect(messages.contains("$.packages[0]: required member 'downloadLocation' is missing"))
        #expect(messages.contains { $0.contains("licenseDeclared is not a valid SPDX license expression") })
        #expect(messages.contains { $0.hasPrefix("$.creationInfo.created:") })
    }

    /// The official SPDX 2.3 schema finds what the clause rules leave to it: a member SPDX does not define.
    @Test func spdx23IsValidatedAgainstTheOfficialSchema() throws {
        var document = AuditFixtures.spdx()
        AuditFixtures.eachPackage(&document) { $0["colour"] = "red" }
        let report = try validate(document)
        #expect(report.schema.hasPrefix("spdx-2.3.schema.json (spdx/spdx-spec v2.3 (aadf3b0b8dbbabdb4d880b0fc714255fea436ff7)"))
        #expect(report.schemaProblems.map(\.description).contains("$.packages[0]: member 'colour' is not allowed"))
        #expect(!SPDXDocumentRules.check(try SBOMReader.tree(AuditFixtures.bytes(document), path: "x")).contains { $0.message.contains("colour") },
                "the clause rules do not check unknown members: the schema does")
        var spdx22 = document
        spdx22["spdxVersion"] = "SPDX-2.2"
        #expect(try validate(spdx22).passed, "SPDX 2.2 gets the clause rules only")
    }

    /// The embedded schema is the file in Schemas/sbom/, whose SHA-256 Schemas/sbom/README.md records.
    @Test func theEmbeddedSPDXSchemaIsTheRecordedFile() throws {
        let file = try Fixtures.bytes("../Schemas/sbom/spdx-2.3.schema.json")
        let digest = try CommandRunner.run("/usr/bin/sha256sum", [Fixtures.path("../Schemas/sbom/spdx-2.3.schema.json")]).stdout.prefix(64)
        let readme = try String(contentsOf: Fixtures.url("../Schemas/sbom/README.md"), encoding: .utf8)
        #expect(digest.count == 64 && readme.contains("| `spdx-2.3.schema.json` | `\(digest)` |"))
        let embedded = try JSONSerialization.jsonObject(with: Data(SBOMSchemas.spdxSchemaText.utf8)) as! NSDictionary
        let onDisk = try JSONSerialization.jsonObject(with: Data(file)) as! NSDictionary
        #expect(embedded == onDisk)
    }

    @Test func spdxDanglingRelationshipsAndDuplicateIDsAreIntegrityProblems() throws {
        var document = AuditFixtures.spdx()
        var packages = document["packages"] as! [Object]
        packages.append(packages[1])
        document["packages"] = packages
        document["relationships"] = [
            ["spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-app"],
            ["spdxElementId": "SPDXRef-app", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-gone"],
            ["spdxElementId": "SPDXRef-app", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "NOASSERTION"],
            ["spdxElementId": "SPDXRef-app", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "DocumentRef-other:SPDXRef-x"],
        ]
        let messages = try validate(document).integrityProblems.map(\.message)
        #expect(messages.contains { $0.contains("duplicate SPDXID \"SPDXRef-idna\"") })
        #expect(messages.contains { $0.contains("\"SPDXRef-gone\" names no element") })
        #expect(messages.contains { $0.contains("DocumentRef-other, which externalDocumentRefs does not declare") })
        #expect(messages.count == 3)
    }

    @Test(arguments: [SBOMFormat.spdxJSON, .cycloneDXJSON])
    func vouchsOwnSBOMsAreValid(format: SBOMFormat) throws {
        for (path, name) in [(SBOMTestFixtures.edgeVenv, "edge-venv"), (SBOMTestFixtures.debianRoot, "debian-root")] {
            let resolver = try DirectoryFileResolver(path: path)
            var document = try SBOMGenerator(clock: FixedWallClock.goldenInstant).generate(resolver, options: CatalogOptions(includeFiles: true, defaultMachine: "x86_64"))
            document.source.name = name
            let text = try SBOMGenerator.encodeText(document, as: format)
            let report = try SBOMValidator.validate(Array(text.utf8), path: name)
            #expect(report.passed, "\(name) \(format): \(report.schemaProblems.prefix(5)) \(report.integrityProblems.prefix(5))")
        }
    }

    @Test func aDocumentThatIsNeitherFormatIsAnError() throws {
        #expect(throws: VouchError.self) { try SBOMValidator.validate(Array("{\"hello\": 1}".utf8), path: "x.json") }
        #expect(throws: VouchError.self) { try SBOMValidator.validate(Array("{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.3\"}".utf8), path: "x.json") }
    }

    @Test func theMostProblemsReportedIsTheNamedLimit() throws {
        var bom = AuditFixtures.cycloneDX()
        bom["components"] = (0..<(JSONSchemaValidator.maximumProblems + 20)).map { ["type": "nonsense", "name": "c\($0)"] }
        let report = try validate(bom)
        #expect(report.schemaProblems.count == JSONSchemaValidator.maximumProblems)
    }

    /// A schema whose `$ref` chain never ends (`{"$ref": "#"}`) stops at the named limit instead of recursing.
    @Test func anEndlessReferenceChainStopsAtMaximumReferenceDepth() throws {
        let schema = try JSONNode(parsing: Array(##"{"$ref": "#"}"##.utf8), path: "loop.schema.json")
        let validator = JSONSchemaValidator(documents: ["loop.schema.json": schema])
        let instance = try JSONNode(parsing: Array("{}".utf8), path: "doc.json")
        #expect {
            _ = try validator.validate(instance, against: "loop.schema.json")
        } throws: { error in
            (error as? VouchError)?.limit?.name == "maximumReferenceDepth"
        }
    }
}
