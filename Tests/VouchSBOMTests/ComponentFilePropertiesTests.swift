import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// BSI TR-03183-2 v2.1.0 section 5.2.2: each component's file is said to be executable or not, an archive
/// or not, structured or not (CycloneDX `bsi:component:executable`, `:archive`, `:structured`), written only
/// where Vouch knows the file: a wheel, a `.deb`, a source distribution, an image.
@Suite struct ComponentFilePropertiesTests {
    typealias Object = [String: Any]
    static let names = ["bsi:component:executable", "bsi:component:archive", "bsi:component:structured"]

    static func properties(_ component: Object?) -> [String: String] {
        var found: [String: String] = [:]
        for property in (component?["properties"] as? [Object]) ?? [] {
            if let name = property["name"] as? String, names.contains(name) { found[name] = property["value"] as? String }
        }
        return found
    }

    static func bom(_ document: SBOMDocument) throws -> Object {
        let json = try CycloneDXJSONEncoder().encode(document, options: SBOMEncodingOptions())
        return try #require(try JSONSerialization.jsonObject(with: Data(json)) as? Object)
    }

    static let archive = ["bsi:component:executable": "non-executable", "bsi:component:archive": "archive", "bsi:component:structured": "structured"]

    @Test func theKindOfAFileFollowsItsName() {
        #expect(ArtifactKind(fileName: "uvicorn-0.34.0-py3-none-any.whl") == .wheel)
        #expect(ArtifactKind(fileName: "libc6_2.36-9+deb12u4_amd64.deb") == .debianPackage)
        #expect(ArtifactKind(fileName: "six-1.16.0.tar.gz") == .sourceDistribution)
        #expect(ArtifactKind(fileName: "old-1.0.zip") == .sourceDistribution)
        #expect(ArtifactKind(fileName: "tool.exe") == nil)
        #expect(ArtifactKind(fileName: "README") == nil)
        #expect(ArtifactKind.wheel.bsiProperties.map(\.value) == ["non-executable", "archive", "structured"])
    }

    /// A distribution whose WHEEL names its wheel is a structured, non-executable archive; one without a WHEEL
    /// (nothing says what it was installed from) gets none of the three.
    @Test func aWheelIsANonExecutableStructuredArchiveAndAnUnknownFileGetsNothing() throws {
        let directory = try TemporaryDirectory("sbom-bsi-wheel")
        try directory.write("site-packages/a-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: a\nVersion: 1.0\n")
        try directory.write("site-packages/a-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        try directory.write("site-packages/plain-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: plain\nVersion: 1.0\n")
        let bom = try Self.bom(try SBOMTestFixtures.document(directory.path + "/site-packages", name: "sp"))
        let components = (bom["components"] as? [Object]) ?? []
        #expect(Self.properties(components.first { $0["name"] as? String == "a" }) == Self.archive)
        #expect(Self.properties(components.first { $0["name"] as? String == "plain" }).isEmpty)
        // A directory is no file: the root of a site-packages directory gets none.
        let root = (bom["metadata"] as? Object)?["component"] as? Object
        let rootProperties = Self.properties(root)
        #expect(rootProperties.isEmpty)
    }

    @Test func aDebianPackageIsANonExecutableStructuredArchive() throws {
        let document = try SBOMTestFixtures.document(SBOMTestFixtures.debianRoot, name: "debian-root")
        let bom = try Self.bom(document)
        let debian = ((bom["components"] as? [Object]) ?? []).filter { ($0["purl"] as? String)?.hasPrefix("pkg:deb/") == true }
        try #require(!debian.isEmpty)
        for component in debian { #expect(Self.properties(component) == Self.archive, "\(component["name"] ?? "")") }
    }

    /// The XML encoder writes the same properties (one model).
    @Test func theXMLEncoderWritesThemToo() throws {
        let document = try SBOMTestFixtures.document(SBOMTestFixtures.debianRoot, name: "debian-root")
        let xml = String(decoding: try CycloneDXXMLEncoder().encode(document, options: SBOMEncodingOptions()), as: UTF8.self)
        #expect(xml.contains("<property name=\"bsi:component:archive\">archive</property>"))
        #expect(xml.contains("<property name=\"bsi:component:executable\">non-executable</property>"))
    }
}

/// CycloneDX 1.6 component `manufacturer` ("the organization that created the component"): written only when a
/// source says an organization made the component (an embedded SBOM's `manufacturer`); a PyPI `Author` stays
/// an author and a `Home-page` a website, as core metadata does not say whether they are an organization.
@Suite struct ComponentManufacturerTests {
    typealias Object = [String: Any]

    static func venvWithEmbeddedManufacturer() throws -> (TemporaryDirectory, SBOMDocument) {
        let directory = try TemporaryDirectory("sbom-manufacturer")
        try directory.write("site-packages/native-1.dist-info/METADATA", """
            Metadata-Version: 2.1
            Name: native
            Version: 1
            Author: Acme Corp
            Author-email: Acme Corp <oss@acme.example>
            Home-page: https://acme.example/native

            """)
        try directory.write("site-packages/native-1.dist-info/sboms/native.cdx.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [
              {"type": "library", "bom-ref": "r1", "name": "ring", "version": "0.17.8",
               "manufacturer": {"name": "Ring Crypto Org", "url": ["https://ring.example"], "contact": [{"email": "team@ring.example"}]},
               "authors": [{"name": "Brian Smith", "email": "brian@ring.example"}]}]}
            """)
        return (directory, try SBOMTestFixtures.document(directory.path + "/site-packages", name: "sp"))
    }

    @Test func anEmbeddedSBOMsManufacturerIsKeptApartFromItsAuthors() throws {
        let (_, document) = try Self.venvWithEmbeddedManufacturer()
        let ring = try #require(document.packages.first { $0.name == "ring" })
        #expect(ring.manufacturer?.name == "Ring Crypto Org")
        #expect(ring.manufacturer?.url == "https://ring.example")
        #expect(ring.originators.map(\.name) == ["Brian Smith"])

        let json = try CycloneDXJSONEncoder().encode(document, options: SBOMEncodingOptions())
        let bom = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? Object)
        let native = try #require(((bom["components"] as? [Object]) ?? []).first { $0["name"] as? String == "native" })
        let crate = try #require(((native["components"] as? [Object]) ?? []).first { $0["name"] as? String == "ring" })
        let manufacturer = try #require(crate["manufacturer"] as? Object)
        #expect(manufacturer["name"] as? String == "Ring Crypto Org")
        #expect(manufacturer["url"] as? [String] == ["https://ring.example"])
        #expect((manufacturer["contact"] as? [Object])?.first?["email"] as? String == "team@ring.example")
        #expect((crate["authors"] as? [Object])?.map { $0["name"] as? String } == ["Brian Smith"])
        // Read back, it is the component's creator with a contact (BSI Table 9: manufacturer url or email).
        let read = try SBOMReader.read(json, path: "sp.cdx.json")
        let producers = try #require(read.packages.first { $0.name == "ring" }?.evidence?.producers)
        #expect(producers.contains { $0.kind == .organization && $0.name == "Ring Crypto Org" && $0.hasContact })

        // SPDX 2.3 has one originator: the organization.
        let spdx = try SPDXJSONEncoder().encode(document, options: SBOMEncodingOptions())
        let packages = (try JSONSerialization.jsonObject(with: Data(spdx)) as? Object)?["packages"] as? [Object] ?? []
        #expect(packages.first { $0["name"] as? String == "ring" }?["originator"] as? String == "Organization: Ring Crypto Org (team@ring.example)")

        // CycloneDX 1.5 has no component manufacturer: it is named first in `author`.
        let old = try CycloneDXJSONEncoder().encode(document, options: SBOMEncodingOptions(cycloneDXVersion: "1.5"))
        let oldBOM = try #require(try JSONSerialization.jsonObject(with: Data(old)) as? Object)
        let oldNative = ((oldBOM["components"] as? [Object]) ?? []).first { $0["name"] as? String == "native" }
        let oldCrate = ((oldNative?["components"] as? [Object]) ?? []).first { $0["name"] as? String == "ring" }
        #expect(oldCrate?["manufacturer"] == nil)
        #expect(oldCrate?["author"] as? String == "Ring Crypto Org, Brian Smith")
    }

    /// The XSD puts `manufacturer` right after `supplier`, and the organization's `url` after its name.
    @Test func theXMLEncoderWritesItInSchemaOrder() throws {
        let (_, document) = try Self.venvWithEmbeddedManufacturer()
        let xml = String(decoding: try CycloneDXXMLEncoder().encode(document, options: SBOMEncodingOptions()), as: UTF8.self)
        let crate = try #require(xml.range(of: "<name>ring</name>").map { String(xml[..<$0.lowerBound]) })
        let manufacturer = try #require(crate.range(of: "<manufacturer>", options: .backwards))
        let supplier = try #require(crate.range(of: "<supplier>", options: .backwards))
        #expect(supplier.lowerBound < manufacturer.lowerBound)
        #expect(crate[manufacturer.upperBound...].contains("<url>https://ring.example</url>"))
    }

    @Test(.enabled(if: Peers.shouldRun("python")))
    func theOfficialSchemasAcceptIt() throws {
        let (directory, document) = try Self.venvWithEmbeddedManufacturer()
        let python = try Peers.require("python")
        for (kind, bytes) in [("json", try CycloneDXJSONEncoder().encode(document, options: SBOMEncodingOptions())),
                              ("xml", try CycloneDXXMLEncoder().encode(document, options: SBOMEncodingOptions()))] {
            let file = try directory.write("bom.cdx.\(kind)", String(decoding: bytes, as: UTF8.self))
            let result = try CommandRunner.run(python, [Fixtures.path("sbom/validate-cyclonedx.py"), kind, "1.6", file])
            #expect(result.status == 0, "\(kind): \(result.stdout)\(result.stderr)")
        }
    }

    /// Core metadata's Author names whoever wrote it, a person or a group, and Home-page is the project's site;
    /// neither says an organization made it, so the distribution gets authors and a website, no manufacturer.
    @Test func aPyPIAuthorAndHomePageMakeNoManufacturer() throws {
        let (_, document) = try Self.venvWithEmbeddedManufacturer()
        let native = try #require(document.packages.first { $0.name == "native" })
        #expect(native.manufacturer == nil)
        let json = try CycloneDXJSONEncoder().encode(document, options: SBOMEncodingOptions())
        let bom = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? Object)
        let component = try #require(((bom["components"] as? [Object]) ?? []).first { $0["name"] as? String == "native" })
        #expect(component["manufacturer"] == nil)
        #expect((component["authors"] as? [Object])?.first?["email"] as? String == "oss@acme.example")
        #expect((component["externalReferences"] as? [Object])?.contains { $0["type"] as? String == "website" } == true)
    }
}
