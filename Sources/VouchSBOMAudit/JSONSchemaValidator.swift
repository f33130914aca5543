import Foundation
public import VouchCore
public import VouchSBOM

/// A JSON Schema draft-07 validator, enough for the official CycloneDX 1.4-1.7 schemas (and the SPDX
/// license-id and JSF schemas they reference): `$ref` (within a schema and across the bundled files),
/// `type`, `enum`, `const`, `properties`, `patternProperties`, `additionalProperties`, `required`,
/// `items`/`additionalItems`, `minItems`/`maxItems`, `uniqueItems`, `minLength`/`maxLength`, `pattern`,
/// `minimum`/`maximum` (and the exclusive forms), `allOf`/`anyOf`/`oneOf`/`not`, `if`/`then`/`else`,
/// `minProperties`/`maxProperties`, `propertyNames`, `contains`, `dependencies`. Formats are checked as
/// the Python `jsonschema` format checker that cyclonedx-python-lib uses checks them: `date-time` and
/// `date` (RFC 3339 section 5.6), `uri`/`iri` (a scheme and reference characters), `uri-reference`/
/// `iri-reference` (RFC 3986/3987 characters, `%` escapes), `email`/`idn-email` (an `@`); others are
/// annotations.
public final class JSONSchemaValidator {
    /// The most problems reported for one document.
    public static let maximumProblems = 100
    /// The deepest `$ref` chain followed.
    public static let maximumReferenceDepth = 64

    /// One place where the document breaks its schema.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        /// The JSON path of the offending value (`$.components[3].hashes[0].alg`).
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    private let documents: [String: JSONNode]
    private var compiled: [String: Schema] = [:]
    private var regexes: [String: NSRegularExpression] = [:]

    /// `documents` maps a schema file name (what `$ref`s name, e.g. `spdx.SNAPSHOT.schema.json`) to its parsed text.
    public init(documents: [String: JSONNode]) {
        self.documents = documents
    }

    /// The problems of `instance` against the schema file `root`, at most ``maximumProblems``.
    public func validate(_ instance: JSONNode, against root: String) throws(VouchError) -> [Problem] {
        let schema = try resolve(root + "#", base: root)
        var problems: [Problem] = []
        _ = try check(instance, schema, base: root, problems: &problems, collect: true, depth: 0)
        return problems
    }

    // MARK: compiled schemas

    /// A schema node with its keywords decoded once.
    private final class Schema {
        var always: Bool?
        var ref: String?
        var types: [String] = []
        var enumStrings: Set<String>?
        var enumCanonical: [String]?
        var constCanonical: String?
        var properties: [(String, JSONNode)] = []
        var propertyNames: Set<String> = []
        var patternProperties: [(String, JSONNode)] = []
        var additionalProperties: JSONNode?
        var required: [String] = []
        var items: JSONNode?
        var additionalItems: JSONNode?
        var minItems: Int?, maxItems: Int?
        var uniqueItems = false
        var minLength: Int?, maxLength: Int?
        var pattern: String?
        var format: String?
        var minimum: Double?, maximum: Double?, exclusiveMinimum: Double?, exclusiveMaximum: Double?
        var allOf: [JSONNode] = [], anyOf: [JSONNode] = [], oneOf: [JSONNode] = []
        var not: JSONNode?, ifSchema: JSONNode?, thenSchema: JSONNode?, elseSchema: JSONNode?
        var minProperties: Int?, maxProperties: Int?
        var propertyNamesSchema: JSONNode?
        var contains: JSONNode?
        var dependencies: [(String, JSONNode)] = []
        /// Sub-schemas compiled on first use, keyed by keyword and position.
        var children: [String: Schema] = [:]
        let node: JSONNode

        init(_ node: JSONNode) {
            self.node = node
            if let bool = node.bool { always = bool; return }
            ref = node["$ref"]?.string
            if let type = node["type"] { types = type.string.map { [$0] } ?? (type.array ?? []).compactMap(\.string) }
            if let values = node["enum"]?.array {
                if values.allSatisfy({ $0.kind == .string }) { enumStrings = Set(values.compactMap(\.string)) }
                else { enumCanonical = values.map(JSONSchemaValidator.canonical) }
            }
            constCanonical = node["const"].map(JSONSchemaValidator.canonical)
            properties = node["properties"]?.members ?? []
            propertyNames = Set(properties.map(\.0))
            patternProperties = node["patternProperties"]?.members ?? []
            additionalProperties = node["additionalProperties"]
            required = (node["required"]?.array ?? []).compactMap(\.string)
            items = node["items"]
            additionalItems = node["additionalItems"]
            minItems = node["minItems"]?.number.map { Int($0) }
            maxItems = node["maxItems"]?.number.map { Int($0) }
            uniqueItems = node["uniqueItems"]?.bool ?? false
            minLength = node["minLength"]?.number.map { Int($0) }
            maxLength = node["maxLength"]?.number.map { Int($0) }
            pattern = node["pattern"]?.string
            format = node["format"]?.string
            minimum = node["minimum"]?.number
            maximum = node["maximum"]?.number
            exclusiveMinimum = node["exclusiveMinimum"]?.number
            exclusiveMaximum = node["exclusiveMaximum"]?.number
            allOf = node["allOf"]?.array ?? []
            anyOf = node["anyOf"]?.array ?? []
            oneOf = node["oneOf"]?.array ?? []
            not = node["not"]
            ifSchema = node["if"]
            thenSchema = node["then"]
            elseSchema = node["else"]
            minProperties = node["minProperties"]?.number.map { Int($0) }
            maxProperties = node["maxProperties"]?.number.map { Int($0) }
            propertyNamesSchema = node["propertyNames"]
            contains = node["contains"]
            dependencies = node["dependencies"]?.members ?? []
        }

        func child(_ key: String, _ node: JSONNode) -> Schema {
            if let schema = children[key] { return schema }
            let schema = Schema(node)
            children[key] = schema
            return schema
        }
    }

    /// `file#/json/pointer` (or `#/pointer` relative to `base`, or a bare file name).
    private func resolve(_ reference: String, base: String) throws(VouchError) -> Schema {
        var file = base
        var pointer = ""
        if let hash = reference.firstIndex(of: "#") {
            if hash != reference.startIndex { file = String(reference[..<hash]) }
            pointer = String(reference[reference.index(after: hash)...])
        } else {
            file = reference
        }
        let key = file + "#" + pointer
        if let schema = compiled[key] { return schema }
        guard var node = documents[file] else {
            throw VouchError(.unsupportedInput, "schema reference \(reference) names no bundled schema", path: base)
        }
        for token in pointer.split(separator: "/", omittingEmptySubsequences: true) {
            let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard let next = node[name] ?? Int(name).flatMap({ index in node.array.flatMap { index < $0.count ? $0[index] : nil } }) else {
                throw VouchError(.unsupportedInput, "schema reference \(reference) does not resolve", path: base)
            }
            node = next
        }
        let schema = Schema(node)
        compiled[key] = schema
        return schema
    }

    // MARK: checking

    private func report(_ value: JSONNode, _ message: String, _ problems: inout [Problem], _ collect: Bool) {
        guard collect, problems.count < Self.maximumProblems else { return }
        problems.append(Problem(path: value.path.description, message: message))
    }

    /// Whether `value` satisfies `schema`; problems are collected only when `collect` (inside `anyOf`,
    /// `oneOf`, `not` and `if` only the answer matters).
    private func check(_ value: JSONNode, _ schema: Schema, base: String, problems: inout [Problem], collect: Bool, depth: Int) throws(VouchError) -> Bool {
        if let always = schema.always {
            if !always { report(value, "no value is allowed here", &problems, collect) }
            return always
        }
        if let ref = schema.ref {
            guard depth < Self.maximumReferenceDepth else {
                throw VouchError.limitExceeded("maximumReferenceDepth", limit: Int64(Self.maximumReferenceDepth), found: Int64(depth), path: base, what: "schema $ref chain")
            }
            let file = ref.hasPrefix("#") ? base : String(ref.prefix { $0 != "#" })
            // draft-07: `$ref` overrides its siblings.
            return try check(value, try resolve(ref, base: base), base: file, problems: &problems, collect: collect, depth: depth + 1)
        }
        var valid = true
        func fail(_ message: String) {
            valid = false
            report(value, message, &problems, collect)
        }
        func sub(_ key: String, _ node: JSONNode, _ item: JSONNode, collecting: Bool) throws(VouchError) -> Bool {
            try check(item, schema.child(key, node), base: base, problems: &problems, collect: collecting, depth: depth + 1)
        }
        if !schema.types.isEmpty, !schema.types.contains(where: { Self.matches(value, type: $0) }) {
            fail("expected \(schema.types.joined(separator: " or ")), found \(value.kind)")
            return false
        }
        if let strings = schema.enumStrings {
            if value.string.map({ !strings.contains($0) }) ?? true { fail("not one of the allowed values" + (strings.count <= 8 ? " (\(strings.sorted().joined(separator: ", ")))" : "")) }
        } else if let canonical = schema.enumCanonical, !canonical.contains(Self.canonical(value)) {
            fail("not one of the allowed values")
        }
        if let constant = schema.constCanonical, constant != Self.canonical(value) { fail("must be \(constant)") }
        switch value.kind {
        case .string:
            let text = value.string ?? ""
            let length = text.unicodeScalars.count
            if let minLength = schema.minLength, length < minLength { fail("shorter than \(minLength) characters") }
            if let maxLength = schema.maxLength, length > maxLength { fail("longer than \(maxLength) characters") }
            if let pattern = schema.pattern, !matches(text, pattern: pattern) { fail("does not match the pattern \(pattern)") }
            if let format = schema.format, !Self.satisfies(text, format: format) { fail("is not a valid \(format)") }
        case .number:
            let number = value.number ?? 0
            if let minimum = schema.minimum, number < minimum { fail("less than the minimum \(minimum)") }
            if let maximum = schema.maximum, number > maximum { fail("greater than the maximum \(maximum)") }
            if let bound = schema.exclusiveMinimum, number <= bound { fail("not greater than \(bound)") }
            if let bound = schema.exclusiveMaximum, number >= bound { fail("not less than \(bound)") }
        case .array:
            let items = value.array ?? []
            if let minItems = schema.minItems, items.count < minItems { fail("fewer than \(minItems) items") }
            if let maxItems = schema.maxItems, items.count > maxItems { fail("more than \(maxItems) items") }
            if schema.uniqueItems {
                var seen: Set<String> = []
                for item in items where !seen.insert(Self.canonical(item)).inserted {
                    fail("items are not unique")
                    break
                }
            }
            if let itemSchema = schema.items {
                if let tuple = itemSchema.array {
                    for (index, item) in items.enumerated() {
                        if index < tuple.count {
                            if try !sub("items\(index)", tuple[index], item, collecting: collect) { valid = false }
                        } else if let additional = schema.additionalItems, try !sub("additionalItems", additional, item, collecting: collect) {
                            valid = false
                        }
                    }
                } else {
                    for item in items where try !sub("items", itemSchema, item, collecting: collect) { valid = false }
                }
            }
            if let contains = schema.contains {
                var found = false
                for item in items where try sub("contains", contains, item, collecting: false) { found = true; break }
                if !found { fail("no item matches the required schema") }
            }
        case .object:
            let members = value.members ?? []
            if let minimum = schema.minProperties, members.count < minimum { fail("fewer than \(minimum) members") }
            if let maximum = schema.maxProperties, members.count > maximum { fail("more than \(maximum) members") }
            let present = Set(members.map(\.key))
            for name in schema.required where !present.contains(name) { fail("required member '\(name)' is missing") }
            for (key, member) in members {
                var matched = false
                if schema.propertyNames.contains(key), let definition = schema.properties.first(where: { $0.0 == key }) {
                    matched = true
                    if try !sub("properties/" + key, definition.1, member, collecting: collect) { valid = false }
                }
                for (pattern, definition) in schema.patternProperties where matches(key, pattern: pattern) {
                    matched = true
                    if try !sub("patternProperties/" + pattern, definition, member, collecting: collect) { valid = false }
                }
                if !matched, let additional = schema.additionalProperties {
                    if additional.bool == false {
                        fail("member '\(key)' is not allowed")
                    } else if try !sub("additionalProperties", additional, member, collecting: collect) {
                        valid = false
                    }
                }
                if let names = schema.propertyNamesSchema, let keyNode = Self.stringNode(key), try !sub("propertyNames", names, keyNode, collecting: false) {
                    fail("member name '\(key)' is not allowed")
                }
            }
            for (name, dependency) in schema.dependencies where present.contains(name) {
                if let names = dependency.array {
                    for needed in names.compactMap(\.string) where !present.contains(needed) { fail("'\(name)' needs '\(needed)'") }
                } else if try !sub("dependencies/" + name, dependency, value, collecting: collect) {
                    valid = false
                }
            }
        default:
            break
        }
        for (index, part) in schema.allOf.enumerated() where try !sub("allOf\(index)", part, value, collecting: collect) { valid = false }
        if !schema.anyOf.isEmpty {
            var any = false
            for (index, part) in schema.anyOf.enumerated() where try sub("anyOf\(index)", part, value, collecting: false) { any = true; break }
            if !any { fail("matches none of the allowed schemas (anyOf)") }
        }
        if !schema.oneOf.isEmpty {
            var count = 0
            for (index, part) in schema.oneOf.enumerated() where try sub("oneOf\(index)", part, value, collecting: false) { count += 1 }
            if count != 1 {
                fail(count == 0 ? "matches none of the allowed schemas (oneOf)" : "matches \(count) of the schemas where exactly one must match (oneOf)")
            }
        }
        if let not = schema.not, try sub("not", not, value, collecting: false) { fail("matches a schema it must not match") }
        if let condition = schema.ifSchema {
            if try sub("if", condition, value, collecting: false) {
                if let then = schema.thenSchema, try !sub("then", then, value, collecting: collect) { valid = false }
            } else if let otherwise = schema.elseSchema, try !sub("else", otherwise, value, collecting: collect) {
                valid = false
            }
        }
        return valid
    }

    private static func matches(_ value: JSONNode, type: String) -> Bool {
        switch type {
        case "object": value.kind == .object
        case "array": value.kind == .array
        case "string": value.kind == .string
        case "number": value.kind == .number
        case "integer": value.kind == .number && value.number.map { $0.rounded() == $0 } == true
        case "boolean": value.kind == .bool
        case "null": value.kind == .null
        default: false
        }
    }

    /// ECMA-262 patterns, run by Foundation's ICU engine (the schemas' patterns use the common subset).
    private func matches(_ text: String, pattern: String) -> Bool {
        let regex: NSRegularExpression
        if let cached = regexes[pattern] {
            regex = cached
        } else {
            guard let made = try? NSRegularExpression(pattern: pattern) else { return true }
            regexes[pattern] = made
            regex = made
        }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    private static let dateTime = try? NSRegularExpression(
        pattern: #"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$"#)

    private static let date = try? NSRegularExpression(pattern: #"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"#)
    private static let scheme = try? NSRegularExpression(pattern: "^[A-Za-z][A-Za-z0-9+.-]*:")

    /// RFC 3986/3987 reference characters: no space, no `<>"{}|\^` or backtick, no controls, and every
    /// `%` followed by two hex digits; non-ASCII only in an IRI.
    private static func isReference(_ text: String, allowNonASCII: Bool) -> Bool {
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar.value > 0x7F {
                if !allowNonASCII { return false }
                continue
            }
            if scalar.value <= 0x20 || scalar.value == 0x7F || "<>\"{}|\\^`".unicodeScalars.contains(scalar) { return false }
            if scalar == "%" {
                guard index + 2 < scalars.count, scalars[index + 1].properties.isASCIIHexDigit, scalars[index + 2].properties.isASCIIHexDigit else { return false }
            }
        }
        return true
    }

    private static func satisfies(_ text: String, format: String) -> Bool {
        let whole = NSRange(text.startIndex..., in: text)
        switch format {
        case "date-time":
            return dateTime?.firstMatch(in: text, range: whole) != nil
        case "date":
            return date?.firstMatch(in: text, range: whole) != nil
        case "uri", "iri":
            return scheme?.firstMatch(in: text, range: whole) != nil && isReference(text, allowNonASCII: format == "iri")
        case "uri-reference", "iri-reference":
            return isReference(text, allowNonASCII: format == "iri-reference")
        case "email", "idn-email":
            guard let at = text.lastIndex(of: "@") else { return false }
            return at != text.startIndex && text.index(after: at) != text.endIndex
        default:
            return true
        }
    }

    private static func stringNode(_ key: String) -> JSONNode? {
        try? JSONNode(parsing: Array(JSONString.quote(key).utf8), path: "")
    }

    /// A canonical text of a JSON value (members sorted, numbers as doubles) for `enum`, `const` and
    /// `uniqueItems` comparisons.
    static func canonical(_ value: JSONNode) -> String {
        switch value.kind {
        case .object:
            let members = (value.members ?? []).sorted { $0.key < $1.key }
            return "{" + members.map { JSONString.quote($0.key) + ":" + canonical($0.value) }.joined(separator: ",") + "}"
        case .array:
            return "[" + (value.array ?? []).map(canonical).joined(separator: ",") + "]"
        case .string:
            return JSONString.quote(value.string ?? "")
        case .number:
            return String(value.number ?? 0)
        case .bool:
            return value.bool == true ? "true" : "false"
        case .null:
            return "null"
        }
    }
}
