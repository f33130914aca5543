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

    public enum Source: String, Hashable, Sendable {
        /// PEP 639 `License-Expression`.
        case licenseExpression = "License-Expression"
        /// The `License` field, which was a valid SPDX expression.
        case licenseField = "License"
        /// Trove classifiers with an unambiguous SPDX mapping.
        case classifiers = "Classifier"
        /// Text kept as a `LicenseRef-`.
        case licenseText = "License text"
        /// Debian machine-readable copyright file.
        case debianCopyright = "debian/copyright"
        /// An embedded SBOM's own license data.
        case embeddedSBOM = "embedded SBOM"
        /// Nothing usable was declared.
        case none = "none"
    }

    public init(expression: String?, references: [LicenseReference] = [], source: Source) {
        self.expression = expression
        self.references = references
        self.source = source
    }

    public static let noAssertion = PackageLicense(expression: nil, source: .none)
}
