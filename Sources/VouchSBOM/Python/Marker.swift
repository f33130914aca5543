public import VouchCore

/// An environment marker (PEP 508 "Environment Markers"), parsed once and evaluated against a
/// ``MarkerEnvironment`` the way `packaging.markers` does: version comparison when both sides are
/// versions, string comparison otherwise; `extra` compared by normalised name (PEP 685).
public indirect enum Marker: Hashable, Sendable {
    case and(Marker, Marker)
    case or(Marker, Marker)
    case compare(MarkerValue, String, MarkerValue)

    public enum MarkerValue: Hashable, Sendable {
        case variable(String)
        case literal(String)
    }

    /// The variables PEP 508 defines (plus the legacy dotted spellings `packaging` still accepts).
    public static let variables: Set<String> = [
        "python_version", "python_full_version", "os_name", "sys_platform", "platform_release",
        "platform_system", "platform_version", "platform_machine", "platform_python_implementation",
        "implementation_name", "implementation_version", "extra", "extras", "dependency_groups",
        "os.name", "sys.platform", "platform.version", "platform.machine", "platform.python_implementation",
        "python_implementation",
    ]

    /// The longest marker accepted and its deepest nesting (untrusted input).
    public static let maximumLength = 4096
    public static let maximumDepth = 32

    public init(parsing text: String, requirement: String = "") throws(VouchError) {
        guard text.utf8.count <= Self.maximumLength else {
            throw VouchError.limitExceeded("maximumLength", limit: Int64(Self.maximumLength), found: Int64(text.utf8.count),
                                           path: nil, what: "marker length")
        }
        var parser = MarkerParser(bytes: Array(text.utf8), text: requirement.isEmpty ? text : requirement)
        self = try parser.parseOr(depth: 0)
        parser.skipSpaces()
        guard parser.index == parser.bytes.count else { throw parser.fail("unexpected text at offset \(parser.index)") }
    }

    /// Evaluates the marker in `environment`.
    public func evaluate(_ environment: MarkerEnvironment) -> Bool {
        evaluate(environment, extra: environment.value(of: "extra"))
    }

    /// Evaluates the marker in `environment` with `extra` set (no copy of the environment per extra).
    public func evaluate(_ environment: MarkerEnvironment, extra: String) -> Bool {
        switch self {
        case .and(let a, let b): return a.evaluate(environment, extra: extra) && b.evaluate(environment, extra: extra)
        case .or(let a, let b): return a.evaluate(environment, extra: extra) || b.evaluate(environment, extra: extra)
        case .compare(let lhs, let op, let rhs):
            let isExtra = Self.isExtraVariable(lhs) || Self.isExtraVariable(rhs)
            var left = Self.resolve(lhs, environment, extra: extra)
            var right = Self.resolve(rhs, environment, extra: extra)
            if isExtra {
                left = PythonPackageName.normalize(left)
                right = PythonPackageName.normalize(right)
            }
            return Self.evaluate(left, op, right)
        }
    }

    private static func isExtraVariable(_ value: MarkerValue) -> Bool {
        if case .variable("extra") = value { return true }
        return false
    }

    private static func resolve(_ value: MarkerValue, _ environment: MarkerEnvironment, extra: String) -> String {
        switch value {
        case .literal(let text): text
        case .variable(let name): name == "extra" ? extra : environment.value(of: name)
        }
    }

    /// `packaging.markers._eval_op`: a version specifier when it parses, else Python string operators.
    static func evaluate(_ lhs: String, _ op: String, _ rhs: String) -> Bool {
        switch op {
        case "in": return rhs.contains(lhs)
        case "not in": return !rhs.contains(lhs)
        default: break
        }
        // Only text that starts like a version can make a specifier; most markers compare names (`extra ==
        // "dev"`), so skip the parse for them.
        if op == "===" || rhs.utf8.first.map(Self.canStartVersion) == true, let specifier = VersionSpecifier(op + rhs),
           PythonVersion(lhs) != nil || op == "===" {
            return specifier.contains(lhs, prereleases: true)
        }
        switch op {
        case "==", "===": return lhs == rhs
        case "!=": return lhs != rhs
        case "<": return lhs < rhs
        case "<=": return lhs <= rhs
        case ">": return lhs > rhs
        case ">=": return lhs >= rhs
        default: return false
        }
    }
}

extension Marker {
    /// A digit, a `v` prefix (PEP 440 "Preceding v character") or whitespace the specifier trims.
    static func canStartVersion(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "v") || byte == UInt8(ascii: "V")
            || byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

private struct MarkerParser {
    let bytes: [UInt8]
    let text: String
    var index = 0

    init(bytes: [UInt8], text: String) {
        self.bytes = bytes
        self.text = text
    }

    static let operators = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"]

    func fail(_ why: String) -> VouchError { VouchError(.malformedInput, "marker in '\(text)': \(why)") }

    mutating func skipSpaces() { while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 } }

    mutating func keyword(_ word: StaticString) -> Bool {
        skipSpaces()
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        let after = index + count
        if after < bytes.count, PythonPackageName.isAlphanumeric(bytes[after]) || bytes[after] == UInt8(ascii: "_") { return false }
        index = after
        return true
    }

    mutating func parseOr(depth: Int) throws(VouchError) -> Marker {
        var left = try parseAnd(depth: depth)
        while keyword("or") { left = .or(left, try parseAnd(depth: depth)) }
        return left
    }

    mutating func parseAnd(depth: Int) throws(VouchError) -> Marker {
        var left = try parseAtom(depth: depth)
        while keyword("and") { left = .and(left, try parseAtom(depth: depth)) }
        return left
    }

    mutating func parseAtom(depth: Int) throws(VouchError) -> Marker {
        skipSpaces()
        if index < bytes.count, bytes[index] == UInt8(ascii: "(") {
            guard depth < Marker.maximumDepth else {
                throw VouchError.limitExceeded("maximumDepth", limit: Int64(Marker.maximumDepth), found: Int64(depth + 1),
                                               path: nil, what: "marker nesting depth")
            }
            index += 1
            let inner = try parseOr(depth: depth + 1)
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ")") else { throw fail("'(' without ')'") }
            index += 1
            return inner
        }
        let lhs = try parseValue()
        let op = try parseOperator()
        let rhs = try parseValue()
        return .compare(lhs, op, rhs)
    }

    mutating func parseValue() throws(VouchError) -> Marker.MarkerValue {
        skipSpaces()
        guard index < bytes.count else { throw fail("expected a variable or a quoted string") }
        let quote = bytes[index]
        if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] != quote { index += 1 }
            guard index < bytes.count else { throw fail("unterminated string") }
            let value = String(decoding: bytes[start..<index], as: UTF8.self)
            index += 1
            return .literal(value)
        }
        let start = index
        while index < bytes.count, PythonPackageName.isAlphanumeric(bytes[index]) || bytes[index] == UInt8(ascii: "_") || bytes[index] == UInt8(ascii: ".") { index += 1 }
        let name = String(decoding: bytes[start..<index], as: UTF8.self)
        guard Marker.variables.contains(name) else { throw fail(name.isEmpty ? "expected a variable or a quoted string" : "unknown marker variable '\(name)'") }
        return .variable(name.replacingDots())
    }

    mutating func parseOperator() throws(VouchError) -> String {
        skipSpaces()
        if keyword("in") { return "in" }
        if keyword("not") {
            guard keyword("in") else { throw fail("'not' must be followed by 'in'") }
            return "not in"
        }
        for op in MarkerParser.operators {
            let o = op.utf8
            if index + o.count <= bytes.count, bytes[index..<(index + o.count)].elementsEqual(o) {
                index += o.count
                return op
            }
        }
        throw fail("expected a comparison operator at offset \(index)")
    }
}

extension String {
    /// The PEP 508 spelling of a legacy dotted marker variable (`os.name` -> `os_name`).
    fileprivate func replacingDots() -> String {
        switch self {
        case "python_implementation", "platform.python_implementation": "platform_python_implementation"
        default: utf8.contains(UInt8(ascii: ".")) ? String(map { $0 == "." ? "_" : $0 }) : self
        }
    }
}
