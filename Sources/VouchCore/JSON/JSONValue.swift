/// A value in a parsed JSON document: the one reader of untrusted JSON in Vouch (envelopes, Statements,
/// bundles, image documents, SBOMs, provenance, configs).
///
/// Parsing checks the whole document once against RFC 8259 and Vouch's stricter rules, and refuses:
/// - a repeated member name, compared after unescaping (`"a"` and `"\u0061"` collide): RFC 8259 section 4
///   leaves duplicates to the implementation, and readers disagree (Go keeps the last, this reader's
///   predecessor the first), so two tools could see different layers or subjects in one signed document;
/// - invalid UTF-8 (RFC 8259 section 8.1) and `\u` escapes that are lone surrogates (RFC 7493 section 2.1),
///   so every string has exactly one text;
/// - documents over a named size limit and nesting over ``JSONLimits/maxJSONDepth``, checked while parsing.
///
/// Errors name the file and the JSON path of the problem (`bundle.json: $.dsseEnvelope.signatures[0]: ...`).
///
/// The parser records where every value lies (a "tape", as simdjson does); a value is a position on that
/// tape, and strings and numbers are decoded only when asked for. A PEP 770 SBOM is megabytes of JSON of
/// which a reader wants a few fields per component, so a tree of boxed values would cost more than the rest.
public struct JSONValue: Sendable {
    public enum Kind: UInt8, Sendable, CustomStringConvertible {
        case object, array, string, number, bool, null

        public var description: String {
            switch self {
            case .object: "an object"
            case .array: "an array"
            case .string: "a string"
            case .number: "a number"
            case .bool: "a boolean"
            case .null: "null"
            }
        }
    }

    /// The default deepest nesting accepted (see ``JSONLimits/maxJSONDepth``).
    public static let maximumDepth = JSONLimits.defaultMaxJSONDepth

    let tape: JSONTape
    let index: Int

    /// Parses `bytes`, the contents of `path` (named in errors; an empty path names no file), within `limits`.
    public init(parsing bytes: [UInt8], path: String, limits: JSONLimits = JSONLimits()) throws(VouchError) {
        tape = try JSONTape(parsing: bytes, path: path, limits: limits)
        index = 0
    }

    init(tape: JSONTape, index: Int) {
        self.tape = tape
        self.index = index
    }

    public var kind: Kind { tape.tokens[index].kind }

    /// The name of the document, as given to the parser.
    public var file: String { tape.path }

    /// The member `key` of an object; nil for a missing key or a non-object. Keys are unique (the parser
    /// refuses a repeated one).
    public subscript(key: String) -> JSONValue? {
        guard kind == .object else { return nil }
        var key = key
        return key.withUTF8 { wanted in
            var member = index + 1
            let end = Int(tape.tokens[index].end)
            while member < end {
                if tape.stringEquals(member, wanted) { return JSONValue(tape: tape, index: member + 1) }
                member = tape.next(member + 1)
            }
            return nil
        }
    }

    public var string: String? {
        kind == .string ? tape.decodeString(index) : nil
    }

    /// The items of an array; nil for a non-array.
    public var array: [JSONValue]? {
        guard kind == .array else { return nil }
        var items: [JSONValue] = []
        var item = index + 1
        let end = Int(tape.tokens[index].end)
        while item < end {
            items.append(JSONValue(tape: tape, index: item))
            item = tape.next(item)
        }
        return items
    }

    /// The members of an object in document order; nil for a non-object.
    public var members: [(key: String, value: JSONValue)]? {
        guard kind == .object else { return nil }
        var result: [(key: String, value: JSONValue)] = []
        var member = index + 1
        let end = Int(tape.tokens[index].end)
        while member < end {
            result.append((tape.decodeString(member), JSONValue(tape: tape, index: member + 1)))
            member = tape.next(member + 1)
        }
        return result
    }

    public var number: Double? {
        guard kind == .number else { return nil }
        return Double(numberText)
    }

    /// A number's text as written (RFC 8259 section 6 grammar, already checked).
    public var numberText: String {
        let token = tape.tokens[index]
        return kind == .number ? String(decoding: tape.bytes[Int(token.start)..<Int(token.end)], as: UTF8.self) : ""
    }

    public var bool: Bool? {
        guard kind == .bool else { return nil }
        return tape.bytes[Int(tape.tokens[index].start)] == UInt8(ascii: "t")
    }

    public var isNull: Bool { kind == .null }

    /// The exact bytes of this value in the document (a string with its quotes), never re-serialized: a
    /// signed predicate is evaluated and re-verified over these.
    public var bytes: ArraySlice<UInt8> { tape.bytes[tape.byteRange(index)] }

    /// Where this value lies in the document.
    public var path: JSONPath { tape.path(to: index) }
}

/// The bytes of a document and one token per value and object key, in document order.
final class JSONTape: Sendable {
    struct Token {
        var kind: JSONValue.Kind
        /// A string with backslash escapes, decoded the slow way.
        var escaped: Bool
        /// Strings: the byte after the opening quote; containers: the opening bracket; numbers, literals:
        /// the first byte.
        var start: UInt32
        /// Strings: the closing quote; numbers, literals: the byte after; containers: the token after the
        /// container's last descendant.
        var end: UInt32
    }

    let bytes: [UInt8]
    let tokens: [Token]
    let path: String

    init(parsing bytes: [UInt8], path: String, limits: JSONLimits) throws(VouchError) {
        guard bytes.count <= limits.maxBytes else {
            throw VouchError.limitExceeded(limits.maxBytesName, limit: Int64(limits.maxBytes), found: Int64(bytes.count), path: path.isEmpty ? nil : path, what: "JSON document size")
        }
        let parsed: Result<[Token], JSONParseFailure> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONTapeParser(bytes: buffer, maxDepth: limits.maxJSONDepth)
            parser.tokens.reserveCapacity(buffer.count / 12)
            do throws(JSONParseFailure) {
                parser.skipWhitespace()
                try parser.value(depth: 0)
                parser.skipWhitespace()
                guard parser.index == buffer.count else { throw parser.fail("unexpected data after the JSON value") }
                return .success(parser.tokens)
            } catch {
                return .failure(error)
            }
        }
        switch parsed {
        case .success(let tokens): self.tokens = tokens
        case .failure(let failure): throw failure.error(path: path)
        }
        self.bytes = bytes
        self.path = path
    }

    /// The token after the value at `index` and all it contains.
    func next(_ index: Int) -> Int {
        let token = tokens[index]
        return token.kind == .object || token.kind == .array ? Int(token.end) : index + 1
    }

    func stringEquals(_ index: Int, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        let token = tokens[index]
        if token.escaped { return decodeStringBytes(index).elementsEqual(wanted) }
        let start = Int(token.start)
        let count = Int(token.end) - start
        guard count == wanted.count else { return false }
        return bytes[start..<(start + count)].elementsEqual(wanted)
    }

    func decodeString(_ index: Int) -> String {
        let token = tokens[index]
        guard token.escaped else { return String(decoding: bytes[Int(token.start)..<Int(token.end)], as: UTF8.self) }
        return String(decoding: decodeStringBytes(index), as: UTF8.self)
    }

    func decodeStringBytes(_ index: Int) -> [UInt8] {
        let token = tokens[index]
        return bytes.withUnsafeBufferPointer { JSONTapeParser.unescape($0, Int(token.start)..<Int(token.end)) }
    }

    /// The bytes a value spans: a container's closing bracket is the first byte after its last descendant
    /// (or after its opening bracket) that is not whitespace.
    func byteRange(_ index: Int) -> Range<Int> {
        let token = tokens[index]
        switch token.kind {
        case .string: return (Int(token.start) - 1)..<(Int(token.end) + 1)
        case .number, .bool, .null: return Int(token.start)..<Int(token.end)
        case .object, .array:
            var cursor = Int(token.start) + 1
            if Int(token.end) > index + 1 {
                // The last child: walk the children (a child's descendants are skipped in one step).
                var child = index + 1
                var last = child
                while child < Int(token.end) {
                    last = child
                    child = next(child)
                }
                cursor = byteRange(last).upperBound
            }
            while cursor < bytes.count, JSONTapeParser.isWhitespace(bytes[cursor]) { cursor += 1 }
            return Int(token.start)..<(cursor + 1)
        }
    }

    /// The path from the root to the value at `target`, found by descending from the root.
    func path(to target: Int) -> JSONPath {
        var components: [JSONPath.Component] = []
        var current = 0
        while current != target {
            let token = tokens[current]
            var child = current + 1
            var position = 0
            var found = false
            while child < Int(token.end) {
                let value = token.kind == .object ? child + 1 : child
                let after = next(value)
                if target >= value && target < after {
                    components.append(token.kind == .object ? .key(decodeString(child)) : .index(position))
                    current = value
                    found = true
                    break
                }
                child = after
                position += 1
            }
            if !found { break }  // a key token: its path is its object's
        }
        return JSONPath(components)
    }
}

/// A parse failure on its way out: the path is collected as the recursion unwinds, so the success path
/// pays nothing for it.
struct JSONParseFailure: Error {
    var offset: Int
    var reason: String
    /// Innermost first.
    var reversedPath: [JSONPath.Component] = []
    var depth: (limit: Int, found: Int)?

    func error(path name: String) -> VouchError {
        let file: String? = name.isEmpty ? nil : name
        let path = JSONPath(reversedPath.reversed())
        if let depth {
            return VouchError.limitExceeded("maxJSONDepth", limit: Int64(depth.limit), found: Int64(depth.found), path: file,
                                            what: "\(path): JSON nesting depth")
        }
        return VouchError(.malformedInput, "\(path): invalid JSON at byte \(offset): \(reason)", path: file)
    }
}
