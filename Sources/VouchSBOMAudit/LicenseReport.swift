import Foundation
public import VouchCore
public import VouchSBOM
public import VouchPolicy

/// `vouch sbom licenses`: which licenses an SBOM's packages carry and, given a policy, the deploy gate's
/// `licenses:` rule applied to them (``LicensePolicyCheck``: SPDX 2.3 Annex D semantics, exceptions,
/// `allowUnknown`), so an auditor gets the gate's answer on any SBOM, from any producer.
///
/// The packages judged are the ones the gate judges: the document's packages (not the described root),
/// each with the concluded license when the SBOM asserts one, else the declared one.
public struct LicenseReport: VerdictReport, Sendable, Encodable {
    /// One license expression and how many packages carry it.
    public struct ExpressionCount: Sendable, Encodable, Hashable {
        /// The canonical expression; `NOASSERTION` for packages with none.
        public var license: String
        public var packages: Int
        /// False when the text is not a valid SPDX expression (kept as written).
        public var valid: Bool
    }

    /// A package the policy refuses, and why.
    public struct Failure: Sendable, Encodable, Hashable {
        public var name: String
        public var version: String
        public var ecosystem: String
        public var license: String?
        public var problem: String
    }

    public var file: String
    public var packages: Int
    /// Expressions, most packages first.
    public var licenses: [ExpressionCount]
    /// Each license id inside the expressions (`MIT`, `Apache-2.0 WITH LLVM-exception`) and how many packages use it.
    public var licenseIDs: [String: Int]
    /// Packages without license information.
    public var unknown: Int
    /// The policy file applied, when one was.
    public var policy: String?
    public var failures: [Failure]

    public var passed: Bool { failures.isEmpty }

    public var verdict: Verdict {
        Verdict(checksMade: policy == nil ? 0 : packages, failures: failures.map {
            CheckFailure(subject: "\($0.name) \($0.version)", reason: $0.problem)
        })
    }

    enum CodingKeys: String, CodingKey { case file, packages, passed, policy, unknown, licenses, licenseIDs, failures }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(packages, forKey: .packages)
        try container.encode(passed, forKey: .passed)
        try container.encodeIfPresent(policy, forKey: .policy)
        try container.encode(unknown, forKey: .unknown)
        try container.encode(licenses, forKey: .licenses)
        try container.encode(licenseIDs, forKey: .licenseIDs)
        try container.encode(failures, forKey: .failures)
    }

    /// The breakdown of `document`'s licenses, and with `rule` the packages it refuses.
    public static func make(_ document: SBOMDocument, rule: LicenseRule?, policyPath: String?, file: String) -> LicenseReport {
        var counts: [String: (count: Int, valid: Bool)] = [:]
        var ids: [String: Int] = [:]
        var unknown = 0
        var failures: [Failure] = []
        let check = rule.map(LicensePolicyCheck.init)
        for package in document.packages {
            let evidence = PackageEvidence(package)
            let text = evidence.license?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if isBlank(text) {
                unknown += 1
                counts["NOASSERTION", default: (0, true)].count += 1
            } else if let expression = SPDXExpression(text) {
                counts[expression.canonical, default: (0, true)].count += 1
                for id in Set(expression.tree.licenses) { ids[id, default: 0] += 1 }
            } else {
                counts[text, default: (0, false)].count += 1
            }
            if let check, let problem = check.problem(with: evidence) {
                failures.append(Failure(name: package.name, version: package.version, ecosystem: evidence.ecosystem,
                                        license: isBlank(text) ? nil : text, problem: problem))
            }
        }
        let licenses = counts.map { ExpressionCount(license: $0.key, packages: $0.value.count, valid: $0.value.valid) }
            .sorted { ($0.packages, $1.license) > ($1.packages, $0.license) }
        return LicenseReport(file: file, packages: document.packages.count, licenses: licenses, licenseIDs: ids, unknown: unknown,
                             policy: policyPath, failures: failures)
    }

    /// The breakdown, then each refused package, then the verdict line; metadata escaped for a terminal.
    public func text() -> String {
        var out = ""
        for entry in licenses {
            out += "\(String(entry.packages).leftPadded(to: 5))  \(entry.license.terminalEscaped)\(entry.valid ? "" : "  (not a valid SPDX expression)")\n"
        }
        for failure in failures {
            out += "FAIL \(failure.name) \(failure.version): \(failure.problem)".terminalEscaped + "\n"
        }
        let distinct = licenses.count - (unknown > 0 ? 1 : 0)
        let summary = "\(packages) package\(packages == 1 ? "" : "s"), \(distinct) distinct license expression\(distinct == 1 ? "" : "s"), \(unknown) without license information"
        if let policy {
            out += (passed ? "PASS: \(summary); all acceptable under \(policy)"
                           : "FAIL: \(failures.count) of \(packages) packages have unacceptable licenses under \(policy) (\(summary))").terminalEscaped + "\n"
        } else {
            out += summary.terminalEscaped + "\n"
        }
        return out
    }
}

extension SPDXExpression.Node {
    /// Each license of the expression, with its exception (`GPL-2.0-only WITH Classpath-exception-2.0`).
    var licenses: [String] {
        switch self {
        case .license(let id, let exception): [exception.map { "\(id) WITH \($0)" } ?? id]
        case .and(let left, let right), .or(let left, let right): left.licenses + right.licenses
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
