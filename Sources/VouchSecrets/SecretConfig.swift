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
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw VouchError(.malformedInput, "not valid TOML: \(error.description) at line \(error.source.begin.line)")
        } catch {
            throw VouchError(.malformedInput, "not valid TOML: \(error)")
        }
        let object = SecretConfig.plain(table)
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: object) } catch {
            throw VouchError(.malformedInput, "config holds values that are not strings, numbers, booleans, tables or arrays")
        }
        return try decode(data)
    }

    public static func parseJSON(_ text: String) throws(VouchError) -> SecretConfig {
        try decode(Data(text.utf8))
    }

    private static func decode(_ data: Data) throws(VouchError) -> SecretConfig {
        do {
            return try JSONDecoder().decode(SecretConfig.self, from: data)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context),
                let DecodingError.valueNotFound(_, context) {
            throw VouchError(.malformedInput, "config field \(fieldPath(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw VouchError(.malformedInput, "config entry \(fieldPath(context.codingPath)) lacks '\(key.stringValue)'")
        } catch {
            throw VouchError(.malformedInput, "config does not decode: \(error)")
        }
    }

    private static func fieldPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    /// TOML as plain Foundation values (dictionaries, arrays, strings, numbers, booleans).
    private static func plain(_ value: any TOMLValueConvertible) -> Any {
        switch value.type {
        case .table:
            var object: [String: Any] = [:]
            if let table = value.table { for key in table.keys { if let item = table[key] { object[key] = plain(item) } } }
            return object
        case .array:
            return value.array.map { $0.map { plain($0) } } ?? []
        case .int: return value.int ?? 0
        case .double: return value.double ?? 0
        case .bool: return value.bool ?? false
        case .string: return value.string ?? ""
        default: return String(describing: value)
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
