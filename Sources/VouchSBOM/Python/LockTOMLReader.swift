import VouchCore

/// A TOML value as the lock-file readers use it (TOML 1.0: strings, integers, floats, booleans, dates as
/// their text, arrays, tables).
enum LockTOMLValue: Hashable, Sendable {
    case string(String)
    /// A number, boolean or date, as written.
    case scalar(String)
    case array([LockTOMLValue])
    case table(LockTOMLTable)

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var array: [LockTOMLValue]? { if case .array(let value) = self { value } else { nil } }
    var table: LockTOMLTable? { if case .table(let value) = self { value } else { nil } }
}

/// A TOML table: keys in the order written.
struct LockTOMLTable: Hashable, Sendable {
    private(set) var keys: [String] = []
    private var values: [String: LockTOMLValue] = [:]

    subscript(key: String) -> LockTOMLValue? { values[key] }

    /// Sets `key`; false when it was already defined (TOML forbids defining a key twice).
    mutating func define(_ key: String, _ value: LockTOMLValue) -> Bool {
        guard values[key] == nil else { return false }
        keys.append(key)
        values[key] = value
        return true
    }

    mutating func replace(_ key: String, _ value: LockTOMLValue) {
        if values[key] == nil { keys.append(key) }
        values[key] = value
    }
}

/// A TOML 1.0 reader for lock and project files (`uv.lock`, `pylock.toml`, `pyproject.toml`): tables,
/// arrays of tables, dotted keys, inline tables, arrays over several lines, basic and literal strings
/// (one- and multi-line, with escapes). Written here rather than taken from a TOML library so that no
/// library's literal-convertible types and operators come into scope of every module importing this one.
/// Errors name the line; nesting is bounded by ``maxDepth``.
struct LockTOMLReader {
    /// The deepest nesting of arrays and inline tables read.
    static let maxDepth = 64

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private let path: String

    static func parse(_ text: String, path: String) throws(VouchError) -> LockTOMLTable {
        var reader = LockTOMLReader(bytes: Array(text.utf8), path: path)
        return try reader.document()
    }

    private init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    private func fail(_ why: String) -> VouchError {
        VouchError(.malformedInput, "line \(line): not valid TOML: \(why)", path: path)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipBlanks() {
        while let byte = current, byte == 0x20 || byte == 0x09 { index += 1 }
    }

    /// Skips blanks, comments and newlines.
    private mutating func skipBlankLines() {
        while let byte = current {
            if byte == 0x20 || byte == 0x09 || byte == 0x0D { index += 1 } else if byte == 0x0A { index += 1; line += 1 } else if byte == UInt8(ascii: "#") {
                while let next = current, next != 0x0A { index += 1 }
            } else { return }
        }
    }

    /// After a value or header: blanks, an optional comment, then the end of the line.
    private mutating func endOfLine() throws(VouchError) {
        skipBlanks()
        if current == UInt8(ascii: "#") { while let next = current, next != 0x0A { index += 1 } }
        if current == 0x0D { index += 1 }
        guard current == nil || current == 0x0A else { throw fail("unexpected text after the value") }
    }

    private mutating func document() throws(VouchError) -> LockTOMLTable {
        var root = LockTOMLTable()
        var currentPath: [String] = []
        var isArrayTable = false
        while true {
            skipBlankLines()
            guard let byte = current else { break }
            if byte == UInt8(ascii: "[") {
                index += 1
                isArrayTable = current == UInt8(ascii: "[")
                if isArrayTable { index += 1 }
                skipBlanks()
                let keys = try key()
                skipBlanks()
                guard current == UInt8(ascii: "]") else { throw fail("a table header without its closing ]") }
                index += 1
                if isArrayTable {
                    guard current == UInt8(ascii: "]") else { throw fail("an array-of-tables header without its closing ]]") }
                    index += 1
                }
                try endOfLine()
                if isArrayTable {
                    try Self.appendTable(&root, at: keys[...], fail: fail("'\(keys.joined(separator: "."))' is not an array of tables"))
                } else {
                    try Self.update(&root, at: keys[...], fail: fail("'\(keys.joined(separator: "."))' is not a table")) { _ throws(VouchError) in }
                }
                currentPath = keys
                continue
            }
            let keys = try key()
            skipBlanks()
            guard current == UInt8(ascii: "=") else { throw fail("expected '=' after the key") }
            index += 1
            skipBlanks()
            let value = try self.value(depth: 0)
            try endOfLine()
            let message = fail("key '\(keys.joined(separator: "."))' defined twice")
            try Self.update(&root, at: currentPath[...], fail: fail("'\(currentPath.joined(separator: "."))' is not a table")) { table throws(VouchError) in
                try Self.assign(&table, keys[...], value, fail: message)
            }
        }
        return root
    }

    /// Runs `change` on the table at `path` (the last table of an array of tables), creating tables.
    private static func update(_ table: inout LockTOMLTable, at path: ArraySlice<String>, fail: VouchError,
                               _ change: (inout LockTOMLTable) throws(VouchError) -> Void) throws(VouchError) {
        guard let first = path.first else { return try change(&table) }
        switch table[first] {
        case nil:
            var child = LockTOMLTable()
            try update(&child, at: path.dropFirst(), fail: fail, change)
            table.replace(first, .table(child))
        case .table(var child):
            try update(&child, at: path.dropFirst(), fail: fail, change)
            table.replace(first, .table(child))
        case .array(var items):
            guard case .table(var last)? = items.last else { throw fail }
            try update(&last, at: path.dropFirst(), fail: fail, change)
            items[items.count - 1] = .table(last)
            table.replace(first, .array(items))
        default:
            throw fail
        }
    }

    private static func appendTable(_ table: inout LockTOMLTable, at path: ArraySlice<String>, fail: VouchError) throws(VouchError) {
        let parent = path.dropLast()
        let name = path.last!
        try update(&table, at: parent, fail: fail) { parentTable throws(VouchError) in
            switch parentTable[name] {
            case nil: parentTable.replace(name, .array([.table(LockTOMLTable())]))
            case .array(var items):
                guard items.allSatisfy({ $0.table != nil }) else { throw fail }
                items.append(.table(LockTOMLTable()))
                parentTable.replace(name, .array(items))
            default: throw fail
            }
        }
    }

    /// `a.b.c = value`: dotted keys make (or extend) tables.
    private static func assign(_ table: inout LockTOMLTable, _ keys: ArraySlice<String>, _ value: LockTOMLValue, fail: VouchError) throws(VouchError) {
        let first = keys.first!
        if keys.count == 1 {
            guard table.define(first, value) else { throw fail }
            return
        }
        var child: LockTOMLTable
        switch table[first] {
        case nil: child = LockTOMLTable()
        case .table(let existing): child = existing
        default: throw fail
        }
        try assign(&child, keys.dropFirst(), value, fail: fail)
        table.replace(first, .table(child))
    }

    /// A key: bare (`A-Za-z0-9_-`) or quoted parts joined by dots.
    private mutating func key() throws(VouchError) -> [String] {
        var parts: [String] = []
        while true {
            skipBlanks()
            guard let byte = current else { throw fail("expected a key") }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                parts.append(try string())
            } else {
                let start = index
                while let next = current, Self.isBareKey(next) { index += 1 }
                guard index > start else { throw fail("expected a key") }
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            skipBlanks()
            guard current == UInt8(ascii: ".") else { return parts }
            index += 1
        }
    }

    private static func isBareKey(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }

    private mutating func value(depth: Int) throws(VouchError) -> LockTOMLValue {
        guard depth < Self.maxDepth else {
            throw VouchError.limitExceeded("maxDepth", limit: Int64(Self.maxDepth), found: Int64(depth), path: path, what: "TOML nesting depth at line \(line):")
        }
        guard let byte = current else { throw fail("expected a value") }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return .string(try string())
        case UInt8(ascii: "["):
            index += 1
            var items: [LockTOMLValue] = []
            while true {
                skipBlankLines()
                if current == UInt8(ascii: "]") { index += 1; return .array(items) }
                items.append(try value(depth: depth + 1))
                skipBlankLines()
                if current == UInt8(ascii: ",") { index += 1; continue }
                guard current == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in an array") }
                index += 1
                return .array(items)
            }
        case UInt8(ascii: "{"):
            index += 1
            var table = LockTOMLTable()
            skipBlanks()
            if current == UInt8(ascii: "}") { index += 1; return .table(table) }
            while true {
                let keys = try key()
                skipBlanks()
                guard current == UInt8(ascii: "=") else { throw fail("expected '=' in an inline table") }
                index += 1
                skipBlanks()
                let item = try value(depth: depth + 1)
                try Self.assign(&table, keys[...], item, fail: fail("key '\(keys.joined(separator: "."))' defined twice in an inline table"))
                skipBlanks()
                if current == UInt8(ascii: ",") { index += 1; skipBlanks(); continue }
                guard current == UInt8(ascii: "}") else { throw fail("expected ',' or '}' in an inline table") }
                index += 1
                return .table(table)
            }
        default:
            let start = index
            while let next = current, next != UInt8(ascii: ","), next != UInt8(ascii: "]"), next != UInt8(ascii: "}"),
                  next != 0x0A, next != 0x0D, next != UInt8(ascii: "#") { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self).trimmingSpaces()
            guard !text.isEmpty, text.utf8.allSatisfy({ Self.isScalarByte($0) }) else { throw fail("'\(text)' is not a value") }
            return .scalar(text)
        }
    }

    /// Bytes of numbers, booleans and dates.
    private static func isScalarByte(_ byte: UInt8) -> Bool {
        isBareKey(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":") || byte == 0x20
    }

    /// A basic (`"..."`, escapes) or literal (`'...'`) string, one- or multi-line.
    private mutating func string() throws(VouchError) -> String {
        let quote = bytes[index]
        let multiline = index + 2 < bytes.count && bytes[index + 1] == quote && bytes[index + 2] == quote
        index += multiline ? 3 : 1
        if multiline, current == 0x0A { index += 1; line += 1 } else if multiline, current == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 2; line += 1 }
        var out: [UInt8] = []
        while true {
            guard let byte = current else { throw fail("a string without its closing quote") }
            if byte == quote {
                if !multiline { index += 1; return String(decoding: out, as: UTF8.self) }
                if index + 2 < bytes.count, bytes[index + 1] == quote, bytes[index + 2] == quote {
                    index += 3
                    // Up to two more quotes belong to the string (TOML 1.0 multi-line strings).
                    var extra = 0
                    while current == quote, extra < 2 { out.append(quote); index += 1; extra += 1 }
                    return String(decoding: out, as: UTF8.self)
                }
                out.append(byte)
                index += 1
                continue
            }
            if byte == 0x0A {
                guard multiline else { throw fail("a newline inside a one-line string") }
                line += 1
            }
            if byte == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") {
                index += 1
                guard let escaped = current else { throw fail("a string ending in '\\'") }
                switch escaped {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let count = escaped == UInt8(ascii: "u") ? 4 : 8
                    guard index + count < bytes.count, let code = UInt32(String(decoding: bytes[(index + 1)...(index + count)], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(code) else { throw fail("a bad \\u escape") }
                    out += Array(String(Character(scalar)).utf8)
                    index += count
                case 0x0A, 0x20, 0x09, 0x0D:
                    // A line-ending backslash trims the newline and the whitespace after it.
                    guard multiline else { throw fail("an unknown escape in a string") }
                    while let next = current, next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D {
                        if next == 0x0A { line += 1 }
                        index += 1
                    }
                    continue
                default: throw fail("an unknown escape in a string")
                }
                index += 1
                continue
            }
            out.append(byte)
            index += 1
        }
    }
}
