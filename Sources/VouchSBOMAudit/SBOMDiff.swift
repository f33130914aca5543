import Foundation
public import VouchCore
public import VouchSBOM
import VouchVuln

/// `vouch sbom diff`: what changed between two SBOMs of the same thing, from any producer.
///
/// Components are matched by their purl without version and qualifiers other than `arch` (type,
/// namespace, name; PyPI names normalized as PEP 503 does), else by ecosystem and normalized name, so
/// PyPI `idna` and Cargo `idna` stay apart. Versions compare in their ecosystem's order (PEP 440 for
/// PyPI, Debian policy 5.6.12 for deb, numeric parts elsewhere). A hash that changed while the version
/// stayed the same means different bytes under one name and version: the change to be suspicious of.
public struct SBOMDiffReport: VerdictReport, Sendable, Encodable {
    public enum ChangeKind: String, Sendable, Encodable, CaseIterable {
        case added, removed, upgraded, downgraded
        /// A version changed where no order is known.
        case versionChanged = "version-changed"
        case licenseChanged = "license-changed"
        case supplierChanged = "supplier-changed"
        /// The same version with a different hash (for an algorithm both documents give).
        case hashChanged = "hash-changed"
    }

    public struct Change: Sendable, Encodable, Hashable {
        public var kind: ChangeKind
        /// The matching key (`pkg:pypi/idna`).
        public var key: String
        public var name: String
        public var before: String?
        public var after: String?
    }

    public struct EdgeChange: Sendable, Encodable, Hashable {
        public var from: String
        public var to: String
        public var added: Bool
    }

    public var old: String
    public var new: String
    public var changes: [Change]
    public var edges: [EdgeChange]
    /// The change kinds that make the verdict negative (`--fail-on`).
    public var failOn: [ChangeKind]

    public var failing: [Change] { changes.filter { failOn.contains($0.kind) } }

    public var verdict: Verdict {
        Verdict(checksMade: changes.count, failures: failing.map { CheckFailure(subject: $0.name, reason: $0.kind.rawValue, expected: $0.before, actual: $0.after) })
    }

    public func count(_ kind: ChangeKind) -> Int { changes.filter { $0.kind == kind }.count }

    enum CodingKeys: String, CodingKey { case old, new, passed, failOn, summary, changes, edges }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(old, forKey: .old)
        try container.encode(new, forKey: .new)
        try container.encode(verdict.passed, forKey: .passed)
        try container.encode(failOn, forKey: .failOn)
        var summary: [String: Int] = [:]
        for kind in ChangeKind.allCases { summary[kind.rawValue] = count(kind) }
        summary["edges-added"] = edges.filter(\.added).count
        summary["edges-removed"] = edges.filter { !$0.added }.count
        try container.encode(summary, forKey: .summary)
        try container.encode(changes, forKey: .changes)
        try container.encode(edges, forKey: .edges)
    }
}

public enum SBOMDiff {
    /// Compares `old` with `new` (both read by ``SBOMReader``).
    public static func compare(_ old: SBOMDocument, _ new: SBOMDocument, oldName: String, newName: String,
                               failOn: [SBOMDiffReport.ChangeKind] = [.hashChanged]) -> SBOMDiffReport {
        let before = Dictionary(grouping: old.packages, by: key)
        let after = Dictionary(grouping: new.packages, by: key)
        var changes: [SBOMDiffReport.Change] = []
        for name in Set(before.keys).union(after.keys).sorted() {
            var olds = before[name] ?? []
            var news = after[name] ?? []
            // Same version on both sides first, then one-to-one leftovers as version changes.
            var pairs: [(SBOMPackage, SBOMPackage)] = []
            for package in olds {
                if let index = news.firstIndex(where: { $0.version == package.version }) {
                    pairs.append((package, news.remove(at: index)))
                    olds.removeAll { $0 == package }
                }
            }
            if olds.count == 1, news.count == 1 {
                pairs.append((olds[0], news[0]))
                olds = []
                news = []
            }
            for package in olds { changes.append(.init(kind: .removed, key: name, name: package.name, before: package.version, after: nil)) }
            for package in news { changes.append(.init(kind: .added, key: name, name: package.name, before: nil, after: package.version)) }
            for (a, b) in pairs { changes += compare(a, b, key: name) }
        }
        let oldKeys = Dictionary(old.packages.map { ($0.id, key($0)) }, uniquingKeysWith: { first, _ in first })
        let newKeys = Dictionary(new.packages.map { ($0.id, key($0)) }, uniquingKeysWith: { first, _ in first })
        let oldEdges = Set(old.dependencies.compactMap { edge in oldKeys[edge.from].flatMap { from in oldKeys[edge.to].map { "\(from) -> \($0)" } } })
        let newEdges = Set(new.dependencies.compactMap { edge in newKeys[edge.from].flatMap { from in newKeys[edge.to].map { "\(from) -> \($0)" } } })
        func edge(_ text: String, added: Bool) -> SBOMDiffReport.EdgeChange {
            let parts = text.components(separatedBy: " -> ")
            return .init(from: parts[0], to: parts[1], added: added)
        }
        let edges = newEdges.subtracting(oldEdges).sorted().map { edge($0, added: true) } + oldEdges.subtracting(newEdges).sorted().map { edge($0, added: false) }
        return SBOMDiffReport(old: oldName, new: newName, changes: changes, edges: edges, failOn: failOn)
    }

    private static func compare(_ a: SBOMPackage, _ b: SBOMPackage, key: String) -> [SBOMDiffReport.Change] {
        var changes: [SBOMDiffReport.Change] = []
        if a.version != b.version {
            let order = VersionOrder.compare(a.version, b.version, ecosystem: key)
            let kind: SBOMDiffReport.ChangeKind = order.map { $0 < 0 ? .upgraded : ($0 > 0 ? .downgraded : .versionChanged) } ?? .versionChanged
            changes.append(.init(kind: kind, key: key, name: b.name, before: a.version, after: b.version))
        } else {
            let oldHashes = Dictionary(hashes(a).map { ($0.algorithm.uppercased(), $0.value.lowercased()) }, uniquingKeysWith: { first, _ in first })
            for hash in hashes(b) {
                if let value = oldHashes[hash.algorithm.uppercased()], value != hash.value.lowercased() {
                    changes.append(.init(kind: .hashChanged, key: key, name: b.name, before: "\(a.version) \(hash.algorithm):\(value)", after: "\(b.version) \(hash.algorithm):\(hash.value.lowercased())"))
                    break
                }
            }
        }
        let licenseA = license(a), licenseB = license(b)
        if licenseA != licenseB {
            changes.append(.init(kind: .licenseChanged, key: key, name: b.name, before: licenseA ?? "NOASSERTION", after: licenseB ?? "NOASSERTION"))
        }
        let supplierA = supplier(a), supplierB = supplier(b)
        if supplierA != supplierB {
            changes.append(.init(kind: .supplierChanged, key: key, name: b.name, before: supplierA ?? "NOASSERTION", after: supplierB ?? "NOASSERTION"))
        }
        return changes
    }

    private static func hashes(_ package: SBOMPackage) -> [ComponentHash] { package.evidence?.hashes ?? [] }

    private static func license(_ package: SBOMPackage) -> String? {
        let text = package.evidence?.declaredLicense ?? package.license.expression
        return isBlank(text) ? nil : text
    }

    private static func supplier(_ package: SBOMPackage) -> String? {
        let party = package.evidence?.supplier ?? package.evidence?.producers.first
        guard let party, party.isKnown else { return isBlank(package.supplier) ? nil : package.supplier }
        return [party.name, party.email.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
    }

    /// The matching key: the purl without version and qualifiers (but `arch`), else ecosystem and name.
    static func key(_ package: SBOMPackage) -> String {
        if let purl = package.purl, let parsed = ParsedKey(purl) { return parsed.text }
        let ecosystem = package.ecosystem == .python ? "pypi" : package.ecosystem.rawValue
        return "\(ecosystem):\(normalized(package.name, type: ecosystem))"
    }

    /// PEP 503 for PyPI (runs of `-`, `_`, `.` as one `-`, lower case); lower case for deb; as is elsewhere.
    static func normalized(_ name: String, type: String) -> String {
        switch type {
        case "pypi":
            var out = ""
            var separator = false
            for character in name.lowercased() {
                if character == "-" || character == "_" || character == "." {
                    separator = true
                } else {
                    if separator, !out.isEmpty { out.append("-") }
                    separator = false
                    out.append(character)
                }
            }
            return out
        case "deb": return name.lowercased()
        default: return name
        }
    }

    private struct ParsedKey {
        var text: String

        init?(_ purl: String) {
            guard purl.hasPrefix("pkg:") else { return nil }
            var rest = Substring(purl.dropFirst(4))
            if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
            var arch: String?
            if let question = rest.firstIndex(of: "?") {
                for pair in rest[rest.index(after: question)...].split(separator: "&") where pair.lowercased().hasPrefix("arch=") {
                    arch = String(pair.dropFirst(5))
                }
                rest = rest[..<question]
            }
            if let at = rest.lastIndex(of: "@"), rest[..<at].contains("/") { rest = rest[..<at] }
            let segments = rest.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
            guard segments.count >= 2 else { return nil }
            let type = segments[0].lowercased()
            let name = SBOMDiff.normalized(segments.last!, type: type)
            let namespace = segments.count > 2 ? segments[1..<(segments.count - 1)].joined(separator: "/") + "/" : ""
            text = "pkg:\(type)/\(type == "deb" ? namespace.lowercased() : namespace)\(name)" + (arch.map { "?arch=\($0)" } ?? "")
        }
    }
}

/// Version order per ecosystem: negative when `a` is older.
enum VersionOrder {
    static func compare(_ a: String, _ b: String, ecosystem key: String) -> Int? {
        if key.hasPrefix("pkg:pypi/") || key.hasPrefix("pypi:") {
            let x = PyPIVersion(a), y = PyPIVersion(b)
            return x < y ? -1 : (y < x ? 1 : 0)
        }
        if key.hasPrefix("pkg:deb/") || key.hasPrefix("debian:") {
            guard let x = DebianVersion(a), let y = DebianVersion(b) else { return nil }
            return DebianVersion.compare(x, y).signum()
        }
        return numeric(a, b)
    }

    /// Dotted numeric parts (`1.10.2` > `1.9`), a leading `v` ignored; nil when either has no number.
    static func numeric(_ a: String, _ b: String) -> Int? {
        func parts(_ text: String) -> [Int] {
            text.split { !$0.isNumber }.compactMap { Int($0) }
        }
        let x = parts(a), y = parts(b)
        guard !x.isEmpty, !y.isEmpty else { return nil }
        for index in 0..<max(x.count, y.count) {
            let left = index < x.count ? x[index] : 0, right = index < y.count ? y[index] : 0
            if left != right { return left < right ? -1 : 1 }
        }
        return nil
    }
}
