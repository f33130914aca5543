public import VouchCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value in a parsed JSON document (RFC 8259), for reading embedded SBOMs and `direct_url.json`.
///
/// The parser checks the whole document once and records where every value lies (a "tape", as simdjson
/// does); a node is a position on that tape, and strings and numbers are decoded only when asked for. A
/// PEP 770 SBOM is megabytes of JSON of which a reader wants a few fields per component, so building a
/// tree of boxed values (one allocation per string, array and object) cost more than everything else.
public struct JSONNode: Sendable {
    public enum Kind: UInt8, Sendable {
        case object, array, string, number, bool, null
    }

    /// The deepest nesting accepted (untrusted input).
    public static let maximumDepth = 256

    private let tape: JSONTape
    private let index: Int

    /// Parses `bytes`, the contents of `path` (named in errors).
    public init(parsing bytes: [UInt8], path: String) throws(VouchError) {
        tape = try JSONTape(parsing: bytes, path: path)
        index = 0
    }

    private init(tape: JSONTape, index: Int) {
        self.tape = tape
        self.index = index
    }

    public var kind: Kind { tape.tokens[index].kind }

    /// The member `key` of an object (the first, when a key repeats); nil for a missing key or a non-object.
    public subscript(key: String) -> JSONNode? {
        guard kind == .object else { return nil }
        var key = key
        return key.withUTF8 { wanted in
            var member = index + 1
            let end = Int(tape.tokens[index].end)
            while member < end {
                if tape.stringEquals(member, wanted) { return JSONNode(tape: tape, index: member + 1) }
                member = tape.next(member + 1)
            }
            return nil
        }
    }

    public var string: String? {
        kind == .string ? tape.decodeString(index) : nil
    }

    /// The items of an array; nil for a non-array.
    public var array: [JSONNode]? {
        guard kind == .array else { return nil }
        var items: [JSONNode] = []
        var item = index + 1
        let end = Int(tape.tokens[index].end)
        while item < end {
            items.append(JSONNode(tape: tape, index: item))
            item = tape.next(item)
        }
        return items
    }

    public var number: Double? {
        guard kind == .number else { return nil }
        let token = tape.tokens[index]
        return Double(String(decoding: tape.bytes[Int(token.start)..<Int(token.end)], as: UTF8.self))
    }

    public var bool: Bool? {
        guard kind == .bool else { return nil }
        return tape.bytes[Int(tape.tokens[index].start)] == UInt8(ascii: "t")
    }

    public var isNull: Bool { kind == .null }
}

/// The bytes of a document and one token per value and object key, in document order.
private final class JSONTape: Sendable {
    struct Token {
        var kind: JSONNode.Kind
        /// A string with backslash escapes, decoded the slow way.
        var escaped: Bool
        /// Strings: the byte after the opening quote; numbers, literals: the first byte.
        var start: UInt32
        /// Strings: the closing quote; numbers, literals: the byte after; containers: the token after the
        /// container's last descendant.
        var end: UInt32
    }

    let bytes: [UInt8]
    let tokens: [Token]

    init(parsing bytes: [UInt8], path: String) throws(VouchError) {
        guard bytes.count < Int(UInt32.max) else {
            throw VouchError.limitExceeded("maximumBytes", limit: Int64(UInt32.max) - 1, found: Int64(bytes.count), path: path, what: "JSON size")
        }
        tokens = try bytes.withUnsafeBufferPointer { buffer throws(VouchError) in
            var parser = JSONTapeParser(bytes: buffer, path: path)
            parser.tokens.reserveCapacity(buffer.count / 12)
            parser.skipWhitespace()
            try parser.value(depth: 0)
            parser.skipWhitespace()
            guard parser.index == buffer.count else { throw parser.fail("unexpected text after the JSON value") }
            return parser.tokens
        }
        self.bytes = bytes
    }

    /// The token after the value at `index` and all it contains.
    func next(_ index: Int) -> Int {
        let token = tokens[index]
        return token.kind == .object || token.kind == .array ? Int(token.end) : index + 1
    }

    func stringEquals(_ index: Int, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        let token = tokens[index]
        if token.escaped { return Array(decodeString(index).utf8).elementsEqual(wanted) }
        let start = Int(token.start)
        let count = Int(token.end) - start
        guard count == wanted.count else { return false }
        return bytes[start..<(start + count)].elementsEqual(wanted)
    }

    /// A string's text: escapes decoded, `\u` surrogate pairs joined, lone surrogates and invalid UTF-8
    /// replaced by U+FFFD.
    func decodeString(_ index: Int) -> String {
        let token = tokens[index]
        let range = Int(token.start)..<Int(token.end)
        guard token.escaped else { return String(decoding: bytes[range], as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var cursor = range.lowerBound
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
                var scalar = Self.hex4(bytes, at: cursor)
                cursor += 4
                if (0xD800..<0xDC00).contains(scalar), cursor + 6 <= range.upperBound, bytes[cursor] == UInt8(ascii: "\\"),
                   bytes[cursor + 1] == UInt8(ascii: "u") {
                    let low = Self.hex4(bytes, at: cursor + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        cursor += 6
                    }
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: out.append(escape)  // " \ /: the parser let no other escape through
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Four hex digits the parser already checked.
    static func hex4(_ bytes: [UInt8], at start: Int) -> UInt32 {
        var value: UInt32 = 0
        for byte in bytes[start..<(start + 4)] { value = value << 4 | UInt32(Hex.value(byte) ?? 0) }
        return value
    }
}

/// Parses over the document's bytes in place (no bounds-checked array access in the inner loops): a
/// PEP 770 SBOM is megabytes, mostly indentation and short strings.
private struct JSONTapeParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let path: String
    var index = 0
    var tokens: [JSONTape.Token] = []

    init(bytes: UnsafeBufferPointer<UInt8>, path: String) {
        self.bytes = bytes
        self.path = path
    }

    func fail(_ why: String) -> VouchError {
        VouchError(.malformedInput, "invalid JSON at byte \(index): \(why)", path: path)
    }

    mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
    }

    mutating func value(depth: Int) throws(VouchError) {
        guard depth < JSONNode.maximumDepth else {
            throw VouchError.limitExceeded("maximumDepth", limit: Int64(JSONNode.maximumDepth), found: Int64(depth + 1), path: path, what: "JSON nesting depth")
        }
        guard index < bytes.count else { throw fail("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            let container = open(.object)
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return close(container) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                try string()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                index += 1
                skipWhitespace()
                try value(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else { throw fail("unterminated object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
                index += 1
                return close(container)
            }
        case UInt8(ascii: "["):
            index += 1
            let container = open(.array)
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return close(container) }
            while true {
                skipWhitespace()
                try value(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else { throw fail("unterminated array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
                index += 1
                return close(container)
            }
        case UInt8(ascii: "\""):
            try string()
        case UInt8(ascii: "t"): try literal("true", .bool)
        case UInt8(ascii: "f"): try literal("false", .bool)
        case UInt8(ascii: "n"): try literal("null", .null)
        default:
            let start = index
            try number()
            tokens.append(JSONTape.Token(kind: .number, escaped: false, start: UInt32(start), end: UInt32(index)))
        }
    }

    private mutating func open(_ kind: JSONNode.Kind) -> Int {
        tokens.append(JSONTape.Token(kind: kind, escaped: false, start: UInt32(index - 1), end: 0))
        return tokens.count - 1
    }

    private mutating func close(_ container: Int) {
        tokens[container].end = UInt32(tokens.count)
    }

    /// RFC 8259 section 6: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    mutating func number() throws(VouchError) {
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw fail("unexpected character") }
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

    mutating func literal(_ word: StaticString, _ kind: JSONNode.Kind) throws(VouchError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("unexpected end") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw fail("unexpected character") }
        tokens.append(JSONTape.Token(kind: kind, escaped: false, start: UInt32(index), end: UInt32(index + count)))
        index += count
    }

    /// A string starting at its opening quote: checks its escapes and control characters and records
    /// where it lies. The closing quote and each backslash are found with memchr, which scans many bytes
    /// per step; every byte is looked at a bounded number of times, however many escapes there are.
    mutating func string() throws(VouchError) {
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
            // RFC 8259 section 7: control characters must be escaped.
            if let control = bytes[index..<segmentEnd].firstIndex(where: { $0 < 0x20 }) {
                index = control
                throw fail("unescaped control character in a string")
            }
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
                index += 1
                guard index + 4 <= bytes.count else { throw fail("short \\u escape") }
                for byte in bytes[index..<(index + 4)] where Hex.value(byte) == nil { throw fail("bad hex digit in \\u escape") }
                index += 4
            default: throw fail("invalid escape")
            }
        }
    }
}
