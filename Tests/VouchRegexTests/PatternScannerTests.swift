import Foundation
import Testing
import VouchCore
import VouchRegex
import VouchTestSupport

@Suite struct PatternScannerTests {
    func scan(_ patterns: [ScanPattern], _ text: String, cache: String? = nil) throws -> [PatternMatch] {
        let database = try PatternDatabase(patterns: patterns, cacheDirectory: cache)
        return try PatternScanner(database: database).scan(Array(text.utf8))
    }

    @Test func overlappingHitsGiveLeftmostNonOverlappingMatches() throws {
        // Vectorscan reports every end offset of [a-z]{4} in a run of 10 letters; PCRE2 alone finds 0..<4, 4..<8.
        let matches = try scan([ScanPattern(name: "four", regex: "[a-z]{4}")], "abcdefghij")
        #expect(matches.map(\.range) == [0..<4, 4..<8])
    }

    @Test func captureGroupsAreExtracted() throws {
        let matches = try scan([ScanPattern(name: "kv", regex: #"key=([0-9]{3})(x)?"#)], "a key=123 b key=456x")
        #expect(matches.count == 2)
        #expect(matches[0].groups == [6..<9, nil])
        #expect(matches[1].groups == [16..<19, 19..<20])
    }

    @Test func patternsVectorscanCannotTakeRunAsPrefilterAndStayExact() throws {
        let database = try PatternDatabase(patterns: [
            ScanPattern(name: "backreference", regex: #"(a{1,3})b\1"#),
            ScanPattern(name: "lookahead", regex: #"foo(?=bar)"#),
        ], cacheDirectory: nil)
        #expect(database.prefilteredPatterns.contains(0))
        let matches = try PatternScanner(database: database).scan(Array("aaba aabaa foobaz foobar".utf8))
        #expect(matches.filter { $0.pattern == 0 }.map(\.range) == [1..<4, 5..<10])
        #expect(matches.filter { $0.pattern == 1 }.map(\.range) == [18..<21])
    }

    @Test func unboundedPatternsStillMatchExactly() throws {
        let database = try PatternDatabase(patterns: [ScanPattern(name: "plus", regex: "x[0-9]+y")], cacheDirectory: nil)
        #expect(database.maximumWidth(ofPattern: 0) == nil)
        let matches = try PatternScanner(database: database).scan(Array("x12y x3 x456y".utf8))
        #expect(matches.map(\.range) == [0..<4, 8..<13])
    }

    @Test func boundedPatternsHaveAMaximumWidth() throws {
        let database = try PatternDatabase(patterns: [ScanPattern(name: "b", regex: "ab[0-9]{2,5}")], cacheDirectory: nil)
        #expect(database.maximumWidth(ofPattern: 0) == 7)
    }

    @Test func requiredLiteralsGateMatches() throws {
        let patterns = [
            ScanPattern(name: "token", regex: "[0-9]{6}", requiredLiterals: [1]),
            ScanPattern(name: "keyword", caselessLiteral: "PIN"),
        ]
        #expect(try scan(patterns, "code 123456").isEmpty)
        #expect(try scan(patterns, "code 123456 (pin)").map(\.range) == [5..<11])
    }

    @Test func requiredLiteralsAreLookedForAnywhereIgnoringASCIICase() throws {
        let patterns = [
            ScanPattern(name: "keyword", caselessLiteral: "_authToken"),
            ScanPattern(name: "token", regex: "tok-[0-9]{4}", requiredLiterals: [0, 2]),
            ScanPattern(name: "other keyword", caselessLiteral: "npm"),
        ]
        // The regex's id in Vectorscan is its pattern index, though a literal comes first.
        #expect(try scan(patterns, "tok-1234 //r/:_AUTHTOKEN=").map(\.pattern) == [1])
        #expect(try scan(patterns, "NpM tok-1234").map(\.range) == [4..<12])
        // `_` is not a letter: no case folding makes `_authtoken` from `\x7fauthtoken`.
        #expect(try scan(patterns, "\u{7F}authtoken tok-1234 _auth token").isEmpty)
        #expect(try scan(patterns, "tok-1234 n p m").isEmpty)
    }

    @Test func aDatabaseOfLiteralsOnlyScansToNothingAndIsCached() throws {
        let directory = try TemporaryDirectory("vouch-regex-literals")
        let patterns = [ScanPattern(name: "keyword", caselessLiteral: "pin")]
        let first = try PatternDatabase(patterns: patterns, cacheDirectory: directory.path)
        #expect(first.cacheWriteFailure == nil)
        let second = try PatternDatabase(patterns: patterns, cacheDirectory: directory.path)
        #expect(second.loadedFromCache)
        #expect(try PatternScanner(database: second).scan(Array("pin 1234".utf8)).isEmpty)
    }

    @Test func aBrokenRegexAfterALiteralIsNamed() throws {
        #expect {
            _ = try PatternDatabase(patterns: [ScanPattern(name: "keyword", caselessLiteral: "pin"), ScanPattern(name: "broken-rule", regex: "([a-z")],
                                    cacheDirectory: nil)
        } throws: { error in
            (error as? VouchError)?.reason.contains("broken-rule") == true
        }
    }

    @Test func compiledDatabaseIsCachedAndACorruptCacheIsRecompiled() throws {
        let directory = try TemporaryDirectory("vouch-regex-cache")
        let patterns = [ScanPattern(name: "p", regex: "secret-[0-9]{4}")]
        let first = try PatternDatabase(patterns: patterns, cacheDirectory: directory.path)
        #expect(!first.loadedFromCache)
        let second = try PatternDatabase(patterns: patterns, cacheDirectory: directory.path)
        #expect(second.loadedFromCache)
        #expect(try PatternScanner(database: second).scan(Array("x secret-1234".utf8)).map(\.range) == [2..<13])
        let file = directory.path + "/patterns-\(first.rulesetHash).hsdb"
        try Data("VOUCHHS1garbage".utf8).write(to: URL(fileURLWithPath: file))
        let third = try PatternDatabase(patterns: patterns, cacheDirectory: directory.path)
        #expect(!third.loadedFromCache)
        #expect(try PatternScanner(database: third).scan(Array("secret-9876".utf8)).count == 1)
    }

    @Test func aRegexThatDoesNotCompileNamesItsPattern() throws {
        #expect {
            _ = try PatternDatabase(patterns: [ScanPattern(name: "broken-rule", regex: "([a-z")], cacheDirectory: nil)
        } throws: { error in
            (error as? VouchError)?.reason.contains("broken-rule") == true
        }
    }

    @Test func byteRegexMatchesAnywhere() throws {
        let regex = try ByteRegex(#"^(?i)example$"#, name: "t")
        #expect(regex.matches("EXAMPLE"))
        #expect(!regex.matches("an example"))
    }

    /// The pipeline (Vectorscan hits, PCRE2 confirming near each hit) must report exactly what PCRE2
    /// alone reports, for every pattern, on text built to have overlapping and adjacent candidates.
    @Test func matchesAreExactlyThoseOfPCRE2Alone() throws {
        let expressions = [
            #"[a-z]{4,8}"#, #"\b[0-9]{3}\b"#, #"ab|abc|b"#, #"(?i)key[=:]\s{0,2}([a-z0-9]{6,10})"#,
            #"x[0-9]{1,3}y?"#, #"(a{1,2})b\1"#, #"[0-9a-f]{8}(?=[^0-9a-f])"#, #"q[^q]{0,5}q"#,
        ]
        let patterns = expressions.enumerated().map { ScanPattern(name: "p\($0.offset)", regex: $0.element) }
        let database = try PatternDatabase(patterns: patterns, cacheDirectory: nil)
        let scanner = try PatternScanner(database: database)
        let references = try expressions.map { try ByteRegex($0, name: "reference") }
        var generator = SplitMix(state: 20260102)
        let alphabet = Array("aabbcxyq0123456789ef=: KEY\n".utf8)
        for _ in 0..<200 {
            let text = (0..<Int.random(in: 0...300, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let matches = try scanner.scan(text)
            for (index, reference) in references.enumerated() {
                let got = matches.filter { $0.pattern == index }.map(\.range)
                let want = reference.allMatches(in: text)
                #expect(got == want, "pattern \(expressions[index]) on \(String(decoding: text, as: UTF8.self).debugDescription)")
                if got != want { return }
            }
        }
    }
}

/// A seeded generator, so a failing input can be reproduced.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
