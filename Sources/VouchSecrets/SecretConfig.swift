import Foundation
public import VouchCore
import TOMLKit

/// A rules config as a team writes it: gitleaks' TOML read as it is, or the same structure as JSON
/// (Vouch's rule-file format, `Schemas/rules.schema.json`).
///
/// Resolution avoids the traps gitleaks users report: a config with no `[[rules]]` keeps the built-in
/// rules (an allowlist-only config adds to them); with `[extend] useDefault = true`, a rule with a
/// built-in id *extends* that rule (its allowlists are added, any field it sets replaces the
/// built-in's), and `disabledRules` removes inherited rules by id.
public struct SecretConfig: Hashable, Sendable, Codable {
    public struct Extend: Hashable, Sendable, Codable {
        public var useDefault: Bool?
        public var disabledRules: [String]?
        public var path: String?
    }

    /// A `[[rules]]` entry: every field but the id optional, so an entry can extend a built-in rule.
    public struct Rule: Hashable, Sendable, Codable {
        public var id: String
        public var description: String?
        public var regex: String?
        public var secretGroup: Int?
        public var entropy: Double?
        public var keywords: [String]?
        public var path: String?
        public var tags: [String]?
        /// gitleaks' older single `[rules.allowlist]`.
        public var allowlist: SecretAllowlist?
        public var allowlists: [SecretAllowlist]?
    }

    public var title: String?
    public var extend: Extend?
    public var rules: [Rule]?
    /// gitleaks' older single global `[allowlist]`.
    public var allowlist: SecretAllowlist?
    public var allowlists: [SecretAllowlist]?

    /// Reads a `.toml` (gitleaks) or `.json` config.
    public static func load(path: String) throws(VouchError) -> SecretConfig {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw VouchError(.unsupportedInput, "is a directory, not a config file", path: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VouchError(FileManager.default.fileExists(atPath: path) ? .ioFailure : .fileNotFound,
                             FileManager.default.fileExists(atPath: path) ? "cannot read the config" : "no such file", path: path)
        }
        let text = String(decoding: data, as: UTF8.self)
        do {
            if path.hasSuffix(".json") { return try parseJSON(text) }
            return try parseTOML(text)
        } catch {
            throw error.attributed(to: path)
        }
    }

    public static func parseTOML(_ text: String) throws(VouchError) -> SecretConfig {
        try refuseTableHeaderWithoutKey(text)
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw VouchError(.malformedInput, "not valid TOML: \(error.description) at line \(error.source.begin.line)")
        } catch {
            throw VouchError(.malformedInput, "not valid TOML: \(error)")
        }
        // TOML is turned into JSON text and read by the one strict JSON reader, so both config forms are
        // decoded (and their errors worded) the same way.
        var json: [UInt8] = []
        SecretConfig.appendJSON(table, to: &json)
        return try decode(json)
    }

    /// A table header whose first character after `[` or `[[` (and blanks) neither starts a key nor closes the
    /// header, as in `[= "x"]`: TOMLKit's parser (toml++) only asserts that it does, which aborts a debug build
    /// and is undefined behaviour in a release build (found by the `gitleaks-toml` fuzz target). Such a header
    /// is not TOML, so it is refused here, naming the line. Headers are told from array values and from the
    /// insides of strings by a small scan that follows strings, comments and bracket depth.
    static func refuseTableHeaderWithoutKey(_ text: String) throws(VouchError) {
        let bytes = Array(text.utf8)
        var index = 0, line = 1, depth = 0
        var atLineStart = true
        func isKeyStart(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "]"): true
            default: false
            }
        }
        func hasPrefix(_ prefix: [UInt8], at position: Int) -> Bool {
            position + prefix.count <= bytes.count && Array(bytes[position..<position + prefix.count]) == prefix
        }
        /// Skips a string starting at `index` (its opening quote), counting the lines it spans.
        func skipString() {
            let quote = bytes[index]
            let triple = [quote, quote, quote]
            let multiLine = hasPrefix(triple, at: index)
            index += multiLine ? 3 : 1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { line += 1 }
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\n") { line += 1; if !multiLine { index += 1; atLineStart = true; return } }
                if multiLine, hasPrefix(triple, at: index) {
                    index += 3
                    while index < bytes.count, bytes[index] == quote { index += 1 }
                    return
                }
                if !multiLine, byte == quote { index += 1; return }
                index += 1
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1; atLineStart = true; index += 1
                continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
                continue
            case UInt8(ascii: "#"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                atLineStart = false
                skipString()
                continue
            case UInt8(ascii: "["):
                if atLineStart, depth == 0 {
                    var next = index + 1
                    if next < bytes.count, bytes[next] == UInt8(ascii: "[") { next += 1 }
                    while next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t") { next += 1 }
                    if next < bytes.count, !isKeyStart(bytes[next]) {
                        throw VouchError(.malformedInput, "not valid TOML: a table header must start with a key at line \(line)")
                    }
                    // The header itself: its brackets are not an array's.
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
                        if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") { skipString() } else { index += 1 }
                        if atLineStart { break }
                        if index < bytes.count, bytes[index] == UInt8(ascii: "#") { break }
                    }
                    atLineStart = false
                    continue
                }
                depth += 1
            case UInt8(ascii: "]"):
                depth = max(0, depth - 1)
            default:
                break
            }
            atLineStart = false
            index += 1
        }
    }

    public static func parseJSON(_ text: String) throws(VouchError) -> SecretConfig {
        try decode(Array(text.utf8))
    }

    /// Decodes with the strict JSON reader: a repeated key is refused, and an error names the field's JSON
    /// path (`config: $.rules[0].secretGroup: expected a number, found a string`).
    private static func decode(_ bytes: [UInt8]) throws(VouchError) -> SecretConfig {
        do {
            return try JSONValue.decode(SecretConfig.self, from: bytes, path: "")
        } catch {
            throw VouchError(error.code, "config \(error.reason)", limit: error.limit)
        }
    }

    /// A TOML value as JSON text (tables, arrays, strings, numbers, booleans; dates as their text).
    private static func appendJSON(_ value: any TOMLValueConvertible, to out: inout [UInt8]) {
        switch value.type {
        case .table:
            out.append(UInt8(ascii: "{"))
            if let table = value.table {
                var first = true
                for key in table.keys {
                    guard let item = table[key] else { continue }
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    JSONString.append(key, to: &out)
                    out.append(UInt8(ascii: ":"))
                    appendJSON(item, to: &out)
                }
            }
            out.append(UInt8(ascii: "}"))
        case .array:
            out.append(UInt8(ascii: "["))
            var first = true
            for item in value.array.map({ $0.map { $0 } }) ?? [] {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                appendJSON(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .int: out.append(contentsOf: String(value.int ?? 0).utf8)
        case .double:
            let number = value.double ?? 0
            // JSON has no NaN or infinity; such a value cannot be any config field, so it is written as text.
            if number.isFinite { out.append(contentsOf: "\(number)".utf8) } else { JSONString.append("\(number)", to: &out) }
        case .bool: out.append(contentsOf: ((value.bool ?? false) ? "true" : "false").utf8)
        case .string: JSONString.append(value.string ?? "", to: &out)
        default: JSONString.append(String(describing: value), to: &out)
        }
    }

    /// How many `[extend] path` hops a config may take (gitleaks allows the same depth).
    public static let maxExtendDepth = 2

    /// The ruleset this config asks for, on top of `defaults` (normally ``SecretRuleset/builtin``).
    /// `[extend] path` names another config (relative to `baseDirectory`) to start from instead.
    public func resolve(defaults: SecretRuleset = .builtin, baseDirectory: String = ".", depth: Int = 0) throws(VouchError) -> SecretRuleset {
        let configRules = rules ?? []
        var result: SecretRuleset
        if let path = extend?.path {
            guard extend?.useDefault != true else {
                throw VouchError(.malformedInput, "[extend] sets both path and useDefault; choose one")
            }
            guard depth < SecretConfig.maxExtendDepth else {
                throw VouchError.limitExceeded("maxExtendDepth", limit: Int64(SecretConfig.maxExtendDepth), found: Int64(depth + 1),
                                               path: path, what: "[extend] path depth")
            }
            let full = path.hasPrefix("/") ? path : baseDirectory + "/" + path
            let base = try SecretConfig.load(path: full)
            do {
                result = try base.resolve(defaults: defaults, baseDirectory: (full as NSString).deletingLastPathComponent, depth: depth + 1)
            } catch { throw error.attributed(to: full) }
        } else {
            let inherit = extend?.useDefault ?? configRules.isEmpty
            result = inherit ? defaults : SecretRuleset(rules: [])
        }
        if let disabled = extend?.disabledRules?.map(GitleaksRuleMapping.vouchID(for:)).filter({ $0 != "generic-api-key" || extend?.disabledRules?.contains($0) == true }) {
            let known = Set(result.rules.map(\.id))
            for id in disabled where !known.contains(id) {
                throw VouchError(.malformedInput, "disabledRules names '\(id)', which is not an inherited rule")
            }
            result.rules.removeAll { disabled.contains($0.id) }
        }
        for entry in configRules {
            let lists = (entry.allowlist.map { [$0] } ?? []) + (entry.allowlists ?? [])
            if let index = result.rules.firstIndex(where: { $0.id == entry.id }) {
                var rule = result.rules[index]
                if let value = entry.description { rule.description = value }
                if let value = entry.regex { rule.regex = value }
                if let value = entry.secretGroup { rule.secretGroup = value }
                if let value = entry.entropy { rule.entropy = value }
                if let value = entry.keywords { rule.keywords = value }
                if let value = entry.path { rule.path = value }
                if let value = entry.tags { rule.tags = value }
                rule.allowlists += lists
                result.rules[index] = rule
            } else {
                guard entry.regex != nil || entry.path != nil else {
                    throw VouchError(.malformedInput, "rule '\(entry.id)' has neither regex nor path, and extends no inherited rule")
                }
                result.rules.append(SecretRule(
                    id: entry.id, description: entry.description ?? entry.id, regex: entry.regex,
                    secretGroup: entry.secretGroup ?? 0, entropy: entry.entropy ?? 0, keywords: entry.keywords ?? [],
                    path: entry.path, tags: entry.tags ?? [], allowlists: lists))
            }
        }
        result.allowlists += (allowlist.map { [$0] } ?? []) + (allowlists ?? [])
        return result
    }
}
