import Foundation
public import VouchCore
public import VouchSBOM
import VouchPolicy

/// A component field that `vouch sbom query` filters on (`--where`) and prints (`--select`).
public enum ComponentField: String, CaseIterable, Sendable, Encodable {
    case name, version, purl
    /// The purl type (`pypi`, `deb`, `cargo`); none for a component without a purl.
    case ecosystem
    /// The license the gate judges: the concluded one when the SBOM asserts one, else the declared one.
    case license
    case licenseDeclared = "license-declared"
    case licenseConcluded = "license-concluded"
    /// The supplier's name (SPDX `supplier`, CycloneDX `supplier`).
    case supplier
    /// The element id (SPDXID, bom-ref).
    case id
    /// `ALG:value` of each hash, space-separated.
    case hashes
    case cpe
    /// `primary` (the described component), `component`, or `other` (an operating system, a file).
    case role

    /// The value in `component`; nil when the SBOM says nothing (absent, empty, NOASSERTION, NONE).
    func value(_ component: QueriedComponent) -> String? {
        let package = component.package, evidence = package.evidence ?? ComponentEvidence()
        let value: String? = switch self {
        case .name: package.name
        case .version: package.version
        case .purl: package.purl
        case .ecosystem: package.purl == nil ? nil : PackageEvidence.ecosystem(of: package)
        case .license: package.concludedLicense?.expression ?? package.license.expression
        case .licenseDeclared: evidence.declaredLicense ?? package.license.expression
        case .licenseConcluded: evidence.concludedLicense ?? package.concludedLicense?.expression
        case .supplier: evidence.supplier?.name ?? package.suppliers.first?.name ?? package.supplier
        case .id: evidence.elementID ?? package.id
        case .hashes: (evidence.hashes.isEmpty ? package.hashes : evidence.hashes).map { "\($0.algorithm):\($0.value)" }.joined(separator: " ")
        case .cpe: evidence.cpes.first
        case .role: component.role.rawValue
        }
        return isBlank(value) ? nil : value
    }
}

/// A component with the part it plays in its document.
public struct QueriedComponent: Sendable {
    public enum Role: String, Sendable { case primary, component, other }
    public var package: SBOMPackage
    public var role: Role

    /// Every component of `document`: the primary one, the packages (the reader orders them by id), then the others.
    public static func all(in document: SBOMDocument) -> [QueriedComponent] {
        (document.info?.primary.map { [QueriedComponent(package: $0, role: .primary)] } ?? [])
            + document.packages.map { QueriedComponent(package: $0, role: .component) }
            + (document.info?.otherComponents ?? []).map { QueriedComponent(package: $0, role: .other) }
    }
}

/// One `--where` condition: `FIELD=GLOB`, `FIELD!=GLOB`, `FIELD~TEXT` or `FIELD!~TEXT`.
///
/// `=` matches the whole value against a glob (`*` any run, `?` one character); `~` matches when the value
/// contains the text. Both ignore case. A value the SBOM does not give (absent, NOASSERTION, NONE) is the
/// empty string, so `supplier=` selects the components without a supplier and `supplier!=` those with one.
public struct ComponentFilter: Sendable, CustomStringConvertible {
    public enum Operator: String, Sendable { case matches = "=", notMatches = "!=", contains = "~", notContains = "!~" }

    public let field: ComponentField
    public let op: Operator
    public let pattern: String
    private let glob: WildcardPattern

    public var description: String { "\(field.rawValue)\(op.rawValue)\(pattern)" }

    /// Parses `text`; the error says what is wrong, for the command line's usage error.
    public init(parsing text: String) throws(ComponentFilterError) {
        guard let opIndex = text.firstIndex(where: { $0 == "=" || $0 == "~" }) else {
            throw ComponentFilterError(text: text, reason: "expected FIELD=GLOB, FIELD!=GLOB, FIELD~TEXT or FIELD!~TEXT")
        }
        var fieldEnd = opIndex
        let negated = fieldEnd > text.startIndex && text[text.index(before: fieldEnd)] == "!"
        if negated { fieldEnd = text.index(before: fieldEnd) }
        let name = text[..<fieldEnd].trimmingCharacters(in: .whitespaces).lowercased()
        guard let field = ComponentField(rawValue: name) else {
            throw ComponentFilterError(text: text, reason: "unknown field '\(name)' (fields: \(ComponentField.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let contains = text[opIndex] == "~"
        self.field = field
        op = contains ? (negated ? .notContains : .contains) : (negated ? .notMatches : .matches)
        pattern = String(text[text.index(after: opIndex)...])
        glob = WildcardPattern(pattern.lowercased())
    }

    public func accepts(_ component: QueriedComponent) -> Bool {
        let value = (field.value(component) ?? "").lowercased()
        switch op {
        case .matches: return glob.matches(value)
        case .notMatches: return !glob.matches(value)
        case .contains: return pattern.isEmpty || value.contains(pattern.lowercased())
        case .notContains: return !pattern.isEmpty && !value.contains(pattern.lowercased())
        }
    }
}

public struct ComponentFilterError: Error, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "--where '\(text)': \(reason)" }
}

/// `vouch sbom query`: the components every filter accepts, with the fields asked for. The verdict fails
/// when none matched, as grep's does, so a script can ask "is there a component like this?".
public struct SBOMQueryResult: VerdictReport, Sendable, Encodable {
    public var file: String
    public var filters: [String]
    public var fields: [ComponentField]
    /// Components in the document.
    public var total: Int
    /// One row per matching component, a value (or nil) per field.
    public var rows: [[String?]]

    public var verdict: Verdict {
        Verdict(checksMade: total, failures: rows.isEmpty ? [CheckFailure(subject: "query", reason: "no component matched")] : [])
    }

    /// Runs `filters` (all must accept) over every component of `document`.
    public static func run(_ document: SBOMDocument, filters: [ComponentFilter], fields: [ComponentField], file: String) -> SBOMQueryResult {
        let components = QueriedComponent.all(in: document)
        let rows = components.filter { component in filters.allSatisfy { $0.accepts(component) } }
            .map { component in fields.map { $0.value(component) } }
        return SBOMQueryResult(file: file, filters: filters.map(\.description), fields: fields, total: components.count, rows: rows)
    }

    /// Aligned columns under an upper-case header (as syft's table), `-` for a value the SBOM does not
    /// give, then `N of M components`; metadata escaped for a terminal.
    public func text(header: Bool = true) -> String {
        let cells = rows.map { $0.map { ($0 ?? "-").terminalEscaped } }
        let titles = fields.map { $0.rawValue.uppercased() }
        let widths = fields.indices.map { column in max(header ? titles[column].count : 0, cells.map { $0[column].count }.max() ?? 0) }
        func line(_ values: [String]) -> String {
            values.enumerated().map { column, value in
                column == values.count - 1 ? value : value.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var lines = header && !rows.isEmpty ? [line(titles)] : []
        lines += cells.map(line)
        return lines.map { $0 + "\n" }.joined()
    }

    private enum CodingKeys: String, CodingKey { case file, passed, filters, fields, total, matched, components }

    /// Schemas/sbom-query.schema.json.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(verdict.passed, forKey: .passed)
        try container.encode(filters, forKey: .filters)
        try container.encode(fields, forKey: .fields)
        try container.encode(total, forKey: .total)
        try container.encode(rows.count, forKey: .matched)
        var components = container.nestedUnkeyedContainer(forKey: .components)
        for row in rows {
            var object = components.nestedContainer(keyedBy: FieldKey.self)
            for (field, value) in zip(fields, row) { try object.encode(value, forKey: FieldKey(field.rawValue)) }
        }
    }

    private struct FieldKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
