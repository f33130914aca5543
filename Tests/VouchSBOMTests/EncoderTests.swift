import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchTestSupport
@testable import VouchSBOM

@Suite struct EncoderTests {
    private static let goldenNames: [SBOMFormat: String] = [
        .spdxJSON: "sbom/edge-venv.spdx.json", .spdxTagValue: "sbom/edge-venv.spdx",
        .cycloneDXJSON: "sbom/edge-venv.cdx.json", .cycloneDXXML: "sbom/edge-venv.cdx.xml",
    ]

    @Test func everyFormatHasOneRegisteredEncoder() {
        #expect(SBOMEncoders.all.map(\.format) == SBOMFormat.allCases)
    }

    @Test(arguments: SBOMFormat.allCases)
    func edgeVenvMatchesTheGoldenFile(format: SBOMFormat) throws {
        let document = try SBOMTestFixtures.document(SBOMTestFixtures.edgeVenv, name: "edge-venv")
        Golden.assertMatches(try SBOMGenerator.encodeText(document, as: format), named: Self.goldenNames[format]!)
    }

    @Test func debianRootMatchesTheGoldenFile() throws {
        let document = try SBOMTestFixtures.document(SBOMTestFixtures.debianRoot, name: "debian-root")
        Golden.assertMatches(try SBOMGenerator.encodeText(document, as: .cycloneDXJSON), named: "sbom/debian-root.cdx.json")
    }

    @Test(arguments: SBOMFormat.allCases)
    func theSameInputGivesByteIdenticalOutput(format: SBOMFormat) throws {
        let first = try SBOMGenerator.encodeText(try SBOMTestFixtures.document(SBOMTestFixtures.edgeVenv, name: "edge-venv"), as: format)
        let second = try SBOMGenerator.encodeText(try SBOMTestFixtures.document(SBOMTestFixtures.edgeVenv, name: "edge-venv"), as: format)
        #expect(first == second)
    }

    @Test func theSerialNumberFollowsTheContent() throws {
        var document = try SBOMTestFixtures.document(SBOMTestFixtures.edgeVenv, name: "edge-venv")
        let before = CycloneDXDocumentModel(document, options: SBOMEncodingOptions()).serialNumber
        document.packages[0].version = "9.9"
        let after = CycloneDXDocumentModel(document, options: SBOMEncodingOptions()).serialNumber
        #expect(before != after)
        #expect(before.hasPrefix("urn:uuid:"))
        // UUIDv5: version nibble 5, RFC 4122 variant.
        let uuid = Array(before.dropFirst("urn:uuid:".count))
        #expect(uuid[14] == "5")
        #expect("89ab".contains(uuid[19]))
    }

    @Test func sha1MatchesFIPS180Vectors() {
        #expect(Hex.encode(SHA1.digest(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Hex.encode(SHA1.digest([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(Hex.encode(SHA1.digest(Array(String(repeating: "a", count: 1000).utf8))) == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
    }

    @Test func uuidV5MatchesRFC9562() {
        // Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com")
        #expect(UUIDv5.make(bytes: Array("https://example.com".utf8)) == "4fd35a71-71ef-5a55-a9d9-aa75c889a6d0")
    }

    @Test func timeComesFromTheInjectedClock() throws {
        let document = try SBOMTestFixtures.document(SBOMTestFixtures.edgeVenv, name: "edge-venv")
        #expect(try SBOMGenerator.encodeText(document, as: .spdxJSON).contains("\"created\": \"2026-01-02T03:04:05Z\""))
        #expect(SBOMDocument.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(SBOMDocument.timestamp(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
    }

    @Test func cycloneDX15IsWrittenOnRequest() throws {
        let document = try SBOMTestFixtures.document(SBOMTestFixtures.edgeVenv, name: "edge-venv")
        let json = try SBOMGenerator.encodeText(document, as: .cycloneDXJSON, options: SBOMEncodingOptions(cycloneDXVersion: "1.5"))
        #expect(json.contains("\"specVersion\": \"1.5\""))
        let xml = try SBOMGenerator.encodeText(document, as: .cycloneDXXML, options: SBOMEncodingOptions(cycloneDXVersion: "1.5"))
        #expect(xml.contains("xmlns=\"http://cyclonedx.org/schema/bom/1.5\""))
    }

    @Test func jsonWriterLaysOutNestedAndEmptyContainers() {
        var json = JSONWriter()
        json.beginObject()
        json.member("a", "x")
        json.array("empty", [String](), omitWhenEmpty: false) { json, item in json.string(item) }
        json.array("omitted", [String]()) { json, item in json.string(item) }
        json.object("o") { _ in }
        json.array("list", [1, 2]) { json, item in json.object { json in json.member("n", item) } }
        json.member("none", nil as String?)
        json.member("t", true)
        json.endObject()
        #expect(String(decoding: json.finish(), as: UTF8.self) == """
            {
              "a": "x",
              "empty": [],
              "o": {},
              "list": [
                {
                  "n": 1
                },
                {
                  "n": 2
                }
              ],
              "t": true
            }

            """)
    }

    @Test func jsonAndXMLEscapeHostileText() {
        #expect(JSONString.quote("a\"b\\c\n\u{01}") == "\"a\\\"b\\\\c\\n\\u0001\"")
        #expect(XMLWriter.escape("<a & \"b\">\u{01}", attribute: true) == "&lt;a &amp; &quot;b&quot;&gt;")
    }
}
