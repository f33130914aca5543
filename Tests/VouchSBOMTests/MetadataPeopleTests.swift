import Foundation
import Testing
import VouchCore
@testable import VouchSBOM

/// Suppliers and originators from core metadata: RFC 2047, address lists, UNKNOWN.
@Suite struct MetadataPeopleTests {
    func metadata(_ headers: String) throws -> CoreMetadata {
        try CoreMetadata(parsing: Array((headers + "\n").utf8), path: "METADATA")
    }

    @Test func maintainersAreTheSuppliersAndAuthorsTheOriginators() throws {
        let metadata = try metadata("Metadata-Version: 2.1\nName: x\nVersion: 1\nAuthor: Jane Doe\nAuthor-email: jane@example.com\nMaintainer-email: Bob <bob@example.com>, ops@example.com")
        #expect(MetadataPeople.suppliers(metadata) == [SBOMParty(kind: .person, name: "Bob", email: "bob@example.com"), SBOMParty(kind: .person, email: "ops@example.com")])
        #expect(MetadataPeople.originators(metadata) == [SBOMParty(kind: .person, name: "Jane Doe", email: "jane@example.com")])
    }

    @Test func withoutMaintainersTheAuthorsSupply() throws {
        let metadata = try metadata("Metadata-Version: 2.1\nName: x\nVersion: 1\nAuthor-email: \"Doe, Jane\" <jane@example.com>, The Pallets Team <contact@palletsprojects.com>")
        let suppliers = MetadataPeople.suppliers(metadata)
        #expect(suppliers.map(\.name) == ["Doe, Jane", "The Pallets Team"])
        #expect(suppliers.map(\.kind) == [.person, .organization])
        #expect(suppliers.first?.spdxText == "Person: Doe, Jane (jane@example.com)")
    }

    @Test func rfc2047EncodedWordsAreDecoded() {
        #expect(MetadataPeople.decodeEncodedWords("=?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <j@example.com>") == "Jürgen Müller <j@example.com>")
        #expect(MetadataPeople.decodeEncodedWords("=?UTF-8?B?U8OpYmFzdGllbg==?= =?utf-8?q?_Eustace?=") == "Sébastien Eustace")
        #expect(MetadataPeople.decodeEncodedWords("=?iso-8859-1?q?Andr=E9?=") == "André")
        #expect(MetadataPeople.decodeEncodedWords("plain =?bogus") == "plain =?bogus")
    }

    @Test func unknownAndEmptyNameNoOne() throws {
        let metadata = try metadata("Metadata-Version: 2.1\nName: x\nVersion: 1\nAuthor: UNKNOWN\nAuthor-email: UNKNOWN")
        #expect(MetadataPeople.suppliers(metadata).isEmpty)
        #expect(MetadataPeople.originators(metadata).isEmpty)
    }

    @Test func anAddressWithoutAnAtSignIsKeptAsAName() {
        #expect(MetadataPeople.addresses("Jane <jane at example dot com>") == [SBOMParty(kind: .person, name: "Jane")])
    }

    @Test func theMostPeopleKeptPerFieldIsTheNamedLimit() {
        let many = (0..<(MetadataPeople.maximumPeoplePerField + 10)).map { "p\($0)@example.com" }.joined(separator: ", ")
        #expect(MetadataPeople.people(names: nil, emails: many).count == MetadataPeople.maximumPeoplePerField)
    }
}
