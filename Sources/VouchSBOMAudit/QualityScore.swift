import Foundation
public import VouchCore
public import VouchSBOM

/// `vouch sbom score`: a 0-10 quality score with sbomqs 2.0's categories, feature weights and formulas
/// (interlynk-io/sbomqs `docs/specs/SBOMQS-2.0-SPEC.md`, "Score Categories with Weights"), so the numbers
/// compare with `sbomqs score`:
/// - a per-component feature scores `10 x have / total`; a document feature 10 or 0;
/// - a feature that does not apply to the format (`sbom_lifecycle` and `comp_with_declared_completeness`
///   in SPDX 2) is left out and its category's other weights renormalized;
/// - a category scores `sum(feature x weight) / sum(weights)`, the document
///   `sum(category x weight) / sum(weights)` over Identification 10, Provenance 12, Integrity 15,
///   Completeness 12, Licensing 15, Vulnerability 10, Structural 8;
/// - grades: A >= 9, B >= 8, C >= 7, D >= 5, F below.
public struct QualityScore: Sendable, Encodable {
    public struct Feature: Sendable, Encodable {
        public var name: String
        /// 0-10, nil when the feature does not apply.
        public var score: Double?
        public var weight: Double
        public var description: String
        /// Features of one OR group (sbomqs 2.0.12 `OrGroup`) count once in their category, with the group's
        /// summed weight and the best score among them.
        public var orGroup: String?
    }

    public struct Category: Sendable, Encodable {
        public var name: String
        public var weight: Double
        public var score: Double
        public var features: [Feature]
    }

    /// The sbomqs release whose scoring model this follows (see ``sbomqsModel``).
    public static let sbomqsModel = "sbomqs v2.0.0, with v2.0.12's Vulnerability category (a purl or a CPE identifies a component)"

    public var file: String
    /// ``sbomqsModel``, recorded in the JSON output.
    public var sbomqs: String = QualityScore.sbomqsModel
    public var format: String
    public var specVersion: String
    public var components: Int
    public var score: Double
    public var grade: String
    public var categories: [Category]

    /// The grade of a score (sbomqs 2.0 "Scoring and Grades").
    public static func grade(_ score: Double) -> String {
        switch score {
        case 9...: "A"
        case 8..<9: "B"
        case 7..<8: "C"
        case 5..<7: "D"
        default: "F"
        }
    }

    /// Scores `document`; `schemaValid` is what ``SBOMValidator`` said of the same bytes.
    public static func score(_ document: SBOMDocument, schemaValid: Bool, file: String) -> QualityScore {
        let info = document.info ?? SBOMDocumentInfo(format: .spdx, specVersion: "", encoding: "json")
        // sbomqs counts the primary component among the components in both formats: SPDX's described package,
        // and CycloneDX's metadata.component (sbomqs `CdxDoc.parseComps` walks it first, then `components[]`,
        // keeping one component per bom-ref).
        var seenRefs: Set<String> = []
        let components = SBOMComponents.of(document).filter { component in
            guard let ref = component.evidence?.elementID, !ref.isEmpty else { return true }
            return seenRefs.insert(ref).inserted
        }
        let isSPDX = info.format == .spdx
        var scorer = FeatureScorer(components: components)

        var categories: [Category] = []
        func category(_ name: String, _ weight: Double, _ features: [Feature]) {
            // sbomqs 2.0.12 `ComputeCategoryScore`: an OR group contributes once, its weights summed, its best score.
            var groups: [String: (weight: Double, score: Double)] = [:]
            var weighted: [(weight: Double, score: Double)] = []
            for feature in features {
                guard let score = feature.score else { continue }
                if let group = feature.orGroup {
                    let sum = groups[group, default: (0, 0)]
                    groups[group] = (sum.weight + feature.weight, max(sum.score, score))
                } else {
                    weighted.append((feature.weight, score))
                }
            }
            weighted += groups.keys.sorted().map { groups[$0]! }
            let total = weighted.map(\.weight).reduce(0, +)
            let score = total > 0 ? weighted.map { $0.score * $0.weight }.reduce(0, +) / total : 0
            categories.append(Category(name: name, weight: weight, score: score, features: features))
        }

        var localIDs: [String: Int] = [:]
        for component in components { if let id = component.evidence?.elementID, !id.isEmpty { localIDs[id, default: 0] += 1 } }
        category("Identification", 10, [
            scorer.each("comp_with_name", 0.4, "have names") { c, _ in !c.name.trimmingCharacters(in: .whitespaces).isEmpty },
            scorer.each("comp_with_version", 0.35, "have versions") { c, _ in !c.version.trimmingCharacters(in: .whitespaces).isEmpty },
            scorer.each("comp_with_local_id", 0.25, "have unique local ids") { _, e in e.elementID.map { localIDs[$0] == 1 } ?? false },
        ])

        let toolWithVersion = info.tools.first { !($0.version ?? "").isEmpty }
        let people = info.authors.filter { $0.isKnown && $0.kind != .tool }
        let namespaceValid: Bool = {
            guard let namespace = info.namespace, !namespace.isEmpty else { return false }
            if isSPDX { return namespace.contains("://") && !namespace.contains("#") }
            return namespace.hasPrefix("urn:uuid:") && info.documentVersion != nil
        }()
        category("Provenance", 12, [
            docFeature("sbom_creation_timestamp", 0.2, info.timestamp.map { ISO8601DateFormatter().date(from: $0) != nil } ?? false, info.timestamp ?? "no timestamp"),
            docFeature("sbom_authors", 0.2, !people.isEmpty, "\(people.count) author\(people.count == 1 ? "" : "s")"),
            docFeature("sbom_tool_version", 0.2, toolWithVersion != nil, toolWithVersion.map { "\($0.name) \($0.version ?? "")" } ?? "no tool with a version"),
            docFeature("sbom_supplier", 0.15, info.supplier?.isKnown == true, info.supplier?.name ?? "no supplier"),
            docFeature("sbom_namespace", 0.15, namespaceValid, namespaceValid ? "valid \(isSPDX ? "namespace" : "serialNumber and version")" : "no valid \(isSPDX ? "namespace" : "serialNumber and version")"),
            isSPDX ? Feature(name: "sbom_lifecycle", score: nil, weight: 0.1, description: "not applicable to SPDX 2")
                : docFeature("sbom_lifecycle", 0.1, !info.lifecycles.isEmpty, info.lifecycles.isEmpty ? "no lifecycle" : info.lifecycles.joined(separator: ", ")),
        ])

        category("Integrity", 15, [
            scorer.each("comp_with_checksums", 0.6, "have checksums") { _, e in !e.hashes.isEmpty },
            scorer.each("comp_with_sha256", 0.3, "have SHA-256 or stronger") { _, e in e.hashes.contains(where: \.isStrong) },
            docFeature("sbom_signature", 0.1, info.signed, info.signed ? "signed" : "no embedded signature"),
        ])

        var dependents: Set<String> = []
        for edge in document.dependencies { dependents.insert(edge.from) }
        category("Completeness", 12, [
            // A component "has dependencies" when it depends on something: edges from it, or (CycloneDX) its
            // `dependencies[]` entry with a non-empty `dependsOn` (sbomqs `getComponentRelationship`); an empty
            // entry, CycloneDX 1.6's way of declaring a leaf, does not count.
            scorer.each("comp_with_dependencies", 0.25, "have dependencies stated") { c, e in
                dependents.contains(c.id) || (isSPDX ? (e.elementID.map { info.elementsWithDependencyStatement.contains($0) } ?? false)
                    : (e.elementID.map { info.elementsWithDependsOn.contains($0) } ?? false))
            },
            isSPDX ? Feature(name: "comp_with_declared_completeness", score: nil, weight: 0.15, description: "not applicable to SPDX 2")
                : docFeature("comp_with_declared_completeness", 0.15, !info.compositions.isEmpty, info.compositions.isEmpty ? "no compositions" : "declared"),
            docFeature("primary_component", 0.2, info.primary != nil, info.primary.map { "\($0.name)" } ?? "no primary component"),
            scorer.each("comp_with_source_code", 0.15, "have source code URIs") { _, e in !isBlank(e.sourceCode) },
            scorer.each("comp_with_supplier", 0.15, "have suppliers") { _, e in e.supplier?.isKnown == true || e.producers.contains(where: \.isKnown) },
            scorer.each("comp_with_purpose", 0.1, "have a type") { _, e in !isBlank(e.purpose) },
        ])

        let licensed: (SBOMPackage, ComponentEvidence) -> String? = { _, e in
            let text = isSPDX ? e.concludedLicense : (e.concludedLicense ?? e.declaredLicense)
            return isBlank(text) ? nil : text
        }
        category("Licensing", 15, [
            scorer.each("comp_with_licenses", 0.2, "have licenses") { c, e in licensed(c, e) != nil },
            scorer.each("comp_with_valid_licenses", 0.2, "have valid SPDX licenses") { c, e in licensed(c, e).map { SPDXExpression($0) != nil } ?? false },
            scorer.each("comp_with_declared_licenses", 0.15, "have declared licenses") { _, e in !isBlank(e.declaredLicense) },
            docFeature("sbom_data_license", 0.1, isSPDX ? info.dataLicense == "CC0-1.0" : !isBlank(info.dataLicense), info.dataLicense ?? "no data license"),
            scorer.each("comp_no_deprecated_licenses", 0.15, "use no deprecated license") { c, e in
                !(licensed(c, e).map(LicenseKinds.ids).map { $0.contains(where: LicenseKinds.isDeprecated) } ?? false)
            },
            scorer.each("comp_no_restrictive_licenses", 0.2, "use no restrictive license") { c, e in
                !(licensed(c, e).map(LicenseKinds.ids).map { $0.contains(where: LicenseKinds.isRestrictive) } ?? false)
            },
        ])

        // sbomqs 2.0.12: purl, CPE and their union are one OR group, so a purl alone fills the category.
        let hasPurl: (SBOMPackage) -> Bool = { $0.purl.map { $0.hasPrefix("pkg:") } ?? false }
        category("Vulnerability", 10, [
            scorer.each("comp_with_purl", 0.33, "have a purl", orGroup: "vuln_id") { c, _ in hasPurl(c) },
            scorer.each("comp_with_cpe", 0.33, "have a CPE", orGroup: "vuln_id") { _, e in !e.cpes.isEmpty },
            scorer.each("comp_with_purl_or_cpe", 0.34, "have a purl or a CPE", orGroup: "vuln_id") { c, e in hasPurl(c) || !e.cpes.isEmpty },
        ])

        category("Structural", 8, [
            docFeature("sbom_spec_declared", 0.3, true, info.format.rawValue),
            docFeature("sbom_spec_version", 0.3, isSPDX ? ["2.2", "2.3"].contains(info.specVersion) : ["1.4", "1.5", "1.6", "1.7"].contains(info.specVersion),
                     "v\(info.specVersion)"),
            docFeature("sbom_file_format", 0.2, true, info.encoding.uppercased()),
            docFeature("sbom_schema_valid", 0.2, schemaValid, schemaValid ? "valid" : "not valid (see vouch sbom validate)"),
        ])

        let weights = categories.map(\.weight).reduce(0, +)
        let total = categories.map { $0.score * $0.weight }.reduce(0, +) / weights
        return QualityScore(file: file, format: info.format.rawValue, specVersion: info.specVersion, components: components.count,
                            score: total, grade: grade(total), categories: categories)
    }

    static func docFeature(_ name: String, _ weight: Double, _ present: Bool, _ description: String) -> Feature {
        Feature(name: name, score: present ? 10 : 0, weight: weight, description: description)
    }
}

private struct FeatureScorer {
    let components: [SBOMPackage]

    func each(_ name: String, _ weight: Double, _ what: String, orGroup: String? = nil,
              _ has: (SBOMPackage, ComponentEvidence) -> Bool) -> QualityScore.Feature {
        let have = components.filter { has($0, $0.evidence ?? ComponentEvidence()) }.count
        let score = components.isEmpty ? 0 : 10 * Double(have) / Double(components.count)
        return QualityScore.Feature(name: name, score: score, weight: weight, description: "\(have)/\(components.count) \(what)", orGroup: orGroup)
    }
}

/// The license lists sbomqs 2.0's licensing features use (its spec's appendix "License Lists"):
/// deprecated SPDX ids and restrictive (copyleft) families.
enum LicenseKinds {
    /// License ids in an expression (operators and parentheses dropped, `WITH` exceptions dropped).
    static func ids(_ expression: String) -> [String] {
        let words = expression.replacingOccurrences(of: "(", with: " ").replacingOccurrences(of: ")", with: " ").split(separator: " ").map(String.init)
        var out: [String] = []
        var skipNext = false
        for word in words {
            if skipNext { skipNext = false; continue }
            switch word.uppercased() {
            case "AND", "OR": continue
            case "WITH": skipNext = true
            default: out.append(word)
            }
        }
        return out
    }

    /// Ids the SPDX license list marks deprecated (the GNU ids without -only/-or-later, and the rest).
    static let deprecated: Set<String> = [
        "AGPL-1.0", "AGPL-3.0", "BSD-2-Clause-FreeBSD", "BSD-2-Clause-NetBSD", "bzip2-1.0.5", "eCos-2.0", "GFDL-1.1", "GFDL-1.2",
        "GFDL-1.3", "GPL-1.0", "GPL-1.0+", "GPL-2.0", "GPL-2.0+", "GPL-2.0-with-autoconf-exception", "GPL-2.0-with-bison-exception",
        "GPL-2.0-with-classpath-exception", "GPL-2.0-with-font-exception", "GPL-2.0-with-GCC-exception", "GPL-3.0", "GPL-3.0+",
        "GPL-3.0-with-autoconf-exception", "GPL-3.0-with-GCC-exception", "LGPL-2.0", "LGPL-2.0+", "LGPL-2.1", "LGPL-2.1+", "LGPL-3.0",
        "LGPL-3.0+", "Nunit", "StandardML-NJ", "wxWindows", "Net-SNMP",
    ]

    static func isDeprecated(_ id: String) -> Bool { deprecated.contains(id) }

    /// Copyleft families sbomqs counts as restrictive.
    static let restrictivePrefixes = ["GPL-", "AGPL-", "LGPL-", "MPL-", "EPL-", "EUPL-", "CDDL-", "OSL-", "SSPL-", "CPAL-", "CECILL-", "CC-BY-SA-", "CC-BY-NC"]

    static func isRestrictive(_ id: String) -> Bool { restrictivePrefixes.contains { id.hasPrefix($0) } }
}
