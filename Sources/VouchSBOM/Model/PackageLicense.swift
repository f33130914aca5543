/// A package's declared license, always expressible as a valid SPDX license expression.
///
/// SPDX 2.3 Annex D (license expressions) and clause 10 (other licensing information): text that is not
/// an SPDX expression is kept whole in a `LicenseRef-` with its text, never guessed into an SPDX id.
public struct PackageLicense: Hashable, Sendable {
    /// The SPDX expression (ids canonicalised to the SPDX list's spelling), or nil for NOASSERTION.
    public var expression: String?
    /// The `LicenseRef-` definitions the expression uses.
    public var references: [LicenseReference]
    /// Where the expression came from.
    public var source: Source
    /// What the expression was derived from, for an auditor: the original text and how it was read
    /// ("License \"Apache 2.0\": Apache-2.0 by name", "licenses/LICENSE: MIT, SPDX template, score 1.000").
    /// SPDX writes them as `licenseComments`, CycloneDX as the license's text.
    public var notes: [String] = []

    public enum Source: String, Hashable, Sendable {
        /// PEP 639 `License-Expression`.
        case licenseExpression = "License-Expression"
        /// The `License` field, which was a valid SPDX expression.
        case licenseField = "License"
        /// Trove classifiers with an unambiguous SPDX mapping.
        case classifiers = "Classifier"
        /// The `License` field, a license name with one meaning (``LicenseNames``).
        case licenseName = "License name"
        /// The `License` field, a license text identified against the SPDX templates.
        case licenseFieldText = "License text identified"
        /// The distribution's license files, identified against the SPDX templates.
        case licenseFiles = "license files"
        /// Text kept as a `LicenseRef-`.
        case licenseText = "License text"
        /// Debian machine-readable copyright file.
        case debianCopyright = "debian/copyright"
        /// An embedded SBOM's own license data.
        case embeddedSBOM = "embedded SBOM"
        /// Nothing usable was declared.
        case none = "none"
    }

    public init(expression: String?, references: [LicenseReference] = [], source: Source, notes: [String] = []) {
        self.expression = expression
        self.references = references
        self.source = source
        self.notes = notes
    }

    public static let noAssertion = PackageLicense(expression: nil, source: .none)
}
