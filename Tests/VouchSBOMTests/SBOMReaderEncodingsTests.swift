import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// The one SBOM reader on the non-JSON encodings: CycloneDX XML 1.4-1.7 and SPDX tag-value, each encoder's
/// output read back, the XML reader's strictness and limit, and syft's and trivy's documents.
@Suite struct SBOMReaderEncodingsTests {
    static let fixtures = [(SBOMTestFixtures.edgeVenv, "edge-venv"), (SBOMTestFixtures.debianRoot, "debian-root")]

    @Test(arguments: [(SBOMFormat.cycloneDXXML, "1.6"), (.cycloneDXXML, "1.5"), (.spdxTagValue, "1.6")])
    func everyXMLAndTagValueEncoderRoundTripsThroughTheReader(_ format: SBOMFormat, _ version: String) throws {
        for (path, name) in Self.fixtures {
            let document = try SBOMTestFixtures.document(path, name: name)
            let bytes = try SBOMGenerator.encode(document, as: format, options: SBOMEncodingOptions(cycloneDXVersion: version))
            let read = try SBOMReader.read(bytes, path: "\(name).\(format.rawValue)")
            #expect(SBOMReaderTests.projection(read) == SBOMReaderTests.projection(document), "\(name) \(format)")
            #expect(SBOMReaderTests.edges(read) == SBOMReaderTests.edges(document), "\(name) \(format)")
            #expect(read.source.name == name)
            #expect(!read.packages.isEmpty)
        }
    }

    /// The XML and the JSON encoding of one document read the same, down to license texts and properties.
    @Test(arguments: ["1.4", "1.5", "1.6", "1.7"])
    func cycloneDXXMLOfEverySupportedVersionReadsLikeItsJSON(_ version: String) throws {
        for (path, name) in Self.fixtures {
            let document = try SBOMTestFixtures.document(path, name: name)
            let options = SBOMEncodingOptions(cycloneDXVersion: version == "1.5" ? "1.5" : "1.6")
            let json = try SBOMReader.read(try SBOMGenerator.encode(document, as: .cycloneDXJSON, options: options), path: "bom")
            let xml = String(decoding: try SBOMGenerator.encode(document, as: .cycloneDXXML, options: options), as: UTF8.self)
                .replacingOccurrences(of: "http://cyclonedx.org/schema/bom/\(options.cycloneDXVersion)", with: "http://cyclonedx.org/schema/bom/\(version)")
            let read = try SBOMReader.read(Array(xml.utf8), path: "bom")
            #expect(read.packages == json.packages, "\(name) \(version)")
            #expect(read.dependencies == json.dependencies)
            #expect(read.source == json.source)
        }
    }

    static func xmlError(_ xml: String) -> String {
        do {
            _ = try SBOMReader.read(Array(xml.utf8), path: "bom.xml")
            return "read"
        } catch {
            return error.description
        }
    }

    @Test func xmlEntitiesCDATAAndCharacterReferencesAreDecoded() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
              <components>
                <component type="library" bom-ref="a&amp;b">
                  <name>Fish &amp; Chips&#x21;</name>
                  <version><![CDATA[1.0<rc>]]></version>
                  <purl>pkg:pypi/fish-chips@1.0</purl>
                  <properties><property name="vouch:location">/x/&#233;.dist-info</property></properties>
                  <ext:extra xmlns:ext="urn:example">ignored</ext:extra>
                </component>
              </components>
            </bom>
            """
        let read = try SBOMReader.read(Array(xml.utf8), path: "bom.xml")
        let package = try #require(read.packages.first)
        #expect(package.name == "Fish & Chips!")
        #expect(package.version == "1.0<rc>")
        #expect(package.id == "a&b")
        #expect(package.location == "/x/é.dist-info")
        #expect(package.ecosystem == .python)
    }

    @Test(arguments: [
        (#"<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY a "aaaa">]><bom/>"#, "a document type declaration (<!DOCTYPE) is not accepted"),
        (#"<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components></bom>"#, "</bom> closes <components>"),
        (#"<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><x>&nbsp;</x></bom>"#, "the entity &nbsp; is not one of XML's predefined entities"),
        (#"<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><x a="1" a="2"/></bom>"#, "the attribute a appears twice in <x>"),
        (#"<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><x>"#, "the document ends inside <x>"),
        (#"<bom xmlns="http://cyclonedx.org/schema/bom/1.6"/><bom/>"#, "content after the root element"),
        (#"<bom xmlns="http://cyclonedx.org/schema/bom/1.2"/>"#, "CycloneDX XML namespace \"http://cyclonedx.org/schema/bom/1.2\" is not read"),
        (#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>"#, "the XML document's root is <rdf:RDF>, not a CycloneDX <bom>"),
    ])
    func malformedOrHostileXMLIsAnErrorNamingTheFileAndTheProblem(_ xml: String, _ message: String) {
        let description = Self.xmlError(xml)
        #expect(description.hasPrefix("bom.xml: "), "\(description)")
        #expect(description.contains(message), "\(description)")
    }

    @Test func xmlNestingDeeperThanMaximumDepthIsRefusedByName() {
        let depth = XMLElementTree.maximumDepth + 1
        let xml = #"<bom xmlns="http://cyclonedx.org/schema/bom/1.6">"# + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "</bom>"
        do {
            _ = try SBOMReader.read(Array(xml.utf8), path: "deep.xml")
            Issue.record("read \(depth) nested elements")
        } catch {
            #expect(error.limit?.name == "maximumDepth", "\(error)")
            #expect(error.description.hasPrefix("deep.xml: "))
        }
        let within = #"<bom xmlns="http://cyclonedx.org/schema/bom/1.6">"# + String(repeating: "<a>", count: depth - 2) + String(repeating: "</a>", count: depth - 2) + "</bom>"
        #expect(throws: Never.self) { try SBOMReader.read(Array(within.utf8), path: "deep.xml") }
    }

    @Test func tagValueTextBlocksCommentsAndAnEscapedTextEndAreRead() throws {
        let document = """
            # written by hand
            SPDXVersion: SPDX-2.3
            DataLicense: CC0-1.0
            SPDXID: SPDXRef-DOCUMENT
            DocumentName: hand
            Created: 2026-01-02T03:04:05Z

            PackageName: demo
            SPDXID: SPDXRef-Package-python-demo
            PackageVersion: 1.0
            PackageSummary: <text>two
            lines with a literal &lt;/text> inside</text>
            PackageLicenseDeclared: MIT
            ExternalRef: PACKAGE-MANAGER purl pkg:pypi/demo@1.0

            FileName: ./demo/__init__.py
            SPDXID: SPDXRef-File-1
            PackageVersion: 9.9

            Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-Package-python-demo
            """
        let read = try SBOMReader.read(Array(document.utf8), path: "hand.spdx")
        let package = try #require(read.packages.first)
        #expect(read.packages.count == 1)
        #expect(package.summary == "two\nlines with a literal </text> inside")
        #expect(package.version == "1.0")
        #expect(package.purl == "pkg:pypi/demo@1.0")
        #expect(package.ecosystem == .python)
        #expect(package.license.expression == "MIT")
    }

    @Test(arguments: [
        ("SPDXVersion: SPDX-2.3\nPackageName: a\nPackageSummary: <text>never closed\n", "line 3: the <text> value of PackageSummary is not closed with </text>"),
        ("SPDXVersion: SPDX-2.3\nthis is not a tag\n", "line 2: expected 'Tag: value'"),
        ("SPDXVersion: SPDX-2.3\nRelationship: A DESCRIBES\n", "line 2: a Relationship is 'ELEMENT TYPE RELATED'"),
        ("SPDXVersion: SPDX-1.2\n", "SPDX version SPDX-1.2 is not read"),
    ])
    func malformedTagValueIsAnErrorNamingTheLine(_ document: String, _ message: String) {
        do {
            _ = try SBOMReader.read(Array(document.utf8), path: "bad.spdx")
            Issue.record("read \(document)")
        } catch {
            #expect(error.description.hasPrefix("bad.spdx: "), "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    /// syft's CycloneDX XML and SPDX tag-value, and trivy's SPDX tag-value, of the same trees: the same
    /// packages as their JSON documents, with the Debian source package.
    @Test(.enabled(if: Peers.shouldRun("syft", "trivy")), arguments: [
        ("syft", "cyclonedx-xml", "cyclonedx-json"), ("syft", "spdx-tag-value", "spdx-json"), ("trivy", "spdx", "spdx-json"),
    ])
    func syftAndTrivyXMLAndTagValueDocumentsReadLikeTheirJSON(_ tool: String, _ format: String, _ jsonFormat: String) throws {
        let directory = try TemporaryDirectory("sbom-peers-encodings")
        for (path, name) in Self.fixtures {
            func run(_ format: String) throws -> SBOMDocument {
                let output = directory.path + "/\(name).\(tool).\(format)"
                let result: CommandResult
                if tool == "syft" {
                    result = try CommandRunner.run(try Peers.require("syft"), ["scan", "dir:\(path)", "-o", "\(format)=\(output)", "-q"],
                                                   environment: ["SYFT_CHECK_FOR_APP_UPDATE": "false"])
                } else {
                    result = try CommandRunner.run(try Peers.require("trivy"), ["rootfs", "--quiet", "--offline-scan", "--format", format, "--output", output, path],
                                                   environment: ["TRIVY_SKIP_DB_UPDATE": "true", "TRIVY_CACHE_DIR": directory.path + "/trivy-cache"])
                }
                try #require(result.status == 0, "\(tool) \(format) \(name): \(result.stderr)")
                return try SBOMReader.read(path: output)
            }
            let encoded = try run(format), json = try run(jsonFormat)
            let key = { (document: SBOMDocument) in
                document.packages.map { "\($0.ecosystem.rawValue) \($0.name) \($0.version) \($0.purl ?? "-") \($0.sourcePackage ?? "-") \($0.sourceVersion ?? "-")" }.sorted()
            }
            #expect(!encoded.packages.isEmpty, "\(tool) \(format) \(name)")
            #expect(key(encoded) == key(json), "\(tool) \(format) \(name)")
            if name == "debian-root" {
                #expect(encoded.packages.first { $0.name == "libc6" }?.sourcePackage == "glibc", "\(tool) \(format)")
            }
        }
    }
}

/// `CatalogOptions.resolvesLicenses` (off for vulnerability scans): the same packages, every license NOASSERTION.
@Suite struct CatalogLicenseOptionTests {
    @Test func turningLicenseResolutionOffKeepsThePackagesAndLeavesLicensesUnasserted() throws {
        let resolver = try DirectoryFileResolver(path: SBOMTestFixtures.edgeVenv)
        var options = CatalogOptions(defaultMachine: "x86_64")
        let full = try SBOMGenerator(clock: FixedWallClock.goldenInstant).generate(resolver, options: options)
        options.resolvesLicenses = false
        let bare = try SBOMGenerator(clock: FixedWallClock.goldenInstant).generate(resolver, options: options)
        let key = { (document: SBOMDocument) in document.packages.map { "\($0.id) \($0.name) \($0.version) \($0.purl ?? "-")" } }
        #expect(key(bare) == key(full))
        #expect(full.packages.contains { $0.license.expression != nil })
        #expect(bare.packages.filter { $0.ecosystem == .python && $0.containment == .installed }.allSatisfy { $0.license == .noAssertion })
    }
}
