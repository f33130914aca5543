/// Turns a distribution's core metadata into one ``PackageLicense``, in the precedence PEP 639 sets out:
///
/// 1. `License-Expression` (PEP 639), when it is a valid SPDX expression;
/// 2. `License`, when its whole text is a valid SPDX id or expression;
/// 3. license classifiers, when every one maps to the same single SPDX id (``LicenseClassifier``);
/// 4. otherwise the `License` text (or an invalid `License-Expression`, or the classifiers' names) kept
///    verbatim as a `LicenseRef-`; with nothing at all, NOASSERTION.
///
/// `UNKNOWN` (what old setuptools wrote for "not given") counts as absent.
public enum PythonLicenseResolver {
    public static func resolve(_ metadata: CoreMetadata, referenceStem: String) -> PackageLicense {
        let declaredExpression = metadata.licenseExpression.map { $0.trimmingSpaces() }.flatMap(usable)
        if let declaredExpression, let expression = SPDXExpression(declaredExpression) {
            let references = expression.licenseReferences.map { id in
                LicenseReference(id: id, name: id, text: "\(id) is named by the License-Expression of \(referenceStem); its text is in the distribution's license files.")
            }
            return PackageLicense(expression: expression.canonical, references: references, source: .licenseExpression)
        }
        let licenseText = metadata.license.flatMap(usable)
        if let licenseText, !licenseText.utf8.contains(0x0A), let expression = SPDXExpression(licenseText), expression.licenseReferences.isEmpty {
            return PackageLicense(expression: expression.canonical, source: .licenseField)
        }
        let licenseClassifiers = metadata.classifiers.filter(LicenseClassifier.isLicenseClassifier)
        if !licenseClassifiers.isEmpty {
            let ids = Set(licenseClassifiers.map(LicenseClassifier.spdxID))
            if ids.count == 1, let only = ids.first, let id = only {
                return PackageLicense(expression: id, source: .classifiers)
            }
        }
        let text = declaredExpression ?? licenseText ?? (licenseClassifiers.isEmpty ? nil : licenseClassifiers.joined(separator: "\n"))
        guard let text else { return .noAssertion }
        let id = "LicenseRef-" + SPDXExpression.idString(referenceStem)
        let firstLine = Self.firstLine(text)
        let name = firstLine.count > 80 ? String(firstLine.prefix(77)) + "..." : firstLine
        return PackageLicense(expression: id, references: [LicenseReference(id: id, name: name, text: text)], source: .licenseText)
    }

    /// The first non-empty line, trimmed, found without splitting what may be pages of license text.
    static func firstLine(_ text: String) -> String {
        var lineStart = text.utf8.startIndex
        while lineStart < text.utf8.endIndex {
            let lineEnd = text.utf8[lineStart...].firstIndex(of: 0x0A) ?? text.utf8.endIndex
            if lineEnd > lineStart { return String(text[lineStart..<lineEnd]).trimmingSpaces() }
            lineStart = text.utf8.index(after: lineEnd)
        }
        return text
    }

    private static func usable(_ text: String) -> String? {
        let trimmed = text.trimmingSpaces()
        if trimmed.isEmpty || (trimmed.utf8.count == 7 && trimmed.uppercased() == "UNKNOWN") { return nil }
        return trimmed
    }
}
