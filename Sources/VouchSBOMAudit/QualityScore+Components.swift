import VouchSBOM

/// The components sbomqs v2.0.12 scores: SPDX's packages; CycloneDX's `metadata.component` then `components[]`
/// (nested ones too), one per bom-ref, else per purl (`CdxDoc.parseComps`, `compID`).
enum SbomqsComponents {
    static func of(_ document: SBOMDocument) -> [SBOMPackage] {
        var seen: Set<String> = []
        return SBOMComponents.of(document).filter { component in
            let key = component.evidence?.elementID.flatMap { $0.isEmpty ? nil : "ref:" + $0 } ?? component.purl.map { "purl:" + $0 }
            guard let key else { return true }
            return seen.insert(key).inserted
        }
    }
}

/// `common.HasStrongChecksum` / `HasWeakChecksum`: algorithm names upper-cased with `-` and `_` removed.
enum Checksums {
    static let strong: Set<String> = ["SHA224", "SHA256", "SHA384", "SHA512", "SHA3224", "SHA3256", "SHA3384", "SHA3512",
                                      "BLAKE2B256", "BLAKE2B384", "BLAKE2B512", "BLAKE3", "STREEBOG256", "STREEBOG512",
                                      "CRYSTALSDILITHIUM", "CRYSTALSKYBER", "FALCON"]
    static let weak: Set<String> = ["MD2", "MD4", "MD5", "MD6", "SHA1", "ADLER32"]

    static func normalized(_ algorithm: String) -> String {
        algorithm.uppercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "").trimmingCharacters(in: .whitespaces)
    }

    static func hasStrong(_ evidence: ComponentEvidence) -> Bool {
        evidence.hashes.contains { strong.contains(normalized($0.algorithm)) && !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// Weak checksums and no strong one.
    static func hasWeakOnly(_ evidence: ComponentEvidence) -> Bool {
        let present = evidence.hashes.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }.map { normalized($0.algorithm) }
        return !present.contains(where: strong.contains) && present.contains(where: weak.contains)
    }
}

/// `common.CompHasAnyPURLs` / `CompHasAnyCPEs`: a purl with a type and a name (packageurl-go), a CPE 2.3
/// formatted string or a CPE 2.2 URI.
enum Identifiers {
    static func hasPurl(_ component: SBOMPackage) -> Bool {
        guard let purl = component.purl?.trimmingCharacters(in: .whitespaces), purl.hasPrefix("pkg:") else { return false }
        let path = purl.dropFirst(4).split(separator: "?", maxSplits: 1).first ?? ""
        let parts = path.split(separator: "/")
        return parts.count >= 2 && !(parts.last?.split(separator: "@").first ?? "").isEmpty
    }

    static func hasCPE(_ evidence: ComponentEvidence) -> Bool {
        evidence.cpes.contains { cpe in
            let lower = cpe.trimmingCharacters(in: .whitespaces).lowercased()
            if lower.hasPrefix("cpe:2.3:") { return lower.split(separator: ":", omittingEmptySubsequences: false).count == 13 }
            return lower.hasPrefix("cpe:/")
        }
    }
}

/// `common.IsSupplierEntity(c.Suppliers())`: a supplier with a name or an e-mail.
enum Suppliers {
    static func has(_ evidence: ComponentEvidence, isSPDX: Bool) -> Bool {
        let named: (SBOMParty) -> Bool = { !($0.name ?? "").isEmpty || !($0.email ?? "").isEmpty }
        guard isSPDX else { return evidence.supplier.map { !($0.name ?? "").isEmpty } ?? false }
        // SPDX `parseEntity`: `NOASSERTION` and `NONE` become a supplier named so, which counts (odd, followed);
        // other text needs `Person:` or `Organization:`. Without a supplier, a known originator stands in.
        if let supplier = evidence.supplier {
            if ["NOASSERTION", "NONE"].contains((supplier.name ?? "").uppercased()) { return true }
            return (supplier.kind == .person || supplier.kind == .organization) && named(supplier)
        }
        return evidence.producers.contains { ($0.kind == .person || $0.kind == .organization) && named($0) && $0.isKnown }
    }
}

/// Per-component features over the scored components.
struct FeatureScorer {
    let components: [SBOMPackage]
    let isSPDX: Bool
    let specVersion: String

    /// `formulae.PerComponentScore`: 10 x have/total, capped at 9.9 while one lacks it; 0 for no components.
    static func perComponent(_ have: Int, _ total: Int) -> Double {
        guard total > 0 else { return 0 }
        let score = 10 * Double(have) / Double(total)
        return have < total && score > 9.9 ? 9.9 : score
    }

    /// A feature of each component; ignored (nil) when there are no components (`formulae.ScoreCompNA`).
    func each(_ name: String, _ weight: Double, _ what: String, orGroup: String? = nil,
              _ has: (SBOMPackage, ComponentEvidence) -> Bool) -> QualityScore.Feature {
        guard !components.isEmpty else { return QualityScore.Feature(name: name, score: nil, weight: weight, description: "N/A (no components)", orGroup: orGroup) }
        let have = components.filter { has($0, $0.evidence ?? ComponentEvidence()) }.count
        return QualityScore.Feature(name: name, score: Self.perComponent(have, components.count), weight: weight,
                                    description: "\(have)/\(components.count) \(what)", orGroup: orGroup)
    }

    /// `CompWithWeakChecksums`: of the components with a recognized checksum, the share with a strong one;
    /// 0 (not ignored) when no component has any.
    func weakChecksums() -> QualityScore.Feature {
        let name = "comp_with_weak_checksums", weight = 0.40
        guard !components.isEmpty else { return QualityScore.Feature(name: name, score: nil, weight: weight, description: "N/A (no components)") }
        let evidence = components.map { $0.evidence ?? ComponentEvidence() }
        let weakOnly = evidence.filter(Checksums.hasWeakOnly).count
        let any = evidence.filter { Checksums.hasStrong($0) || Checksums.hasWeakOnly($0) }.count
        guard any > 0 else { return QualityScore.Feature(name: name, score: 0, weight: weight, description: "no checksums found") }
        return QualityScore.Feature(name: name, score: Self.perComponent(any - weakOnly, any), weight: weight,
                                    description: weakOnly == 0 ? "complete" : "upgrade \(weakOnly) of \(any) checksummed components to SHA-256+")
    }

    /// Concluded licenses as sbomqs reads them: SPDX `licenseConcluded`; CycloneDX 1.6+ licenses acknowledged
    /// `concluded`; CycloneDX before 1.6 (no acknowledgement) every license (`copyC`).
    func concluded(_ evidence: ComponentEvidence) -> String? {
        if isSPDX || !Self.before16(specVersion) { return evidence.concludedLicense }
        return evidence.concludedLicense ?? evidence.declaredLicense
    }

    /// Declared licenses: SPDX `licenseDeclared`; CycloneDX 1.6+ those acknowledged `declared` (or all, when none
    /// is acknowledged); none before 1.6.
    func declared(_ evidence: ComponentEvidence) -> String? {
        if isSPDX || !Self.before16(specVersion) { return evidence.declaredLicense }
        return nil
    }

    static func before16(_ version: String) -> Bool {
        let parts = version.split(separator: ".").compactMap { Int($0) }
        guard parts.count == 2 else { return true }
        return parts[0] < 1 || (parts[0] == 1 && parts[1] < 6)
    }

    /// extractors/licensing.go: every license feature reads the concluded licenses but `comp_with_declared_licenses`.
    func licensing() -> [QualityScore.Feature] {
        let concluded = components.map { SbomqsLicenses.resolve(self.concluded($0.evidence ?? ComponentEvidence())) }
        let text = components.map { self.concluded($0.evidence ?? ComponentEvidence()) }
        let anyConcluded = concluded.contains { !$0.isEmpty }
        func share(_ name: String, _ weight: Double, _ what: String, _ has: (Int) -> Bool) -> QualityScore.Feature {
            guard !components.isEmpty else { return QualityScore.Feature(name: name, score: nil, weight: weight, description: "N/A (no components)") }
            let have = components.indices.filter(has).count
            return QualityScore.Feature(name: name, score: Self.perComponent(have, components.count), weight: weight, description: "\(have)/\(components.count) \(what)")
        }
        // `CompWithDeprecatedLicenses` / `CompWithRestrictiveLicenses` score 0 when no component has a concluded
        // license at all, and otherwise count components without such a license (those without licenses too).
        func without(_ name: String, _ weight: Double, _ what: String, _ bad: (SbomqsLicenses.Resolved) -> Bool) -> QualityScore.Feature {
            guard !components.isEmpty else { return QualityScore.Feature(name: name, score: nil, weight: weight, description: "N/A (no components)") }
            guard anyConcluded else { return QualityScore.Feature(name: name, score: 0, weight: weight, description: "add concluded licenses first") }
            let have = concluded.filter { !$0.contains(where: bad) }.count
            return QualityScore.Feature(name: name, score: Self.perComponent(have, components.count), weight: weight, description: "\(have)/\(components.count) \(what)")
        }
        return [
            share("comp_with_licenses", 0.20, "have concluded licenses") { !concluded[$0].isEmpty },
            // `ValidationCheckSPDXSyntax`: every concluded license parses as an SPDX expression.
            share("comp_with_valid_licenses", 0.20, "have valid SPDX concluded licenses") { !concluded[$0].isEmpty && SPDXExpression(text[$0] ?? "") != nil },
            // `ValidationCheckSPDXListed`: every concluded license is on the SPDX list (no LicenseRef-, no WITH).
            share("comp_spdx_listed_license", 0.20, "have SPDX-listed concluded licenses") { !concluded[$0].isEmpty && concluded[$0].allSatisfy { $0.source == "spdx" } },
            without("comp_no_deprecated_licenses", 0.15, "have no deprecated concluded license") { $0.deprecated },
            without("comp_no_restrictive_licenses", 0.20, "have no restrictive concluded license") { $0.restrictive },
            share("comp_with_declared_licenses", 0.15, "have declared licenses") { !SbomqsLicenses.resolve(self.declared(self.components[$0].evidence ?? ComponentEvidence())).isEmpty },
        ]
    }
}
