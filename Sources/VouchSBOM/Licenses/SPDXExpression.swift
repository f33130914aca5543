/// An SPDX license expression (SPDX 2.3 Annex D): license ids from ``SPDXLicenseList`` (optionally
/// followed by `+`), `LicenseRef-` ids, `WITH` exception ids, `AND`, `OR` and parentheses.
///
/// Parsing validates the grammar and every id; ``canonical`` respells ids as the list does and operators in
/// upper case (the spec matches ids case-insensitively; `packaging` accepts lower-case operators too).
public struct SPDXExpression: Hashable, Sendable, CustomStringConvertible {
    /// The expression with canonical ids and operators, single spaces.
    public let canonical: String
    /// The `LicenseRef-` ids it uses.
    public let licenseReferences: [String]
    /// The expression's structure, with canonical ids: what a license policy evaluates.
    public let tree: Node

    /// An expression's structure: `OR` binds loosest, then `AND`, then `WITH` (SPDX 2.3 Annex D.4).
    public indirect enum Node: Hashable, Sendable {
        case license(String, exception: String?)
        case and(Node, Node)
        case or(Node, Node)

        /// True if some choice among the `OR` alternatives makes every license acceptable.
        public func isSatisfied(by acceptable: (_ license: String, _ exception: String?) -> Bool) -> Bool {
            switch self {
            case .license(let id, let exception): acceptable(id, exception)
            case .and(let left, let right): left.isSatisfied(by: acceptable) && right.isSatisfied(by: acceptable)
            case .or(let left, let right): left.isSatisfied(by: acceptable) || right.isSatisfied(by: acceptable)
            }
        }
    }

    public var description: String { canonical }

    /// The longest expression accepted (untrusted metadata) and its deepest parenthesis nesting.
    public static let maximumLength = 8192
    public static let maximumDepth = 32

    /// Parses `text`; nil when it is not a valid expression (callers keep such text as a `LicenseRef-`).
    public init?(_ text: String) {
        guard text.utf8.count <= Self.maximumLength else { return nil }
        var tokens: [String] = []
        var start = -1
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() {
            let isParenthesis = byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            if isParenthesis || isSpace {
                if start >= 0 { tokens.append(String(decoding: bytes[start..<index], as: UTF8.self)); start = -1 }
                if isParenthesis { tokens.append(byte == UInt8(ascii: "(") ? "(" : ")") }
            } else if start < 0 {
                start = index
            }
        }
        if start >= 0 { tokens.append(String(decoding: bytes[start...], as: UTF8.self)) }
        guard !tokens.isEmpty else { return nil }
        var parser = Parser(tokens: tokens)
        guard let tree = parser.parseOr(depth: 0), parser.index == tokens.count else { return nil }
        self.tree = tree
        var out = ""
        for (index, token) in parser.output.enumerated() {
            if index > 0, token != ")", parser.output[index - 1] != "(" { out += " " }
            out += token
        }
        canonical = out
        licenseReferences = parser.references
    }

    private struct Parser {
        let tokens: [String]
        var index = 0
        var output: [String] = []
        var references: [String] = []

        init(tokens: [String]) { self.tokens = tokens }

        mutating func parseOr(depth: Int) -> Node? {
            guard var node = parseAnd(depth: depth) else { return nil }
            while index < tokens.count, tokens[index].uppercased() == "OR" {
                output.append("OR"); index += 1
                guard let right = parseAnd(depth: depth) else { return nil }
                node = .or(node, right)
            }
            return node
        }

        mutating func parseAnd(depth: Int) -> Node? {
            guard var node = parseWith(depth: depth) else { return nil }
            while index < tokens.count, tokens[index].uppercased() == "AND" {
                output.append("AND"); index += 1
                guard let right = parseWith(depth: depth) else { return nil }
                node = .and(node, right)
            }
            return node
        }

        mutating func parseWith(depth: Int) -> Node? {
            guard index < tokens.count else { return nil }
            if tokens[index] == "(" {
                guard depth < SPDXExpression.maximumDepth else { return nil }
                output.append("("); index += 1
                guard let inner = parseOr(depth: depth + 1), index < tokens.count, tokens[index] == ")" else { return nil }
                output.append(")"); index += 1
                return inner
            }
            guard let simple = simpleExpression(tokens[index]) else { return nil }
            output.append(simple); index += 1
            if index < tokens.count, tokens[index].uppercased() == "WITH" {
                index += 1
                guard index < tokens.count, let exception = SPDXLicenseList.exception(tokens[index]) else { return nil }
                output.append("WITH"); output.append(exception); index += 1
                return .license(simple, exception: exception)
            }
            return .license(simple, exception: nil)
        }

        mutating func simpleExpression(_ token: String) -> String? {
            if token.hasPrefix("LicenseRef-") || token.lowercased().hasPrefix("licenseref-") {
                let idstring = token.dropFirst("LicenseRef-".count)
                guard !idstring.isEmpty, idstring.utf8.allSatisfy(SPDXExpression.isIDStringByte) else { return nil }
                let reference = "LicenseRef-" + idstring
                if !references.contains(reference) { references.append(reference) }
                return reference
            }
            var id = Substring(token)
            var plus = false
            if id.hasSuffix("+") { id.removeLast(); plus = true }
            guard let canonical = SPDXLicenseList.license(String(id)) else { return nil }
            return canonical + (plus ? "+" : "")
        }
    }

    /// `idstring = 1*(ALPHA / DIGIT / "-" / ".")`.
    static func isIDStringByte(_ byte: UInt8) -> Bool {
        PythonPackageName.isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// `text` made into an idstring: runs of other characters become one `-`.
    static func idString(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isIDStringByte(byte) { out.append(byte) } else if out.last != UInt8(ascii: "-") { out.append(UInt8(ascii: "-")) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
