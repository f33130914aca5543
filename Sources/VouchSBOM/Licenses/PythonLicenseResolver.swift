/// Turns a distribution's core metadata and license files into one ``PackageLicense``. Sources, in order
/// (PEP 639's precedence, then what the metadata says without an id):
///
/// 1. `License-Expression` (PEP 639), when it is a valid SPDX expression;
/// 2. `License`, when its whole text is a valid SPDX id or expression;
/// 3. `License`, when its whole text is a license name with one meaning (``LicenseNames``);
/// 4. `License`, when it is a license text that ``LicenseTextMatcher`` identifies completely;
/// 5. license classifiers, when every one maps to the same single SPDX id (``LicenseClassifier``);
/// 6. the license files (`License-File`, `.dist-info/licenses/`, `LICENSE*`/`COPYING*`), when every one is
///    identified completely (files that only credit people, such as AUTHORS, are skipped when they match
///    no license); several licenses are joined with AND;
/// 7. otherwise the `License` text (or an invalid `License-Expression`, or the classifiers' names) kept
///    verbatim as a `LicenseRef-`; with nothing at all, NOASSERTION.
///
/// Steps 3, 4 and 6 must agree with the license classifiers: every id found must be one a classifier
/// names, or in the family of an ambiguous one ("BSD License" admits BSD-3-Clause, not MIT); a classifier
/// Vouch cannot read stops them. `UNKNOWN` (what old setuptools wrote for "not given") counts as absent.
public enum PythonLicenseResolver {
    /// Largest license file read for identification.
    public static let maximumLicenseFileBytes = 1 << 20

    public static func resolve(_ metadata: CoreMetadata, referenceStem: String, licenseFiles: [String] = [],
                               readFile: (String) -> String? = { _ in nil }) -> PackageLicense {
        resolve(metadata, referenceStem: referenceStem, licenseFiles: licenseFiles, identifyFile: { path in readFile(path).map(LicenseTextMatcher.identify) })
    }

    /// The declared license (``resolve(_:referenceStem:licenseFiles:readFile:)``) and the license Vouch
    /// concludes from the same license files (``conclude(_:licenseFiles:identifyFile:)``); each file is read
    /// and identified at most once.
    public static func resolveDeclaredAndConcluded(_ metadata: CoreMetadata, referenceStem: String, licenseFiles: [String],
                                                   readFile: (String) -> String?) -> (declared: PackageLicense, concluded: PackageLicense?) {
        var identified: [String: LicenseTextIdentification?] = [:]
        func identifyFile(_ path: String) -> LicenseTextIdentification? {
            if let known = identified[path] { return known }
            let found = readFile(path).map(LicenseTextMatcher.identify)
            identified[path] = found
            return found
        }
        let declared = resolve(metadata, referenceStem: referenceStem, licenseFiles: licenseFiles, identifyFile: identifyFile)
        return (declared, conclude(declared, licenseFiles: licenseFiles, identifyFile: identifyFile))
    }

    /// The license Vouch concludes (SPDX 2.3 clause 7.13 `licenseConcluded`, CycloneDX 1.6
    /// `acknowledgement: concluded`) after analysing the license files the distribution ships: the declared
    /// expression, when it uses only SPDX-listed ids without exceptions, every license file (credit files
    /// such as AUTHORS that match no license left out) is identified completely against the SPDX license
    /// texts, and the licenses the files hold are exactly the ones the expression names. Nil (NOASSERTION)
    /// otherwise: no license file, a file not identified, a file with a license the declaration does not
    /// name (a bundled library's), or a declared license no file holds. The notes say how it was concluded.
    static func conclude(_ declared: PackageLicense, licenseFiles: [String], identifyFile: (String) -> LicenseTextIdentification?) -> PackageLicense? {
        guard let text = declared.expression, !licenseFiles.isEmpty, let expression = SPDXExpression(text),
              expression.licenseReferences.isEmpty else { return nil }
        var declaredIDs: Set<String> = []
        var stack = [expression.tree]
        while let node = stack.popLast() {
            switch node {
            case .license(let id, let exception):
                guard exception == nil else { return nil }
                declaredIDs.insert(id)
            case .and(let left, let right), .or(let left, let right):
                stack.append(left)
                stack.append(right)
            }
        }
        var found: Set<String> = []
        var notes: [String] = []
        for path in licenseFiles {
            let name = String(path.split(separator: "/").last ?? "")
            guard let identification = identifyFile(path) else { return nil }
            if identification.matches.isEmpty, isCreditsFile(name) { continue }
            guard let ids = identification.resolvedIDs(preferring: declaredIDs), !ids.isEmpty else { return nil }
            found.formUnion(ids)
            notes.append("\(name): \(ids.joined(separator: " AND ")) by \(identification.methodDescription)")
        }
        guard !found.isEmpty, found == declaredIDs else { return nil }
        let how = "concluded by Vouch: the license files' texts match the SPDX license list \(SPDXLicenseTemplates.listVersion) and name exactly the declared license's ids"
        return PackageLicense(expression: expression.canonical, source: .licenseFiles, notes: [how] + notes)
    }

    static func resolve(_ metadata: CoreMetadata, referenceStem: String, licenseFiles: [String],
                        identifyFile: (String) -> LicenseTextIdentification?) -> PackageLicense {
        let declaredExpression = metadata.licenseExpression.map { $0.trimmingSpaces() }.flatMap(usable)
        if let declaredExpression, let expression = SPDXExpression(declaredExpression) {
            let references = expression.licenseReferences.map { id in
                LicenseReference(id: id, name: id, text: "\(id) is named by the License-Expression of \(referenceStem); its text is in the distribution's license files.")
            }
            return PackageLicense(expression: expression.canonical, references: references, source: .licenseExpression)
        }
        let licenseText = metadata.license.flatMap(usable)
        let singleLine = licenseText.map { !$0.utf8.contains(0x0A) } ?? false
        if let licenseText, singleLine, let expression = SPDXExpression(licenseText), expression.licenseReferences.isEmpty {
            return PackageLicense(expression: expression.canonical, source: .licenseField)
        }
        let licenseClassifiers = metadata.classifiers.filter(LicenseClassifier.isLicenseClassifier)
        let constraint = ClassifierConstraint(licenseClassifiers)
        var notes: [String] = []
        if let licenseText, singleLine, let id = LicenseNames.spdxID(for: licenseText) {
            let note = "License \"\(licenseText)\": \(id) by name"
            if constraint.admits([id]) { return PackageLicense(expression: id, source: .licenseName, notes: [note]) }
            notes.append(note + ", not used: the classifiers say otherwise")
        }
        if let licenseText, !singleLine || licenseText.utf8.count > 200 {
            let found = LicenseTextMatcher.identify(licenseText)
            if let expression = found.expression(preferring: constraint.ids) {
                let note = "License text: \(expression) by \(found.methodDescription)"
                if constraint.admits(found.resolvedIDs(preferring: constraint.ids) ?? []) { return PackageLicense(expression: expression, source: .licenseFieldText, notes: [note]) }
                notes.append(note + ", not used: the classifiers say otherwise")
            } else if let problem = found.problem {
                notes.append("License text: not identified (\(problem))")
            }
        }
        if !licenseClassifiers.isEmpty {
            let ids = Set(licenseClassifiers.map(LicenseClassifier.spdxID))
            if ids.count == 1, let only = ids.first, let id = only {
                return PackageLicense(expression: id, source: .classifiers)
            }
        }
        if !licenseFiles.isEmpty {
            var expressions: [String] = []
            var ids: [String] = []
            var complete = true
            var fileNotes: [String] = []
            for path in licenseFiles {
                let name = String(path.split(separator: "/").last ?? "")
                guard let found = identifyFile(path) else {
                    fileNotes.append("\(name): not readable")
                    complete = false
                    continue
                }
                if found.matches.isEmpty, Self.isCreditsFile(name) {
                    fileNotes.append("\(name): no license in it, skipped")
                    continue
                }
                if let expression = found.expression(preferring: constraint.ids) {
                    fileNotes.append("\(name): \(expression) by \(found.methodDescription)")
                    if !expressions.contains(expression) { expressions.append(expression) }
                    for id in found.resolvedIDs(preferring: constraint.ids) ?? [] where !ids.contains(id) { ids.append(id) }
                } else {
                    fileNotes.append("\(name): not identified (\(found.problem ?? "ambiguous"))")
                    complete = false
                }
            }
            notes += fileNotes
            if complete, !ids.isEmpty, constraint.readable {
                if constraint.admits(ids) {
                    let expression = expressions.count == 1 ? expressions[0] : expressions.map { $0.contains(" ") ? "(\($0))" : $0 }.joined(separator: " AND ")
                    let canonical = SPDXExpression(expression)?.canonical ?? expression
                    var withText = notes
                    if let licenseText, singleLine { withText.insert("License \"\(licenseText)\"", at: 0) }
                    return PackageLicense(expression: canonical, source: .licenseFiles, notes: withText)
                }
                notes.append("license files not used: the classifiers say otherwise")
            } else if complete, !ids.isEmpty {
                notes.append("license files not used: a classifier names no SPDX license or family")
            }
        }
        let text = declaredExpression ?? licenseText ?? (licenseClassifiers.isEmpty ? nil : licenseClassifiers.joined(separator: "\n"))
        guard let text else { return PackageLicense(expression: nil, source: .none, notes: notes) }
        let id = "LicenseRef-" + SPDXExpression.idString(referenceStem)
        let firstLine = Self.firstLine(text)
        let name = firstLine.count > 80 ? String(firstLine.prefix(77)) + "..." : firstLine
        return PackageLicense(expression: id, references: [LicenseReference(id: id, name: name, text: text)], source: .licenseText, notes: notes)
    }

    /// Files that credit people or projects rather than license anything.
    static func isCreditsFile(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["AUTHORS", "CONTRIBUTORS", "NOTICE", "README", "THANKS", "CREDITS", "CHANGELOG", "HISTORY"].contains { upper.hasPrefix($0) }
    }

    /// What the license classifiers allow a name or a license file to say.
    struct ClassifierConstraint {
        /// Ids the classifiers name.
        var ids: Set<String> = []
        /// Families ambiguous classifiers name.
        var families: [LicenseFamily] = []
        /// False when a classifier is neither: nothing can be checked against it.
        var readable = true

        init(_ classifiers: [String]) {
            for classifier in classifiers {
                if let id = LicenseClassifier.spdxID(for: classifier) {
                    ids.insert(id)
                } else if let family = LicenseNames.family(for: classifier) {
                    families.append(family)
                } else {
                    readable = false
                }
            }
        }

        /// Whether every one of `found` is a classifier's id or in a classifier's family (or there are no
        /// license classifiers).
        func admits(_ found: [String]) -> Bool {
            guard readable else { return false }
            if ids.isEmpty && families.isEmpty { return true }
            return found.allSatisfy { id in ids.contains(id) || families.contains { $0.contains(id) } }
        }
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
