import Foundation
import Testing
import VouchSBOM
@testable import VouchSBOMAudit

/// sbomqs 2.0's formulas: per-component features are 10 x have/total, categories weighted 10/12/15/12/15/10/8.
@Suite struct QualityScoreTests {
    typealias Object = AuditFixtures.Object

    func score(_ object: Object, valid: Bool = true) throws -> QualityScore {
        QualityScore.score(try AuditFixtures.document(object), schemaValid: valid, file: "x.json")
    }

    func feature(_ score: QualityScore, _ name: String) -> Double? {
        score.categories.flatMap(\.features).first { $0.name == name }?.score
    }

    @Test func theCompleteCycloneDXFixtureScoresTenOnEveryFeatureButTheLeafsDependencies() throws {
        let result = try score(AuditFixtures.cycloneDX())
        // app dependsOn idna; idna's entry is empty (a declared leaf), which sbomqs does not count.
        for feature in result.categories.flatMap(\.features) where feature.name != "comp_with_dependencies" {
            #expect(feature.score == 10, "\(feature.name): \(feature.description)")
        }
        #expect(feature(result, "comp_with_dependencies") == 5)
        #expect(abs(result.score - (10 - 5 * 0.25 * 12 / 82)) < 1e-9, "\(result.categories.map { "\($0.name) \($0.score)" })")
        #expect(result.grade == "A")
        #expect(result.categories.map(\.name) == ["Identification", "Provenance", "Integrity", "Completeness", "Licensing", "Vulnerability", "Structural"])
        #expect(result.categories.map(\.weight) == [10, 12, 15, 12, 15, 10, 8])
    }

    @Test func aPerComponentFeatureIsTenTimesTheShareThatHasIt() throws {
        var bom = AuditFixtures.cycloneDX()
        var components = bom["components"] as! [Object]
        let second = AuditFixtures.cycloneDXComponent(ref: "b", name: "b", version: "1", purl: "pkg:pypi/b@1")
        var third = AuditFixtures.cycloneDXComponent(ref: "c", name: "c", version: "1", purl: "pkg:pypi/c@1")
        third["cpe"] = nil
        components += [second, third]
        components[0]["cpe"] = nil
        bom["components"] = components
        bom["dependencies"] = nil
        let result = try score(bom)
        // metadata.component (with a CPE) counts too: 2 of 4 components have a CPE, all have purls.
        #expect(result.components == 4)
        #expect(abs(feature(result, "comp_with_cpe")! - 5) < 1e-9)
        // The OR group scores its best member: every component has a purl.
        let vulnerability = result.categories.first { $0.name == "Vulnerability" }!
        #expect(abs(vulnerability.score - 10) < 1e-9)
    }

    @Test func theTotalIsTheCategoryWeightedMean() throws {
        var bom = AuditFixtures.cycloneDX()
        bom["signature"] = nil
        AuditFixtures.eachComponent(&bom) { $0["cpe"] = nil }
        let result = try score(bom, valid: false)
        let expected = result.categories.map { $0.score * $0.weight }.reduce(0, +) / 82
        #expect(abs(result.score - expected) < 1e-9)
        #expect(feature(result, "sbom_signature") == 0)
        #expect(feature(result, "sbom_schema_valid") == 0)
        // Integrity: checksums 10 x 0.6 + SHA-256 10 x 0.3 + signature 0 x 0.1.
        #expect(abs(result.categories.first { $0.name == "Integrity" }!.score - 9) < 1e-9)
    }

    @Test func aFeatureThatDoesNotApplyToSPDXIsLeftOutAndItsCategoryRenormalized() throws {
        let result = try score(AuditFixtures.spdx())
        #expect(feature(result, "sbom_lifecycle") == nil)
        let provenance = result.categories.first { $0.name == "Provenance" }!
        #expect(provenance.features.contains { $0.name == "sbom_lifecycle" && $0.score == nil })
        // Every applicable provenance feature is met: the category is 10, not 9 (its 0.1 left out).
        #expect(abs(provenance.score - 10) < 1e-9)
    }

    @Test(arguments: [(9.0, "A"), (8.99, "B"), (8.0, "B"), (7.5, "C"), (5.0, "D"), (4.99, "F")])
    func gradesFollowSbomqsThresholds(score: Double, grade: String) {
        #expect(QualityScore.grade(score) == grade)
    }

    @Test func restrictiveAndDeprecatedLicensesLowerLicensing() throws {
        var bom = AuditFixtures.cycloneDX()
        AuditFixtures.eachComponent(&bom) { $0["licenses"] = [["license": ["id": "GPL-2.0", "acknowledgement": "concluded"]]] }
        let result = try score(bom)
        #expect(feature(result, "comp_no_deprecated_licenses") == 0)
        #expect(feature(result, "comp_no_restrictive_licenses") == 0)
        #expect(feature(result, "comp_with_declared_licenses") == 0)
    }

    @Test func aCycloneDXDependenciesEntryWithAnEmptyDependsOnIsNoDependency() throws {
        var bom = AuditFixtures.cycloneDX()
        // idna's entry is empty: 1 of 2 (app) has dependencies.
        #expect(feature(try score(bom), "comp_with_dependencies") == 5)
        bom["dependencies"] = [["ref": "app", "dependsOn": ["pkg:pypi/idna@3.7"]], ["ref": "pkg:pypi/idna@3.7", "dependsOn": ["app"]]]
        #expect(feature(try score(bom), "comp_with_dependencies") == 10)
        bom["dependencies"] = [["ref": "app", "dependsOn": []], ["ref": "pkg:pypi/idna@3.7", "dependsOn": []]]
        #expect(feature(try score(bom), "comp_with_dependencies") == 0)
    }

    @Test func cycloneDXMetadataComponentCountsAsAComponentOncePerBomRef() throws {
        var bom = AuditFixtures.cycloneDX()
        var metadata = bom["metadata"] as! Object
        var app = metadata["component"] as! Object
        app["version"] = nil
        metadata["component"] = app
        bom["metadata"] = metadata
        let result = try score(bom)
        // app and idna; app without a version lowers comp_with_version to 1 of 2.
        #expect(result.components == 2)
        #expect(feature(result, "comp_with_version") == 5)
        // The same bom-ref in components[] is the same component.
        var twice = AuditFixtures.cycloneDX()
        twice["components"] = (twice["components"] as! [Object]) + [(twice["metadata"] as! Object)["component"] as! Object]
        #expect(try score(twice).components == 2)
    }

    func vulnerability(_ bom: Object) throws -> (score: Double, purl: Double?, cpe: Double?, either: Double?) {
        let result = try score(bom)
        return (result.categories.first { $0.name == "Vulnerability" }!.score, feature(result, "comp_with_purl"),
                feature(result, "comp_with_cpe"), feature(result, "comp_with_purl_or_cpe"))
    }

    /// sbomqs 2.0.12: comp_with_purl, comp_with_cpe and comp_with_purl_or_cpe are one OR group.
    @Test func aPurlAloneOrACPEAloneFillsVulnerability() throws {
        var purlOnly = AuditFixtures.cycloneDX()
        AuditFixtures.eachComponent(&purlOnly) { $0["cpe"] = nil }
        let purl = try vulnerability(purlOnly)
        #expect(purl.score == 10 && purl.cpe == 0 && purl.purl == 10 && purl.either == 10)

        var cpeOnly = AuditFixtures.cycloneDX()
        AuditFixtures.eachComponent(&cpeOnly) { $0["purl"] = nil }
        let cpe = try vulnerability(cpeOnly)
        #expect(cpe.score == 10 && cpe.purl == 0 && cpe.cpe == 10)

        var neither = cpeOnly
        AuditFixtures.eachComponent(&neither) { $0["cpe"] = nil }
        let none = try vulnerability(neither)
        #expect(none.score == 0 && none.either == 0)

        // Half with a purl only, half with a CPE only: each member 5, the union 10.
        var split = AuditFixtures.cycloneDX()
        var metadata = split["metadata"] as! Object
        var app = metadata["component"] as! Object
        app["cpe"] = nil
        metadata["component"] = app
        split["metadata"] = metadata
        split["components"] = (split["components"] as! [Object]).map { var c = $0; c["purl"] = nil; return c }
        let mixed = try vulnerability(split)
        #expect(mixed.purl == 5 && mixed.cpe == 5 && mixed.either == 10 && mixed.score == 10)
    }
}
