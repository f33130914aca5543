import Foundation
import VouchCore

/// `vouch sbom diff --format text|markdown`.
extension SBOMDiffReport {
    private static let headings: [(ChangeKind, String)] = [
        (.hashChanged, "Hash changed at the same version"), (.downgraded, "Downgraded"), (.upgraded, "Upgraded"),
        (.versionChanged, "Version changed"), (.added, "Added"), (.removed, "Removed"),
        (.licenseChanged, "License changed"), (.supplierChanged, "Supplier changed"),
    ]

    private func detail(_ change: Change) -> String {
        switch change.kind {
        case .added: "\(change.name) \(change.after ?? "")"
        case .removed: "\(change.name) \(change.before ?? "")"
        default: "\(change.name): \(change.before ?? "") -> \(change.after ?? "")"
        }
    }

    /// One line per change, then the summary; package metadata escaped for a terminal (``TerminalText``).
    public func text() -> String {
        var lines: [String] = []
        for (kind, _) in Self.headings {
            for change in changes where change.kind == kind { lines.append("\(kind.rawValue): \(detail(change).terminalEscaped)") }
        }
        for edge in edges { lines.append("\(edge.added ? "edge-added" : "edge-removed"): \(edge.from.terminalEscaped) -> \(edge.to.terminalEscaped)") }
        lines.append(summary().terminalEscaped)
        return lines.joined(separator: "\n") + "\n"
    }

    private func summary() -> String {
        let counts = Self.headings.map(\.0).compactMap { kind in count(kind) > 0 ? "\(count(kind)) \(kind.rawValue)" : nil }
        let edgeCounts = edges.isEmpty ? "" : ", \(edges.filter(\.added).count) edges added, \(edges.filter { !$0.added }.count) removed"
        let verdictText = verdict.passed ? "OK" : "FAILED (\(failing.count) \(failOn.map(\.rawValue).joined(separator: "/")))"
        return "\(verdictText): \(counts.isEmpty ? "no component changes" : counts.joined(separator: ", "))\(edgeCounts)"
    }

    /// A pull-request comment: a summary table, then a section per kind of change.
    public func markdown() -> String {
        var out = "### SBOM diff: \(Self.cell(old)) → \(Self.cell(new))\n\n"
        out += verdict.passed ? "**OK**\n\n" : "**FAILED**: \(failing.count) change\(failing.count == 1 ? "" : "s") of a kind that fails (\(failOn.map(\.rawValue).joined(separator: ", ")))\n\n"
        out += "| change | count |\n| --- | ---: |\n"
        for (kind, title) in Self.headings where count(kind) > 0 { out += "| \(title) | \(count(kind)) |\n" }
        if !edges.isEmpty {
            out += "| Dependency edges added | \(edges.filter(\.added).count) |\n| Dependency edges removed | \(edges.filter { !$0.added }.count) |\n"
        }
        if changes.isEmpty && edges.isEmpty { out += "| none | 0 |\n" }
        for (kind, title) in Self.headings where count(kind) > 0 {
            out += "\n#### \(title)\n\n| component | before | after |\n| --- | --- | --- |\n"
            for change in changes where change.kind == kind {
                out += "| `\(Self.cell(change.name))` | \(Self.cell(change.before ?? "")) | \(Self.cell(change.after ?? "")) |\n"
            }
        }
        if !edges.isEmpty {
            out += "\n<details><summary>Dependency edges</summary>\n\n| | from | to |\n| --- | --- | --- |\n"
            for edge in edges { out += "| \(edge.added ? "+" : "−") | `\(Self.cell(edge.from))` | `\(Self.cell(edge.to))` |\n" }
            out += "\n</details>\n"
        }
        return out
    }

    /// Package metadata is untrusted: no table breaks, no HTML, no backtick escapes in a comment.
    static func cell(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|": out += "\\|"
            case "`": out += "'"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r", "\t": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
