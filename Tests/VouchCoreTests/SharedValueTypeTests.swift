import Testing
import VouchCore

@Suite("shared value types: Base64, WildcardPattern, XMLEscaping, ConcurrentMap, DigestAlgorithm names")
struct SharedValueTypeTests {
    @Test("Base64 matches the RFC 4648 section 10 test vectors both ways")
    func base64Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test("Base64 decodes the URL-safe alphabet and unpadded input, and refuses what is neither")
    func base64Alphabets() {
        #expect(Base64.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64.decode("+/8=") == [0xFB, 0xFF])
        #expect(Base64.decode("Zm9vYg") == Array("foob".utf8))
        for bad in ["Zm9v YmFy", "Z", "Zm=9", "Zm9vYg===", "Zh==", "Zm9*"] { #expect(Base64.decode(bad) == nil, "\(bad)") }
    }

    @Test("WildcardPattern: * spans any run (also /), ? one character, everything else itself")
    func wildcard() {
        #expect(WildcardPattern("refs/tags/v*").matches("refs/tags/v1.2.3"))
        #expect(!WildcardPattern("refs/tags/v*").matches("refs/heads/main"))
        #expect(WildcardPattern("https://github.com/*/gateway").matches("https://github.com/acme/gateway"))
        #expect(WildcardPattern.matches("python3.12", "python3.??"))
        #expect(!WildcardPattern.matches("python3.1", "python3.??"))
        #expect(WildcardPattern.matches("é.txt", "?.txt"), "? is one character, not one byte")
        #expect(WildcardPattern.matches("", "*"))
        #expect(!WildcardPattern.matches("a", ""))
    }

    @Test("XMLEscaping: entities everywhere, quotes and newlines in attributes, unrepresentable characters dropped")
    func xmlEscaping() {
        #expect(XMLEscaping.escape("<a & \"b\">\n") == "&lt;a &amp; \"b\"&gt;\n")
        #expect(XMLEscaping.escape("<a & \"b\">\n", in: .attribute) == "&lt;a &amp; &quot;b&quot;&gt;&#10;")
        #expect(XMLEscaping.escape("x\u{01}\r\u{FFFE}y\t") == "x&#13;y\t")
    }

    @Test("ConcurrentMap returns results in job order whatever order jobs are claimed in")
    func concurrentMapOrder() {
        let squares = ConcurrentMap.map(count: 100, workers: 4, order: Array((0..<100).reversed())) { $0 * $0 }
        #expect(squares == (0..<100).map { $0 * $0 })
        let perWorker = ConcurrentMap.map(count: 10, workers: 3, state: { $0 < 1 ? nil : $0 }) { (_: inout Int, job) in job }
        #expect(perWorker.compactMap { $0 } == Array(0..<10), "a thread without state leaves its jobs to the others")
    }

    @Test("every digest algorithm has its own standard and Sigstore name (no SHA-256 fallback)")
    func digestAlgorithmNames() {
        let standard = DigestAlgorithm.allCases.map(\.standardName)
        let sigstore = DigestAlgorithm.allCases.map(\.sigstoreName)
        #expect(Set(standard).count == DigestAlgorithm.allCases.count)
        #expect(Set(sigstore).count == DigestAlgorithm.allCases.count)
        #expect(DigestAlgorithm.sha384.standardName == "SHA-384" && DigestAlgorithm.sha512.sigstoreName == "SHA2_512")
    }
}
