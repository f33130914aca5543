import Foundation
import PropertyBased
import Testing
import VouchCore

/// Properties of the pure encodings and the wildcard matcher over generated inputs (issue 19).
@Suite("properties: Base64 and hex round trips, WildcardPattern against a reference matcher")
struct EncodingPropertyTests {
    static let bytes = Gen.uint8().array(of: 0...96)

    @Test("Base64: decode(encode(b)) is b, Foundation reads the same bytes, and the URL-safe unpadded form decodes too")
    func base64RoundTrip() async {
        await propertyCheck(count: 500, input: Self.bytes) { bytes in
            let encoded = Base64.encode(bytes)
            #expect(encoded.utf8.count == (bytes.count + 2) / 3 * 4)
            #expect(Base64.decode(encoded) == bytes)
            #expect(Data(base64Encoded: encoded).map(Array.init) == bytes)
            let urlSafe = String(encoded.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 }.filter { $0 != "=" })
            #expect(Base64.decode(urlSafe) == bytes)
            #expect(Base64.encode(Base64.decode(encoded) ?? []) == encoded)
        }
    }

    @Test("Base64: a character outside both alphabets anywhere in an encoding is refused")
    func base64RefusesStrayCharacters() async {
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 1...48), Gen.int(in: 0...1000), Gen<Character?>.element(of: Array(" .*!\n\t#%\"\\é"))) { bytes, position, stray in
            var encoded = Array(Base64.encode(bytes))
            encoded.insert(stray ?? " ", at: position % (encoded.count + 1))
            #expect(Base64.decode(String(encoded)) == nil, "\(String(encoded))")
        }
    }

    @Test("Hex: decode(encode(b)) is b, the encoding is lowercase and twice as long, uppercase decodes the same")
    func hexRoundTrip() async {
        await propertyCheck(count: 500, input: Self.bytes) { bytes in
            let encoded = Hex.encode(bytes)
            #expect(encoded.utf8.count == bytes.count * 2)
            #expect(encoded.utf8.allSatisfy(Hex.isLowercaseHexDigit))
            #expect(Hex.decode(encoded) == bytes)
            #expect(Hex.decode(encoded.uppercased()) == bytes)
            if !encoded.isEmpty {
                #expect(Hex.decode(String(encoded.dropLast())) == nil, "odd length")
                #expect(Hex.decode("g" + encoded.dropFirst()) == nil, "a non-hex digit")
            }
        }
    }

    /// fnmatch(3) without brackets, by dynamic programming over (pattern prefix, text prefix).
    static func referenceMatch(_ text: String, _ pattern: String) -> Bool {
        let t = Array(text.unicodeScalars), p = Array(pattern.unicodeScalars)
        var row = [Bool](repeating: false, count: t.count + 1)
        row[0] = true
        for symbol in p {
            var next = [Bool](repeating: false, count: t.count + 1)
            if symbol == "*" {
                var any = false
                for j in 0...t.count {
                    any = any || row[j]
                    next[j] = any
                }
            } else {
                for j in 0..<t.count where row[j] && (symbol == "?" || symbol == t[j]) { next[j + 1] = true }
            }
            row = next
        }
        return row[t.count]
    }

    static let patternText = Gen<Character?>.element(of: Array("ab*?/é")).map { $0 ?? "a" }.string(of: 0...10)
    static let subjectText = Gen<Character?>.element(of: Array("ab/é")).map { $0 ?? "a" }.string(of: 0...12)

    @Test("WildcardPattern agrees with a reference fnmatch on generated patterns and texts")
    func wildcardMatchesReference() async {
        await propertyCheck(count: 2000, input: Self.patternText, Self.subjectText) { pattern, text in
            #expect(WildcardPattern(pattern).matches(text) == Self.referenceMatch(text, pattern), "'\(pattern)' ~ '\(text)'")
        }
    }

    @Test("WildcardPattern: a pattern without wildcards matches exactly itself; '*' matches everything")
    func wildcardLiteralsAndStar() async {
        await propertyCheck(count: 300, input: Self.subjectText, Self.subjectText) { a, b in
            #expect(WildcardPattern(a).matches(b) == (a == b))
            #expect(WildcardPattern("*").matches(a))
            #expect(WildcardPattern(a + "*").matches(a + b))
            #expect(WildcardPattern(String(repeating: "?", count: a.unicodeScalars.count)).matches(a))
        }
    }
}
