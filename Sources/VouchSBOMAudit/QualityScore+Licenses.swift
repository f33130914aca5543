import VouchSBOM

/// sbomqs v2.0.12's view of license expressions (`pkg/licenses/license.go` `LookupExpression`, and
/// `pkg/scorer/v2/common/common.go`): an expression is split into the licenses it names, each looked up in
/// the SPDX list, then ScanCode's list, else kept as a "custom" license. Lists: ``spdxData``, ``aboutCodeData``.
enum SbomqsLicenses {
    struct Entry: Sendable {
        var deprecated: Bool
        var restrictive: Bool
    }

    /// One license as sbomqs resolves it: `source` is `spdx`, `aboutcode` or `custom`.
    struct Resolved: Sendable {
        var id: String
        var source: String
        var deprecated: Bool
        var restrictive: Bool
    }

    static let spdx: [String: Entry] = table(spdxData)
    static let aboutCode: [String: Entry] = table(aboutCodeData)

    private static func table(_ data: String) -> [String: Entry] {
        var out: [String: Entry] = [:]
        for line in data.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard let id = words.first else { continue }
            out[String(id)] = Entry(deprecated: words.contains("deprecated"), restrictive: words.contains("restrictive"))
        }
        return out
    }

    /// The licenses `expression` names, as sbomqs's `LookupExpression` returns them: nothing for empty,
    /// NONE or NOASSERTION; the whole text as one custom license when it does not parse (go-spdx rejects
    /// unknown ids); else one entry per license, where `ID WITH EXCEPTION` stays one string (go-spdx's
    /// `reconstructedLicenseString`), which no list holds, so sbomqs calls it custom: odd, followed.
    static func resolve(_ expression: String?) -> [Resolved] {
        guard let expression = expression?.trimmingCharacters(in: .whitespacesAndNewlines), !expression.isEmpty,
              !["NONE", "NOASSERTION"].contains(expression.uppercased()) else { return [] }
        if let entry = spdx[expression], entry.deprecated, expression.hasSuffix("+") {
            return [Resolved(id: expression, source: "spdx", deprecated: true, restrictive: entry.restrictive)]
        }
        guard let parsed = SPDXExpression(expression) else {
            return [Resolved(id: expression, source: "custom", deprecated: false, restrictive: false)]
        }
        var ids: [String] = []
        func walk(_ node: SPDXExpression.Node) {
            switch node {
            case .license(let id, let exception):
                let text = exception.map { "\(id) WITH \($0)" } ?? id
                if !ids.contains(text) { ids.append(text) }
            case .and(let left, let right), .or(let left, let right):
                walk(left); walk(right)
            }
        }
        walk(parsed.tree)
        return ids.map { id in
            if let entry = spdx[id] { return Resolved(id: id, source: "spdx", deprecated: entry.deprecated, restrictive: entry.restrictive) }
            var trimmed = Substring(id)
            while trimmed.hasSuffix("+") { trimmed = trimmed.dropLast() }
            if let entry = aboutCode[String(trimmed)] {
                return Resolved(id: id, source: "aboutcode", deprecated: entry.deprecated, restrictive: entry.restrictive)
            }
            // sbomqs keys its ScanCode list by every `LicenseRef-scancode-` id; an unflagged one behaves as custom here.
            return Resolved(id: id, source: id.hasPrefix("LicenseRef-scancode-") ? "aboutcode" : "custom", deprecated: false, restrictive: false)
        }
    }

    /// `AreLicensesValid`: every license is SPDX-listed, ScanCode-listed, or a custom `LicenseRef-`.
    static func allValid(_ licenses: [Resolved]) -> Bool {
        !licenses.isEmpty && licenses.allSatisfy { $0.source != "custom" || $0.id.hasPrefix("LicenseRef-") }
    }
}
