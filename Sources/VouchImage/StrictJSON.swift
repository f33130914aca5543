public import VouchCore

/// A strict JSON (RFC 8259) well-formedness check run before a document is decoded, because
/// Foundation's decoder silently keeps the last of duplicate keys: two readers of the same manifest
/// could then see different layers. RFC 8259 section 4 says names "SHOULD be unique"; OCI image-spec
/// considerations.md asks implementations to reject duplicates, and Vouch does.
///
/// Checks grammar, UTF-8, duplicate keys (compared after unescaping, so `"a"` and `"\u0061"` collide)
/// and nesting depth against ``ImageLimits/maxJSONDepth``.
public struct StrictJSON {
    private let bytes: [UInt8]
    private let name: String
    private let maxDepth: Int
    private var offset = 0

    /// Throws a ``VouchError`` naming `name` and the byte offset of the first problem.
    public static func validate(_ bytes: [UInt8], name: String, maxDepth: Int) throws(VouchError) {
        var parser = StrictJSON(bytes: bytes, name: name, maxDepth: maxDepth)
        parser.skipWhitespace()
        try parser.value(depth: 0)
        parser.skipWhitespace()
        if parser.offset != bytes.count { throw parser.error("unexpected data after the JSON value") }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw VouchError(.malformedInput, "invalid JSON: not valid UTF-8", path: name)
        }
    }

    private init(bytes: [UInt8], name: String, maxDepth: Int) {
        self.bytes = bytes
        self.name = name
        self.maxDepth = maxDepth
    }

    private mutating func value(depth: Int) throws(VouchError) {
        guard offset < bytes.count else { throw error("unexpected end of document") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): try object(depth: depth + 1)
        case UInt8(ascii: "["): try array(depth: depth + 1)
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: try number()
        }
    }

    private mutating func checkDepth(_ depth: Int) throws(VouchError) {
        if depth > maxDepth {
            throw VouchError.limitExceeded(
                "maxJSONDepth", limit: Int64(maxDepth), found: Int64(depth), path: name, what: "JSON nesting depth")
        }
    }

    private mutating func object(depth: Int) throws(VouchError) {
        try checkDepth(depth)
        offset += 1
        var keys = Set<String>()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            offset += 1
            return
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let keyOffset = offset
            let key = try string()
            guard keys.insert(key).inserted else {
                throw VouchError(.malformedInput, "invalid JSON: duplicate key '\(key)' at byte \(keyOffset)", path: name)
            }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
            offset += 1
            skipWhitespace()
            try value(depth: depth)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "}"):
                offset += 1
                return
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func array(depth: Int) throws(VouchError) {
        try checkDepth(depth)
        offset += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            offset += 1
            return
        }
        while true {
            skipWhitespace()
            try value(depth: depth)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "]"):
                offset += 1
                return
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    /// Parses a string and returns it unescaped (as UTF-16 code units rendered to a String).
    private mutating func string() throws(VouchError) -> String {
        offset += 1
        var units: [UInt16] = []
        var raw: [UInt8] = []
        while true {
            guard offset < bytes.count else { throw error("unterminated string") }
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush(&raw, into: &units)
                return String(decoding: units, as: UTF16.self)
            case UInt8(ascii: "\\"):
                flush(&raw, into: &units)
                guard offset < bytes.count else { throw error("unterminated escape") }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): units.append(UInt16(escape))
                case UInt8(ascii: "b"): units.append(8)
                case UInt8(ascii: "f"): units.append(12)
                case UInt8(ascii: "n"): units.append(10)
                case UInt8(ascii: "r"): units.append(13)
                case UInt8(ascii: "t"): units.append(9)
                case UInt8(ascii: "u"):
                    guard offset + 4 <= bytes.count,
                          let unit = UInt16(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16)
                    else { throw error("invalid \\u escape") }
                    offset += 4
                    units.append(unit)
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
                }
            case 0..<0x20:
                throw error("control character in a string")
            default:
                raw.append(byte)
            }
        }
    }

    private func flush(_ raw: inout [UInt8], into units: inout [UInt16]) {
        guard !raw.isEmpty else { return }
        units.append(contentsOf: String(decoding: raw, as: UTF8.self).utf16)
        raw.removeAll(keepingCapacity: true)
    }

    private mutating func number() throws(VouchError) {
        let start = offset
        if peek() == UInt8(ascii: "-") { offset += 1 }
        guard let first = peek(), isDigit(first) else { throw error("invalid value") }
        if first == UInt8(ascii: "0") {
            offset += 1
        } else {
            while let byte = peek(), isDigit(byte) { offset += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            offset += 1
            guard let byte = peek(), isDigit(byte) else { throw error("invalid number") }
            while let byte = peek(), isDigit(byte) { offset += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            offset += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { offset += 1 }
            guard let byte = peek(), isDigit(byte) else { throw error("invalid number") }
            while let byte = peek(), isDigit(byte) { offset += 1 }
        }
        if offset == start { throw error("invalid value") }
    }

    private mutating func literal(_ word: String) throws(VouchError) {
        let utf8 = Array(word.utf8)
        guard offset + utf8.count <= bytes.count, Array(bytes[offset..<offset + utf8.count]) == utf8 else {
            throw error("invalid literal")
        }
        offset += utf8.count
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0a || byte == 0x0d || byte == 0x09 { offset += 1 }
    }

    private func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private func error(_ what: String) -> VouchError {
        VouchError(.malformedInput, "invalid JSON at byte \(offset): \(what)", path: name)
    }
}
