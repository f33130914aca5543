import Foundation
import Testing
import VouchSBOM
@testable import VouchSBOMAudit

/// Expectations computed by hand from sbomqs v2.0.12's code (interlynk-io/sbomqs at tag v2.0.12):
/// `pkg/scorer/v2/registry/registry.go` (`Cat*Spec`: keys and weights), `pkg/scorer/v2/extractors/*.go` (one
/// function per feature, named in each case), `pkg/scorer/v2/formulae/farmulas.go` (`PerComponentScore`,
/// `ComputeCategoryScore`, `ComputeInterlynkComprScore`, `ToGrade`) and `pkg/sbom/{cdx,spdx}.go` (what each
/// getter reads).
@Suite struct QualityScoreTests {
    typealias Object = AuditFixtures.Object

    func score(_ object: Object, valid: Bool = true) throws -> QualityScore {
        QualityScore.score(try AuditFixtures.document(object), schemaValid: valid, file: "x.json")
    }

    func feature(_ score: QualityScore, _ name: String) -> Double? {
        score.categories.flatMap(\.features).first { $0.name == name }?.score
    }

    static let cycloneDXKeys = [
        "comp_with_name", "comp_with_version", "comp_with_local_id",
        "sbom_creation_timestamp", "sbom_authors", "sbom_tool_version", "sbom_supplier", "sbom_namespace", "sbom_lifecycle",
        "comp_with_strong_checksums", "comp_with_weak_checksums", "sbom_signature",
        "comp_with_dependencies", "sbom_completeness_declared", "sbom_primary_component", "comp_with_source_code", "comp_with_supplier", "comp_with_purpose",
        "comp_with_licenses", "comp_with_valid_licenses", "comp_spdx_listed_license", "comp_no_deprecated_licenses", "comp_no_restrictive_licenses",
        "comp_with_declared_licenses", "sbom_data_license",
        "comp_with_purl", "comp_with_cpe", "comp_with_purl_or_cpe",
        "sbom_spec_declared", "sbom_spec_version", "sbom_file_format", "sbom_schema_valid",
    ]

    /// registry.go `comprehenssiveCategories` (less the informational Component Quality) and each `Cat*Spec`'s
    /// features in order, with their weights.
    @Test func categoriesFeatureKeysAndWeightsAreSbomqsV2012s() throws {
        let result = try score(AuditFixtures.cycloneDX())
        #expect(result.categories.map(\.name) == ["Identification", "Provenance", "Integrity", "Completeness", "Licensing", "Vulnerability", "Structural"])
        #expect(result.categories.map(\.weight) == [10, 12, 15, 12, 15, 10, 8])
        #expect(result.categories.flatMap(\.features).map(\.name) == Self.cycloneDXKeys)
        // Licensing's weights sum to 1.2 in sbomqs (renormalized by ComputeCategoryScore), the others to 1.
        let sums = result.categories.map { $0.features.map(\.weight).reduce(0, +) }
        #expect(zip(sums, [1, 1, 1, 1, 1.2, 1, 1]).allSatisfy { abs($0 - $1) < 1e-9 }, "\(sums)")
        #expect(QualityScore.sbomqsModel.contains("v2.0.12"))
    }

    /// The complete CycloneDX fixture has every feature but `sbom_completeness_declared` (its composition lists
    /// dependencies, so it is not sbomqs's global scope: `Composition.IsSBOMComplete`): Completeness is
    /// (0.25 + 0.2 + 0.15 + 0.15 + 0.1) x 10 = 8.5, the total (820 - 12 x 1.5) / 82.
    @Test func theCompleteCycloneDXFixtureScores() throws {
        let result = try score(AuditFixtures.cycloneDX())
        for feature in result.categories.flatMap(\.features) where feature.name != "sbom_completeness_declared" {
            #expect(feature.score == 10, "\(feature.name): \(feature.description)")
        }
        #expect(feature(result, "sbom_completeness_declared") == 0)
        #expect(abs(result.score - 802.0 / 82) < 1e-9, "\(result.categories.map { "\($0.name) \($0.score)" })")
        #expect(result.grade == "A")
        var global = AuditFixtures.cycloneDX()
        global["compositions"] = [["aggregate": "complete", "dependencies": ["app"]], ["aggregate": "complete"]]
        let complete = try score(global)
        #expect(feature(complete, "sbom_completeness_declared") == 10)
        #expect(abs(complete.score - 10) < 1e-9)
    }

    /// One mutation of the complete CycloneDX fixture per feature, and the feature's score after it.
    static let cycloneDXLacking: [(feature: String, expected: Double, change: @Sendable (inout Object) -> Void)] = [
        // identification.go CompWithName / CompWithVersion / CompWithUniqLocalIDs: 1 of 2 components.
        ("comp_with_name", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["name"] = " "; return c } }),
        ("comp_with_version", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["version"] = nil; return c } }),
        ("comp_with_local_id", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["bom-ref"] = nil; return c }; bom["dependencies"] = nil }),
        // provenance.go SBOMCreationTimestamp (RFC 3339), SBOMAuthors (metadata.authors only), SBOMCreationTool
        // (5 for a name without version), SBOMSupplier, SBOMNamespace (urn:uuid:), SBOMLifeCycle (known phase).
        ("sbom_creation_timestamp", 0, { bom in AuditFixtures.metadata(&bom) { $0["timestamp"] = "2026-01-02 03:04:05" } }),
        ("sbom_authors", 0, { bom in AuditFixtures.metadata(&bom) { $0["authors"] = nil } }),
        ("sbom_tool_version", 5, { bom in AuditFixtures.metadata(&bom) { $0["tools"] = ["components": [["type": "application", "name": "vouch"]]] } }),
        ("sbom_supplier", 0, { bom in AuditFixtures.metadata(&bom) { $0["supplier"] = nil } }),
        ("sbom_namespace", 0, { bom in bom["serialNumber"] = nil }),
        ("sbom_lifecycle", 0, { bom in AuditFixtures.metadata(&bom) { $0["lifecycles"] = [["name": "nightly", "description": "x"]] } }),
        // integrity.go CompWithStrongChecksums, CompWithWeakChecksums (strong share of the checksummed), SBOMSignature.
        ("comp_with_strong_checksums", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["hashes"] = [["alg": "SHA-1", "content": String(repeating: "ab", count: 20)]]; return c } }),
        ("comp_with_weak_checksums", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["hashes"] = [["alg": "MD5", "content": String(repeating: "ab", count: 16)]]; return c } }),
        ("sbom_signature", 0, { bom in bom["signature"] = nil }),
        // completeness.go CompWithDependencies (primary's completeness in a complete dependencies composition),
        // SBOMWithPrimaryComponent, CompWithSourceCode, CompWithSupplier, CompWithPackagePurpose.
        ("comp_with_dependencies", 0, { bom in bom["compositions"] = [["aggregate": "incomplete", "dependencies": ["app"]]] }),
        ("sbom_primary_component", 0, { bom in AuditFixtures.metadata(&bom) { var c = $0["component"] as! Object; c["bom-ref"] = nil; $0["component"] = c } }),
        ("comp_with_source_code", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["externalReferences"] = nil; return c } }),
        ("comp_with_supplier", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["supplier"] = nil; return c } }),
        ("comp_with_purpose", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["type"] = "data"; return c } }),
        // licensing.go: concluded licenses (acknowledgement "concluded" in 1.6) for all but the declared feature.
        ("comp_with_licenses", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["licenses"] = [["license": ["id": "MIT", "acknowledgement": "declared"]]]; return c } }),
        ("comp_with_valid_licenses", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["licenses"] = [["license": ["name": "Some License", "acknowledgement": "concluded"]]]; return c } }),
        ("comp_spdx_listed_license", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["licenses"] = [["license": ["id": "LicenseRef-mine", "acknowledgement": "concluded"]]]; return c } }),
        ("comp_no_deprecated_licenses", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["licenses"] = [["license": ["id": "GPL-2.0", "acknowledgement": "concluded"]]]; return c } }),
        ("comp_no_restrictive_licenses", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["licenses"] = [["license": ["id": "MPL-2.0", "acknowledgement": "concluded"]]]; return c } }),
        ("comp_with_declared_licenses", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["licenses"] = [["license": ["id": "MIT", "acknowledgement": "concluded"]]]; return c } }),
        ("sbom_data_license", 0, { bom in AuditFixtures.metadata(&bom) { $0["licenses"] = [["license": ["name": "Our data terms"]]] } }),
        // vulnerability.go CompWithPURL / CompWithCPE / CompWithPURLOrCPE.
        ("comp_with_purl", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["purl"] = nil; return c } }),
        ("comp_with_cpe", 0, { bom in AuditFixtures.eachComponent(&bom) { $0["cpe"] = nil } }),
        ("comp_with_purl_or_cpe", 5, { bom in bom["components"] = (bom["components"] as! [Object]).map { var c = $0; c["purl"] = nil; c["cpe"] = nil; return c } }),
    ]

    @Test(arguments: 0..<cycloneDXLacking.count)
    func eachCycloneDXFeatureHasACaseWithoutIt(index: Int) throws {
        let (name, expected, change) = Self.cycloneDXLacking[index]
        #expect(feature(try score(AuditFixtures.cycloneDX()), name) == 10, "\(name) in the complete fixture")
        var bom = AuditFixtures.cycloneDX()
        change(&bom)
        let result = try score(bom)
        #expect(feature(result, name) == expected, "\(name): \(result.categories.flatMap(\.features).first { $0.name == name }?.description ?? "")")
    }

    /// structural.go SBOMSchemaValid: what `vouch sbom validate` says, for JSON.
    @Test func schemaValidityIsTheValidatorsVerdict() throws {
        #expect(feature(try score(AuditFixtures.cycloneDX(), valid: false), "sbom_schema_valid") == 0)
        #expect(feature(try score(AuditFixtures.cycloneDX(), valid: true), "sbom_schema_valid") == 10)
    }

    /// formulae.go PerComponentScore: 10 x have/total, but never above 9.9 while a component lacks the feature.
    @Test func aPerComponentScoreIsCappedAt9Point9WhileOneLacksIt() {
        #expect(FeatureScorer.perComponent(999, 1000) == 9.9)
        #expect(FeatureScorer.perComponent(1000, 1000) == 10)
        #expect(FeatureScorer.perComponent(1, 4) == 2.5)
        #expect(FeatureScorer.perComponent(0, 0) == 0)
    }

    /// licensing.go CompWithDeprecatedLicenses / CompWithRestrictiveLicenses: 0, not 10, when no component has
    /// a concluded license (odd: "nothing deprecated" scores as failing).
    @Test func withoutConcludedLicensesTheDeprecatedAndRestrictiveFeaturesScoreZero() throws {
        var bom = AuditFixtures.cycloneDX()
        AuditFixtures.eachComponent(&bom) { $0["licenses"] = [["license": ["id": "MIT", "acknowledgement": "declared"]]] }
        let result = try score(bom)
        #expect(feature(result, "comp_no_deprecated_licenses") == 0)
        #expect(feature(result, "comp_no_restrictive_licenses") == 0)
        #expect(feature(result, "comp_with_declared_licenses") == 10)
    }

    /// cdx.go copyC: before CycloneDX 1.6 (no acknowledgement) every license is concluded and none declared.
    @Test func beforeCycloneDX16LicensesAreConcluded() throws {
        var bom = AuditFixtures.cycloneDX()
        bom["specVersion"] = "1.5"
        AuditFixtures.eachComponent(&bom) { $0["licenses"] = [["license": ["id": "MIT"]]] }
        let result = try score(bom)
        #expect(feature(result, "comp_with_licenses") == 10)
        #expect(feature(result, "comp_with_declared_licenses") == 0)
    }

    /// formulae.go ComputeCategoryScore: purl, CPE and their union are one OR group; the best member fills it.
    @Test func aPurlAloneOrACPEAloneFillsVulnerability() throws {
        var purlOnly = AuditFixtures.cycloneDX()
        AuditFixtures.eachComponent(&purlOnly) { $0["cpe"] = nil }
        #expect(try score(purlOnly).categories.first { $0.name == "Vulnerability" }!.score == 10)
        var neither = purlOnly
        AuditFixtures.eachComponent(&neither) { $0["purl"] = nil }
        #expect(try score(neither).categories.first { $0.name == "Vulnerability" }!.score == 0)
    }

    /// The SPDX fixture: sbomqs ignores `sbom_signature` (integrity.go) and `comp_with_dependencies`
    /// (completeness.go) for SPDX, and scores 0 on `sbom_supplier`, `sbom_lifecycle` (provenance.go) and
    /// `sbom_completeness_declared` (completeness.go). Provenance: 10 x (0.2 + 0.2 + 0.2 + 0.15) = 7.5;
    /// Completeness without dependencies: 10 x (0.2 + 0.15 + 0.1) / 0.75 (sourceInfo absent: source code 0).
    @Test func spdxScoresAsSbomqsDoes() throws {
        let result = try score(AuditFixtures.spdx())
        #expect(feature(result, "sbom_signature") == nil)
        #expect(feature(result, "comp_with_dependencies") == nil)
        for name in ["sbom_supplier", "sbom_lifecycle", "sbom_completeness_declared", "comp_with_source_code"] { #expect(feature(result, name) == 0, "\(name)") }
        #expect(abs(result.categories.first { $0.name == "Provenance" }!.score - 7.5) < 1e-9)
        #expect(abs(result.categories.first { $0.name == "Integrity" }!.score - 10) < 1e-9)
        #expect(abs(result.categories.first { $0.name == "Completeness" }!.score - 4.5 / 0.75) < 1e-9)
        // Vulnerability: the described package has no purl: 1 of 2.
        #expect(feature(result, "comp_with_purl") == 5)
        #expect(feature(result, "comp_with_purpose") == 10)
        #expect(feature(result, "comp_with_supplier") == 10)
    }

    /// spdx.go parseEntity: a `NOASSERTION` supplier is a supplier named NOASSERTION, which counts (odd, followed);
    /// `OPERATING_SYSTEM` is no purpose sbomqs knows (its list spells `operating-system`).
    @Test func spdxNoAssertionSupplierCountsAndUnderscoredPurposesDoNot() throws {
        var document = AuditFixtures.spdx()
        AuditFixtures.eachPackage(&document) { $0["supplier"] = "NOASSERTION"; $0["primaryPackagePurpose"] = "OPERATING_SYSTEM" }
        let result = try score(document)
        #expect(feature(result, "comp_with_supplier") == 10)
        #expect(feature(result, "comp_with_purpose") == 0)
        AuditFixtures.eachPackage(&document) { $0["supplier"] = nil; $0["originator"] = nil }
        #expect(feature(try score(document), "comp_with_supplier") == 0)
    }

    /// spdx.go parseTool: `Tool: name-version`; without a version the feature is 5.
    @Test func spdxToolWithoutVersionScoresFive() throws {
        var document = AuditFixtures.spdx()
        document["creationInfo"] = ["created": "2026-01-02T03:04:05Z", "creators": ["Organization: Example Org", "Tool: vouch"]]
        #expect(feature(try score(document), "sbom_tool_version") == 5)
    }

    /// formulae.go ScoreCompNA: without components every per-component feature is ignored; Identification, all
    /// of whose features are, scores 0 and still counts in the total (ComputeInterlynkComprScore).
    @Test func withoutComponentsPerComponentFeaturesAreIgnored() throws {
        var bom = AuditFixtures.cycloneDX()
        bom["components"] = nil
        bom["dependencies"] = nil
        AuditFixtures.metadata(&bom) { $0["component"] = nil }
        let result = try score(bom)
        #expect(result.components == 0)
        for name in ["comp_with_name", "comp_with_strong_checksums", "comp_with_dependencies", "comp_with_licenses", "comp_with_purl"] {
            #expect(feature(result, name) == nil, "\(name)")
        }
        #expect(result.categories.first { $0.name == "Identification" }!.score == 0)
        #expect(feature(result, "sbom_primary_component") == 0)
    }

    @Test(arguments: [(9.0, "A"), (8.99, "B"), (8.0, "B"), (7.5, "C"), (5.0, "D"), (4.99, "F")])
    func gradesFollowSbomqsThresholds(score: Double, grade: String) {
        #expect(QualityScore.grade(score) == grade)
    }

    /// license.go LookupExpression with the embedded lists: GPL-2.0 is deprecated, MPL-2.0 restrictive (ScanCode
    /// "Copyleft Limited"), MIT neither; `X WITH Y` is one custom license; unparsable text one custom license.
    @Test func licensesResolveAgainstSbomqssLists() {
        let gpl = SbomqsLicenses.resolve("GPL-2.0")
        #expect(gpl.count == 1 && gpl[0].source == "spdx" && gpl[0].deprecated && gpl[0].restrictive)
        let mixed = SbomqsLicenses.resolve("MIT OR MPL-2.0")
        #expect(mixed.map(\.id) == ["MIT", "MPL-2.0"] && mixed.map(\.restrictive) == [false, true])
        #expect(SbomqsLicenses.resolve("GPL-2.0-only WITH Classpath-exception-2.0").map(\.source) == ["custom"])
        #expect(SbomqsLicenses.resolve("Apache 2").map(\.source) == ["custom"])
        #expect(SbomqsLicenses.resolve("NOASSERTION").isEmpty)
        #expect(SbomqsLicenses.allValid(SbomqsLicenses.resolve("CC0-1.0")))
        #expect(!SbomqsLicenses.allValid(SbomqsLicenses.resolve("Our data terms")))
    }
}
