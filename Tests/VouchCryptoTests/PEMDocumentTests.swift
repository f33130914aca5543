import Testing
import VouchCrypto

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
}
