import Foundation
import Testing
@testable import VouchCrypto

@Suite("PEM bodies holding key material")
struct PEMDocumentTests {
    @Test("takeBody leaves the caller the only reference, so wiping it writes to the key bytes, not a copy")
    func takeBodyIsUnique() {
        var document = PEMDocument(label: "PRIVATE KEY", body: [1, 2, 3, 4])
        var body = document.takeBody()
        #expect(document.body.isEmpty)
        let before = body.withUnsafeBytes { $0.baseAddress }
        // Mutable access copies a shared buffer first; a unique one is written in place.
        body.withUnsafeMutableBytes { raw in raw[0] = 0 }
        let after = body.withUnsafeBytes { $0.baseAddress }
        #expect(before == after)
        #expect(body == [0, 2, 3, 4])
    }

    @Test("the ASCII line splitter splits and trims exactly as Character.isNewline and .whitespaces do", arguments: [
        "", "\n", "a", "a\n", "a\r\nb", "a\rb\n\nc", "\tx  \u{0B}y\u{0C}z ", "a\r\r\nb\r", " -----BEGIN X-----\r\nQUJD\r\n-----END X-----\r\n",
    ])
    func asciiLinesMatchFoundation(_ text: String) throws {
        let expected = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(PEMDocument.asciiLines(Array(text.utf8)) == expected)
    }

    @Test("text that is not ASCII takes Foundation's path")
    func nonASCIIIsNotSplitByBytes() {
        #expect(PEMDocument.asciiLines(Array("caf\u{E9}\u{2028}x".utf8)) == nil)
    }
}
