/// An SPDX license expression as a tree (SPDX 2.3 Annex D): `OR` binds loosest, then `AND`, then `WITH`;
/// parentheses group. Only the structure is checked here, not whether ids are on the SPDX list.
indirect enum LicenseExpressionTree: Hashable, Sendable {
    case license(String, exception: String?)
    case and(LicenseExpressionTree, LicenseExpressionTree)
    case or(LicenseExpressionTree, LicenseExpressionTree)

    struct ParseError: Error {}

    /// The deepest nesting accepted; expressions in the wild nest two or three levels.
    static let maximumDepth = 32

    init(parsing text: String) throws(ParseError) {
        var parser = Parser(tokens: Self.tokens(text))
        self = try parser.expression(depth: 0)
        guard parser.position == parser.tokens.count else { throw ParseError() }
    }

    /// True if some choice among the `OR` alternatives makes every license acceptable.
    func isSatisfied(by acceptable: (String, String?) -> Bool) -> Bool {
        switch self {
        case .license(let id, let exception): acceptable(id, exception)
        case .and(let left, let right): left.isSatisfied(by: acceptable) && right.isSatisfied(by: acceptable)
        case .or(let left, let right): left.isSatisfied(by: acceptable) || right.isSatisfied(by: acceptable)
        }
    }

    private static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for character in text {
            if character == "(" || character == ")" || character.isWhitespace {
                if !current.isEmpty { tokens.append(current) }
                current = ""
                if !character.isWhitespace { tokens.append(String(character)) }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    private struct Parser {
        let tokens: [String]
        var position = 0

        mutating func expression(depth: Int) throws(ParseError) -> LicenseExpressionTree {
            guard depth < LicenseExpressionTree.maximumDepth else { throw ParseError() }
            var left = try conjunction(depth: depth)
            while accept("OR") { left = .or(left, try conjunction(depth: depth)) }
            return left
        }

        mutating func conjunction(depth: Int) throws(ParseError) -> LicenseExpressionTree {
            var left = try term(depth: depth)
            while accept("AND") { left = .and(left, try term(depth: depth)) }
            return left
        }

        mutating func term(depth: Int) throws(ParseError) -> LicenseExpressionTree {
            if accept("(") {
                let inner = try expression(depth: depth + 1)
                guard accept(")") else { throw ParseError() }
                return inner
            }
            let id = try identifier()
            if accept("WITH") { return .license(id, exception: try identifier()) }
            return .license(id, exception: nil)
        }

        mutating func identifier() throws(ParseError) -> String {
            guard position < tokens.count else { throw ParseError() }
            let token = tokens[position]
            let isOperator = ["AND", "OR", "WITH", "(", ")"].contains(token.uppercased())
            guard !isOperator, token.allSatisfy({ $0.isLetter || $0.isNumber || "-.+:".contains($0) }) else { throw ParseError() }
            position += 1
            return token
        }

        /// Operators are matched case-insensitively, as SPDX 2.3 Annex D.2 allows for lowercase forms.
        mutating func accept(_ token: String) -> Bool {
            guard position < tokens.count, tokens[position].uppercased() == token else { return false }
            position += 1
            return true
        }
    }
}
