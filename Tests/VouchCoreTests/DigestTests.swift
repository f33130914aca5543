import Foundation
import Testing
import VouchCore

@Suite("Digest parsing (OCI image-spec descriptor.md, Digests)")
struct DigestTests {
    private let sha256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test("parses and prints a sha256 digest")
    func roundTrip() throws {
        let digest = try Digest(parsing: "sha256:\(sha256Hex)")
        #expect(digest.algorithm == .sha256)
        #expect(digest.hex == sha256Hex)
        #expect(digest.description == "sha256:\(sha256Hex)")
        #expect(digest.bytes.count == 32)
    }

    @Test("parses sha384 and sha512 of the right length")
    func otherAlgorithms() throws {
        #expect(try Digest(parsing: "sha384:" + String(repeating: "ab", count: 48)).algorithm == .sha384)
        #expect(try Digest(parsing: "sha512:" + String(repeating: "0f", count: 64)).algorithm == .sha512)
    }

    @Test("rejects strings outside the grammar as malformed", arguments: [
        "",
        "sha256",
        ":abc",
        "sha256:",
        "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555",
        "sha256:../../etc/passwd",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85/",
        "-sha256:abc",
        "sha256+:abc",
        "sha--256:abc",
        " sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ])
    func rejectsMalformed(string: String) throws {
        let error = try #require(throws: VouchError.self) { try Digest(parsing: string) }
        #expect(error.code == .malformedInput)
    }

    @Test("a well-formed digest of an unknown algorithm is unsupported, not malformed")
    func unknownAlgorithm() throws {
        let error = try #require(throws: VouchError.self) { try Digest(parsing: "blake3:abcdef") }
        #expect(error.code == .unsupportedInput)
        #expect(error.reason.contains("blake3"))
        let multi = try #require(throws: VouchError.self) { try Digest(parsing: "sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564") }
        #expect(multi.code == .unsupportedInput)
    }

    @Test("rejects overlong input before scanning it")
    func overlong() throws {
        let error = try #require(throws: VouchError.self) { try Digest(parsing: "sha256:" + String(repeating: "a", count: 10_000)) }
        #expect(error.reason.contains("the longest accepted is 256"))
    }

    @Test("decodes and encodes as a JSON string, rejecting a bad digest")
    func codable() throws {
        let json = Data(#"{"mediaType":"application/octet-stream","digest":"sha256:\#(sha256Hex)","size":0}"#.utf8)
        let descriptor = try JSONDecoder().decode(Descriptor.self, from: json)
        #expect(descriptor.digest.hex == sha256Hex)
        let bad = Data(#"{"mediaType":"x","digest":"sha256:../../x","size":0}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Descriptor.self, from: bad) }
    }

    @Test("a descriptor with a negative size does not decode")
    func negativeSize() throws {
        let json = Data(#"{"mediaType":"x","digest":"sha256:\#(sha256Hex)","size":-1}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Descriptor.self, from: json) }
    }

    @Test("hex encodes lowercase and decodes either case")
    func hex() {
        #expect(Hex.encode([0x00, 0xab, 0xff]) == "00abff")
        #expect(Hex.decode("00ABff") == [0x00, 0xab, 0xff])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}
