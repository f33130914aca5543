#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses over the document's bytes in place (no bounds-checked array access in the inner loops): a
/// PEP 770 SBOM is megabytes, mostly indentation and short strings.
struct JSONTapeParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0
    var tokens: [JSONTape.Token] = []
    /// The key tokens of the objects being parsed, innermost last (one shared stack, no array per object).
    private var keys: [Int] = []

    /// Objects with more members than this check duplicates with a set instead of pairwise.
    private static let pairwiseKeyLimit = 16

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func fail(_ why: String, at offset: Int? = nil) -> JSONParseFailure {
        JSONParseFailure(offset: offset ?? index, reason: why)
    }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    mutating func skipWhitespace() {
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
    }

    mutating func value(depth: Int) throws(JSONParseFailure) {
        guard index < bytes.count else { throw fail("unexpected end of document") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object(depth: depth + 1)
        case UInt8(ascii: "["): try array(depth: depth + 1)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true", .bool)
        case UInt8(ascii: "f"): try literal("false", .bool)
        case UInt8(ascii: "n"): try literal("null", .null)
        default:
            let start = index
            try number()
            tokens.append(JSONTape.Token(kind: .number, escaped: false, start: UInt32(start), end: UInt32(index)))
        }
    }

    private func checkDepth(_ depth: Int) throws(JSONParseFailure) {
        if depth > maxDepth {
            var failure = fail("nesting too deep")
            failure.depth = (maxDepth, depth)
            throw failure
        }
    }

    private mutating func object(depth: Int) throws(JSONParseFailure) {
        try checkDepth(depth)
        index += 1
        let container = open(.object)
        let firstKey = keys.count
        defer { keys.removeSubrange(firstKey...) }
        var seen: Set<[UInt8]>?
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return close(container) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let keyOffset = index
            try string()
            let key = tokens.count - 1
            if isDuplicate(key, firstKey: firstKey, seen: &seen) {
                let name = String(decoding: keyBytes(key), as: UTF8.self)
                var failure = fail("duplicate key '\(name)'", at: keyOffset)
                failure.reversedPath = [.key(name)]
                throw failure
            }
            keys.append(key)
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
            index += 1
            skipWhitespace()
            do throws(JSONParseFailure) {
                try value(depth: depth)
            } catch {
                var failure = error
                failure.reversedPath.append(.key(String(decoding: keyBytes(key), as: UTF8.self)))
                throw failure
            }
            skipWhitespace()
            guard index < bytes.count else { throw fail("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "}") else { throw fail("expected ',' or '}' in an object") }
            index += 1
            return close(container)
        }
    }

    private mutating func array(depth: Int) throws(JSONParseFailure) {
        try checkDepth(depth)
        index += 1
        let container = open(.array)
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return close(container) }
        var position = 0
        while true {
            skipWhitespace()
            do throws(JSONParseFailure) {
                try value(depth: depth)
            } catch {
                var failure = error
                failure.reversedPath.append(.index(position))
                throw failure
            }
            position += 1
            skipWhitespace()
            guard index < bytes.count else { throw fail("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in an array") }
            index += 1
            return close(container)
        }
    }

    /// The unescaped bytes of a key token.
    private func keyBytes(_ key: Int) -> [UInt8] {
        let token = tokens[key]
        let range = Int(token.start)..<Int(token.end)
        return token.escaped ? Self.unescape(bytes, range) : Array(bytes[range])
    }

    /// Small objects compare the new key with each earlier one (no allocation: most objects have a few
    /// members); larger ones keep a set, so a hostile object with a million members stays linear.
    private func isDuplicate(_ key: Int, firstKey: Int, seen: inout Set<[UInt8]>?) -> Bool {
        let count = keys.count - firstKey
        if count < Self.pairwiseKeyLimit {
            let token = tokens[key]
            for earlier in keys[firstKey...] {
                let other = tokens[earlier]
                if !token.escaped && !other.escaped {
                    guard token.end - token.start == other.end - other.start else { continue }
                    let range = Int(token.start)..<Int(token.end)
                    if UnsafeBufferPointer(rebasing: bytes[range]).elementsEqual(UnsafeBufferPointer(rebasing: bytes[Int(other.start)..<Int(other.end)])) {
                        return true
                    }
                } else if keyBytes(key) == keyBytes(earlier) {
                    return true
                }
            }
            return false
        }
        if seen == nil { seen = Set(keys[firstKey...].map { keyBytes($0) }) }
        return !seen!.insert(keyBytes(key)).inserted
    }

    private mutating func open(_ kind: JSONValue.Kind) -> Int {
        tokens.append(JSONTape.Token(kind: kind, escaped: false, start: UInt32(index - 1), end: 0))
        return tokens.count - 1
    }

    private mutating func close(_ container: Int) {
        tokens[container].end = UInt32(tokens.count)
    }

    /// RFC 8259 section 6: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    mutating func number() throws(JSONParseFailure) {
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid value") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("a fraction needs digits") }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("an exponent needs digits") }
            skipDigits()
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    mutating func literal(_ word: StaticString, _ kind: JSONValue.Kind) throws(JSONParseFailure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("invalid literal") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw fail("invalid literal") }
        tokens.append(JSONTape.Token(kind: kind, escaped: false, start: UInt32(index), end: UInt32(index + count)))
        index += count
    }

    /// A string starting at its opening quote: checks its escapes, control characters and UTF-8, and
    /// records where it lies. The closing quote and each backslash are found with memchr, which scans many
    /// bytes per step; every byte is looked at a bounded number of times, however many escapes there are.
    mutating func string() throws(JSONParseFailure) {
        index += 1
        let start = index
        var escaped = false
        guard let base = bytes.baseAddress else { throw fail("unterminated string") }
        func find(_ byte: UInt8, from: Int, to: Int) -> Int? {
            memchr(base + from, Int32(byte), to - from).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
        }
        var quote = -1  // the next unescaped-looking quote at or after index, once searched for
        while true {
            if quote < index {
                guard let found = find(UInt8(ascii: "\""), from: index, to: bytes.count) else { throw fail("unterminated string") }
                quote = found
            }
            let segmentEnd = find(UInt8(ascii: "\\"), from: index, to: quote) ?? quote
            try checkText(index..<segmentEnd)
            if segmentEnd == quote {
                tokens.append(JSONTape.Token(kind: .string, escaped: escaped, start: UInt32(start), end: UInt32(quote)))
                index = quote + 1
                return
            }
            // An escape before the quote (which may itself be the escaped character).
            escaped = true
            index = segmentEnd + 1
            guard index < bytes.count else { throw fail("unterminated string") }
            switch bytes[index] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                index += 1
            case UInt8(ascii: "u"):
                let escapeStart = index - 1
                guard let unit = hex4(at: index + 1) else { throw fail("invalid \\u escape", at: escapeStart) }
                index += 5
                if (0xDC00..<0xE000).contains(unit) { throw fail("lone low surrogate \\u\(Hex.encode([UInt8(unit >> 8), UInt8(unit & 0xFF)]))", at: escapeStart) }
                if (0xD800..<0xDC00).contains(unit) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                          let low = hex4(at: index + 2), (0xDC00..<0xE000).contains(low)
                    else { throw fail("lone high surrogate \\u\(Hex.encode([UInt8(unit >> 8), UInt8(unit & 0xFF)]))", at: escapeStart) }
                    index += 6
                }
            default:
                throw fail("invalid escape '\\\(Character(Unicode.Scalar(bytes[index])))'", at: index - 1)
            }
        }
    }

    private func hex4(at start: Int) -> UInt32? {
        guard start + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in start..<(start + 4) {
            guard let digit = Hex.value(bytes[offset]) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// RFC 8259 section 7: control characters must be escaped; section 8.1: the text is UTF-8 (RFC 3629
    /// well-formed sequences only: no overlong forms, no surrogates, nothing above U+10FFFF).
    private mutating func checkText(_ range: Range<Int>) throws(JSONParseFailure) {
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            let byte = bytes[cursor]
            if byte >= 0x20 && byte < 0x80 { cursor += 1; continue }
            if byte < 0x20 { throw fail("control character in a string", at: cursor) }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: throw fail("invalid UTF-8", at: cursor)
            }
            guard cursor + length <= range.upperBound else { throw fail("invalid UTF-8", at: cursor) }
            let second = bytes[cursor + 1]
            guard second >= lower && second <= upper else { throw fail("invalid UTF-8", at: cursor) }
            for offset in 2..<max(length, 2) where bytes[cursor + offset] & 0xC0 != 0x80 { throw fail("invalid UTF-8", at: cursor) }
            cursor += length
        }
    }

    /// A string's text with escapes decoded and `\u` surrogate pairs joined (the parser checked them).
    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var cursor = range.lowerBound
        func hex4(_ start: Int) -> UInt32 {
            var value: UInt32 = 0
            for offset in start..<(start + 4) { value = value << 4 | UInt32(Hex.value(bytes[offset]) ?? 0) }
            return value
        }
        while cursor < range.upperBound {
            let byte = bytes[cursor]
            cursor += 1
            guard byte == UInt8(ascii: "\\") else { out.append(byte); continue }
            let escape = bytes[cursor]
            cursor += 1
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(cursor)
                cursor += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (hex4(cursor + 2) - 0xDC00)
                    cursor += 6
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: out.append(escape)  // " \ /: the parser let no other escape through
            }
        }
        return out
    }
}
