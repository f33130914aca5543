import VouchSBOM

/// Decides whether one package's SPDX license expression is acceptable under a ``LicenseRule``.
///
/// Expressions are parsed by ``SPDXExpression`` (ids checked against the SPDX license list). SPDX 2.3
/// Annex D semantics: `A OR B` is acceptable when either side is; `A AND B` when both are;
/// `L WITH E` is judged as `L WITH E` if listed, else as `L`. A license is acceptable when it is not denied
/// and, if the rule has an allow list, is on it. Ids compare case-insensitively (SPDX 2.3 Annex D.2).
public struct LicensePolicyCheck {
    public let rule: LicenseRule
    private let allow: Set<String>
    private let deny: Set<String>

    public init(rule: LicenseRule) {
        self.rule = rule
        allow = Set(rule.allow.map { $0.lowercased() })
        deny = Set(rule.deny.map { $0.lowercased() })
    }

    /// Why the package fails the rule, or nil when it passes.
    public func problem(with package: PackageEvidence) -> String? {
        let expression = package.license?.trimmingCharacters(in: .whitespaces) ?? ""
        if let exception = rule.exceptions.first(where: {
            PythonPackageName.normalize($0.package) == PythonPackageName.normalize(package.name)
        }) {
            if let expected = exception.license, expected.lowercased() != expression.lowercased() {
                return "the exception for this package is for '\(expected)', but its license is now '\(expression.isEmpty ? "unknown" : expression)'"
            }
            return nil
        }
        if expression.isEmpty || expression == "NOASSERTION" || expression == "NONE" {
            return rule.allowUnknown ? nil : "no license information (set allowUnknown or add an exception)"
        }
        guard let parsed = SPDXExpression(expression) else {
            return rule.allowUnknown ? nil : "license expression '\(expression)' is not valid SPDX"
        }
        return parsed.tree.isSatisfied(by: isAcceptable) ? nil : "license '\(expression)' is not allowed"
    }

    private func isAcceptable(_ license: String, exception: String?) -> Bool {
        let base = license.lowercased()
        let full = exception.map { "\(base) with \($0.lowercased())" }
        if deny.contains(base) || full.map(deny.contains) == true { return false }
        if allow.isEmpty { return true }
        return allow.contains(base) || full.map(allow.contains) == true
    }
}
