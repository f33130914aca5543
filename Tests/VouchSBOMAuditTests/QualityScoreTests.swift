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

    @Test func theCompleteCycloneDXFixtureScoresTenAndGradeA() throws {
        let result = try score(AuditFixtures.cycloneDX())
        #expect(abs(result.score - 10) < 1e-9, "\(result.categories.map { "\($0.name) \($0.score)" })")
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
        // 1 of 3 components has a CPE; all have purls: Vulnerability = (10 x 0.5 + 3.33 x 0.5) / 1.
        #expect(abs(feature(result, "comp_with_cpe")! - 10.0 / 3) < 1e-9)
        let vulnerability = result.categories.first { $0.name == "Vulnerability" }!
        #expect(abs(vulnerability.score - (10 * 0.5 + 10.0 / 3 * 0.5)) < 1e-9)
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
}
