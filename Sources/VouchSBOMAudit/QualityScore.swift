import Foundation
public import VouchCore
public import VouchSBOM

/// `vouch sbom score`: a 0-10 quality score computed as sbomqs v2.0.12 computes its default (interlynk)
/// comprehensive score (interlynk-io/sbomqs `pkg/scorer/v2/registry/registry.go` `Cat*Spec`,
/// `pkg/scorer/v2/extractors/*.go`, `pkg/scorer/v2/formulae/farmulas.go`), with its feature keys, so the
/// numbers compare with `sbomqs score`:
/// - a per-component feature scores `10 x have / total`, capped at 9.9 while one component lacks it
///   (`PerComponentScore`); a document feature 10 or 0;
/// - a feature sbomqs marks ignored (`Ignore: true`: per-component features of a document without components,
///   `sbom_signature` and `comp_with_dependencies` in SPDX) has a nil score and its category's other weights
///   are renormalized; an OR group (`OrGroup`, the three Vulnerability features) counts once with its summed
///   weight and its best score (`ComputeCategoryScore`);
/// - the document scores `sum(category x weight) / sum(weights)` over Identification 10, Provenance 12,
///   Integrity 15, Completeness 12, Licensing 15, Vulnerability 10, Structural 8 (`ComputeInterlynkComprScore`;
///   the informational "Component Quality" category, which needs the Interlynk API, is left out as sbomqs does);
///   a category whose every feature is ignored scores 0 and still counts, as in sbomqs;
/// - grades (`ToGrade`): A >= 9, B >= 8, C >= 7, D >= 5, F below.
///
/// Where sbomqs v2.0.12 is odd, this follows it (each is noted where it is computed): SPDX always scores 0 on
/// `sbom_supplier`, `sbom_lifecycle` and `sbom_completeness_declared` (not ignored); an SPDX package supplier of
/// `NOASSERTION` counts as a supplier; `comp_no_deprecated_licenses` and `comp_no_restrictive_licenses` score 0
/// when no component has a concluded license; a composition that lists assemblies or dependencies is not a
/// declaration that the SBOM is complete.
public struct QualityScore: Sendable, Encodable {
    public struct Feature: Sendable, Encodable {
        /// sbomqs's feature key (`comp_with_strong_checksums`).
        public var name: String
        /// 0-10, nil when sbomqs ignores the feature for this document.
        public var score: Double?
        public var weight: Double
        public var description: String
        /// Features of one OR group count once in their category, with the group's summed weight and the
        /// best score among them.
        public var orGroup: String?

        private enum CodingKeys: String, CodingKey { case name, key, score, weight, description, orGroup, ignored }

        /// The JSON output also names the feature `key` and says `ignored`, as sbomqs's JSON report does
        /// (`pkg/reporter/v2/json.go`).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(name, forKey: .key)
            try container.encodeIfPresent(score, forKey: .score)
            try container.encode(weight, forKey: .weight)
            try container.encode(description, forKey: .description)
            try container.encodeIfPresent(orGroup, forKey: .orGroup)
            try container.encode(score == nil, forKey: .ignored)
        }
    }

    public struct Category: Sendable, Encodable {
        public var name: String
        public var weight: Double
        public var score: Double
        public var features: [Feature]
    }

    /// The sbomqs release whose scoring model this follows.
    public static let sbomqsModel = "sbomqs v2.0.12 (interlynk comprehensive score)"

    public var file: String
    /// ``sbomqsModel``, recorded in the JSON output.
    public var sbomqs: String = QualityScore.sbomqsModel
    public var format: String
    public var specVersion: String
    public var components: Int
    public var score: Double
    public var grade: String
    public var categories: [Category]

    /// The grade of a score (sbomqs v2.0.12 `formulae.ToGrade`).
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
        let components = SbomqsComponents.of(document)
        let isSPDX = info.format == .spdx
        let scorer = FeatureScorer(components: components, isSPDX: isSPDX, specVersion: info.specVersion)

        var categories: [Category] = []
        func category(_ name: String, _ weight: Double, _ features: [Feature]) {
            categories.append(Category(name: name, weight: weight, score: categoryScore(features), features: features))
        }

        // extractors/identification.go
        category("Identification", 10, [
            scorer.each("comp_with_name", 0.40, "have names") { c, _ in !c.name.trimmingCharacters(in: .whitespaces).isEmpty },
            scorer.each("comp_with_version", 0.35, "have versions") { c, _ in !c.version.trimmingCharacters(in: .whitespaces).isEmpty },
            // `CompWithUniqLocalIDs` counts every component with an id; it never checks that ids are unique.
            scorer.each("comp_with_local_id", 0.25, "have local ids") { _, e in !(e.elementID ?? "").isEmpty },
        ])

        category("Provenance", 12, provenance(info, isSPDX: isSPDX))
        category("Integrity", 15, [
            scorer.each("comp_with_strong_checksums", 0.50, "have a strong checksum") { _, e in Checksums.hasStrong(e) },
            scorer.weakChecksums(),
            signature(info, isSPDX: isSPDX),
        ])
        category("Completeness", 12, completeness(document, info, components, scorer: scorer))
        category("Licensing", 15, scorer.licensing() + [dataLicense(info)])

        // extractors/vulnerability.go: purl, CPE and their union are one OR group, so either identifier fills it.
        category("Vulnerability", 10, [
            scorer.each("comp_with_purl", 0.33, "have a purl", orGroup: "vuln_id") { c, _ in Identifiers.hasPurl(c) },
            scorer.each("comp_with_cpe", 0.33, "have a CPE", orGroup: "vuln_id") { _, e in Identifiers.hasCPE(e) },
            scorer.each("comp_with_purl_or_cpe", 0.34, "have a purl or a CPE", orGroup: "vuln_id") { c, e in Identifiers.hasPurl(c) || Identifiers.hasCPE(e) },
        ])

        // extractors/structural.go; sbomqs validates JSON only, so an XML or tag-value document scores 0 on
        // `sbom_schema_valid` whatever its validity (`parseSchemaValidation`).
        let versions = isSPDX ? ["2.1", "2.2", "2.3", "3.0.1"] : ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"]
        let formats = isSPDX ? ["json", "yaml", "rdf", "tag-value"] : ["json", "xml"]
        let isJSON = info.encoding.lowercased() == "json"
        category("Structural", 8, [
            docFeature("sbom_spec_declared", 0.3, true, info.format.rawValue),
            docFeature("sbom_spec_version", 0.3, versions.contains(info.specVersion), isSPDX ? "SPDX-\(info.specVersion)" : "v\(info.specVersion)"),
            docFeature("sbom_file_format", 0.2, formats.contains(info.encoding.lowercased()), info.encoding.lowercased()),
            docFeature("sbom_schema_valid", 0.2, schemaValid && isJSON, !isJSON ? "not validated (sbomqs validates JSON only)" : schemaValid ? "complete" : "fix schema errors"),
        ])

        let weights = categories.map(\.weight).reduce(0, +)
        let total = categories.map { $0.score * $0.weight }.reduce(0, +) / weights
        return QualityScore(file: file, format: info.format.rawValue, specVersion: info.specVersion, components: components.count,
                            score: total, grade: grade(total), categories: categories)
    }

    /// `formulae.ComputeCategoryScore`.
    static func categoryScore(_ features: [Feature]) -> Double {
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
        return total > 0 ? weighted.map { $0.score * $0.weight }.reduce(0, +) / total : 0
    }

    /// extractors/provenance.go.
    static func provenance(_ info: SBOMDocumentInfo, isSPDX: Bool) -> [Feature] {
        // `SBOMAuthors`: an author with a name, e-mail or phone. SPDX: `Person:`/`Organization:` creators;
        // CycloneDX: `metadata.authors` only (not `manufacturer`, which the reader lists among the authors too).
        let authors = info.authors.filter { party in
            (isSPDX ? party.kind != .tool : party.kind == .person)
                && [party.name, party.email].contains { !($0 ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        }
        // `SBOMCreationTool`: 10 when a tool has a name and a version, 5 when tools have names only.
        let complete = info.tools.first { !$0.name.trimmingCharacters(in: .whitespaces).isEmpty && !($0.version ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        let named = info.tools.filter { !$0.name.trimmingCharacters(in: .whitespaces).isEmpty }
        let tool = complete != nil ? Feature(name: "sbom_tool_version", score: 10, weight: 0.2, description: "\(complete!.name) \(complete!.version ?? "")")
            : Feature(name: "sbom_tool_version", score: named.isEmpty ? 0 : 5, weight: 0.2, description: named.isEmpty ? "add tool" : "add version to \(named.count) tools")
        // `SBOMSupplier` and `SBOMLifeCycle` give SPDX 0 ("N/A (SPDX)") without ignoring the feature: odd, followed.
        let supplier = isSPDX ? docFeature("sbom_supplier", 0.15, false, "N/A (SPDX), scored 0 by sbomqs")
            : docFeature("sbom_supplier", 0.15, info.supplier.map { [$0.name, $0.url].contains { !($0 ?? "").trimmingCharacters(in: .whitespaces).isEmpty } } ?? false,
                         info.supplier?.name ?? "add supplier")
        // `SBOMNamespace`: SPDX `documentNamespace`; CycloneDX a `serialNumber` starting `urn:uuid:`.
        let namespace = info.namespace?.trimmingCharacters(in: .whitespaces) ?? ""
        let namespaced = isSPDX ? !namespace.isEmpty : namespace.hasPrefix("urn:uuid:")
        let phases = ["design", "pre-build", "build", "post-build", "operations", "discovery", "decommission"]
        let lifecycle = isSPDX ? docFeature("sbom_lifecycle", 0.1, false, "N/A (SPDX), scored 0 by sbomqs")
            : docFeature("sbom_lifecycle", 0.1, info.lifecycles.contains { phases.contains($0.lowercased().trimmingCharacters(in: .whitespaces)) },
                         info.lifecycles.isEmpty ? "add lifecycle" : info.lifecycles.joined(separator: ", "))
        return [
            docFeature("sbom_creation_timestamp", 0.2, info.timestamp.map(isRFC3339) ?? false, info.timestamp ?? "add timestamp"),
            docFeature("sbom_authors", 0.2, !authors.isEmpty, authors.isEmpty ? "add author" : "\(authors.count) author\(authors.count == 1 ? "" : "s")"),
            tool,
            supplier,
            docFeature("sbom_namespace", 0.15, namespaced, namespaced ? "complete" : "add namespace"),
            lifecycle,
        ]
    }

    /// Go's `time.Parse(time.RFC3339, ...)`: a date, `T`, a time with optional fraction, and `Z` or an offset.
    static func isRFC3339(_ text: String) -> Bool {
        let text = text.trimmingCharacters(in: .whitespaces)
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return plain.date(from: text) != nil || fractional.date(from: text) != nil
    }

    /// extractors/integrity.go `SBOMSignature`: SPDX ignored; CycloneDX 10 for a signature (sbomqs gives 5 to one
    /// without a public key or certificate path, which the reader does not keep apart), else 0.
    static func signature(_ info: SBOMDocumentInfo, isSPDX: Bool) -> Feature {
        if isSPDX { return Feature(name: "sbom_signature", score: nil, weight: 0.1, description: "not supported by SPDX") }
        return docFeature("sbom_signature", 0.1, info.signed, info.signed ? "complete" : "add signature")
    }

    /// extractors/completeness.go.
    static func completeness(_ document: SBOMDocument, _ info: SBOMDocumentInfo, _ components: [SBOMPackage], scorer: FeatureScorer) -> [Feature] {
        let isSPDX = info.format == .spdx
        // `SBOMWithPrimaryComponent`: SPDX a DESCRIBES relationship; CycloneDX `metadata.component` with a bom-ref.
        let primaryRef = info.primary?.evidence?.elementID ?? ""
        let hasPrimary = isSPDX ? info.primary != nil : !primaryRef.isEmpty
        // `SBOMWithDeclaredCompleteness`: a composition with aggregate `complete` that lists neither assemblies nor
        // dependencies (sbomqs's "global" scope); SPDX scores 0 without the feature being ignored.
        let global = info.compositions.contains { $0.aggregate == "complete" && $0.assemblies.isEmpty && $0.dependencies.isEmpty }
        let declared = isSPDX ? docFeature("sbom_completeness_declared", 0.15, false, "N/A (SPDX), scored 0 by sbomqs")
            : docFeature("sbom_completeness_declared", 0.15, global, global ? "SBOM completeness declared" : "SBOM completeness not declared")
        let purposes = isSPDX ? ["application", "framework", "library", "container", "operating-system", "device", "firmware", "source", "archive", "file", "install", "other"]
            : ["application", "framework", "library", "container", "operating-system", "device", "firmware", "file"]
        return [
            dependencies(document, info, components, primaryRef: primaryRef),
            declared,
            docFeature("sbom_primary_component", 0.2, hasPrimary, hasPrimary ? "complete" : "add primary component"),
            // SPDX `sourceInfo` (free text), CycloneDX `vcs` references (sbomqs prefers `source-distribution`, which
            // the reader does not keep).
            scorer.each("comp_with_source_code", 0.15, "have source URIs") { _, e in !(e.sourceCode ?? "").trimmingCharacters(in: .whitespaces).isEmpty },
            scorer.each("comp_with_supplier", 0.15, "have suppliers") { _, e in Suppliers.has(e, isSPDX: isSPDX) },
            // `CompWithPackagePurpose`: the purpose lower-cased must be in sbomqs's list, where SPDX's
            // `OPERATING_SYSTEM` (underscore) is not: odd, followed.
            scorer.each("comp_with_purpose", 0.1, "have a primary purpose") { _, e in purposes.contains((e.purpose ?? "").trimmingCharacters(in: .whitespaces).lowercased()) },
        ]
    }

    /// `CompWithDependencies` (v2.0.12): ignored for SPDX; for CycloneDX, of the primary component and its direct
    /// dependencies, those that depend on something must be listed in a composition whose `dependencies` are
    /// `complete`. No primary, or a primary without dependencies, scores 0.
    static func dependencies(_ document: SBOMDocument, _ info: SBOMDocumentInfo, _ components: [SBOMPackage], primaryRef: String) -> Feature {
        let name = "comp_with_dependencies", weight = 0.25
        if info.format == .spdx { return Feature(name: name, score: nil, weight: weight, description: "dependency completeness declared N/A (SPDX)") }
        if components.isEmpty { return Feature(name: name, score: nil, weight: weight, description: "N/A (no components)") }
        guard !primaryRef.isEmpty, let primary = info.primary else { return Feature(name: name, score: 0, weight: weight, description: "primary component not defined") }
        var outgoing: [String: [String]] = [:]
        for edge in document.dependencies { outgoing[edge.from, default: []].append(edge.to) }
        let byID = Dictionary(components.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // The reader keeps edges between `components[]` only; the primary's `dependsOn` comes from
        // `rootDependencies` when set, else only the fact that it is not empty (`elementsWithDependsOn`), in
        // which case the primary alone is checked and its direct dependencies are not.
        let known = (outgoing[primary.id] ?? document.rootDependencies).compactMap { byID[$0] }
        let primaryDepends = !known.isEmpty || info.elementsWithDependsOn.contains(primaryRef)
        guard primaryDepends else { return Feature(name: name, score: 0, weight: weight, description: "no dependency graph present") }
        let withDependencies = [primary] + known.filter { component in (outgoing[component.id] ?? []).contains { byID[$0] != nil } }
        let completeRefs = Set(info.compositions.filter { $0.aggregate == "complete" && !$0.dependencies.isEmpty }.flatMap(\.dependencies))
        let have = withDependencies.filter { completeRefs.contains($0.evidence?.elementID ?? "") }.count
        return Feature(name: name, score: FeatureScorer.perComponent(have, withDependencies.count), weight: weight,
                       description: "dependency completeness declared for \(have) of \(withDependencies.count) components")
    }

    /// extractors/licensing.go `SBOMDataLicense`: SPDX `dataLicense`, CycloneDX `metadata.licenses`, every
    /// license in it SPDX- or ScanCode-listed or a `LicenseRef-`.
    static func dataLicense(_ info: SBOMDocumentInfo) -> Feature {
        let licenses = SbomqsLicenses.resolve(info.dataLicense)
        return docFeature("sbom_data_license", 0.1, SbomqsLicenses.allValid(licenses),
                          licenses.isEmpty ? "add data license" : SbomqsLicenses.allValid(licenses) ? info.dataLicense ?? "" : "fix data license")
    }

    static func docFeature(_ name: String, _ weight: Double, _ present: Bool, _ description: String) -> Feature {
        Feature(name: name, score: present ? 10 : 0, weight: weight, description: description)
    }
}
