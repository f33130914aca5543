import Foundation
import Testing
import VouchSBOM
@testable import VouchSBOMAudit

@Suite struct SBOMDiffTests {
    typealias Object = AuditFixtures.Object

    static func bom(_ components: [Object], dependencies: [Object] = []) -> Object {
        var bom = AuditFixtures.cycloneDX()
        bom["components"] = components
        bom["dependencies"] = dependencies
        bom["compositions"] = nil
        return bom
    }

    static func component(_ name: String, _ version: String, type: String = "pypi", hash: String = AuditFixtures.sha256, license: String = "MIT") -> Object {
        var component = AuditFixtures.cycloneDXComponent(ref: "pkg:\(type)/\(name)@\(version)", name: name, version: version, purl: "pkg:\(type)/\(name)@\(version)")
        component["hashes"] = [["alg": "SHA-256", "content": hash]]
        component["licenses"] = [["license": ["id": license]]]
        return component
    }

    func diff(_ old: Object, _ new: Object, failOn: [SBOMDiffReport.ChangeKind] = [.hashChanged]) throws -> SBOMDiffReport {
        SBOMDiff.compare(try AuditFixtures.document(old), try AuditFixtures.document(new), oldName: "old.json", newName: "new.json", failOn: failOn)
    }

    func kinds(_ report: SBOMDiffReport) -> [String: SBOMDiffReport.ChangeKind] {
        Dictionary(report.changes.map { ("\($0.key) \($0.kind.rawValue)", $0.kind) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func upgradesAndDowngradesFollowTheEcosystemsOrder() throws {
        let old = Self.bom([Self.component("idna", "3.7"), Self.component("urllib3", "2.2.10"), Self.component("libc6", "2.36-9+deb12u4", type: "deb/debian")])
        let new = Self.bom([Self.component("idna", "3.10"), Self.component("urllib3", "2.2.9"), Self.component("libc6", "2.36-9+deb12u10", type: "deb/debian")])
        let report = try diff(old, new)
        let byName = Dictionary(report.changes.map { ($0.name, $0.kind) }, uniquingKeysWith: { a, _ in a })
        // 3.10 > 3.7 in PEP 440 (a string comparison says the opposite); deb12u10 > deb12u4 in Debian order.
        #expect(byName == ["idna": .upgraded, "urllib3": .downgraded, "libc6": .upgraded])
        #expect(report.verdict.passed)
    }

    @Test func addedRemovedLicenseAndSupplierChangesAreReported() throws {
        var changedSupplier = Self.component("certifi", "2024.1.1")
        changedSupplier["supplier"] = ["name": "Someone Else"]
        let old = Self.bom([Self.component("idna", "3.7"), Self.component("six", "1.16.0"), Self.component("certifi", "2024.1.1")])
        let new = Self.bom([Self.component("idna", "3.7", license: "Apache-2.0"), Self.component("rich", "13.7.1"), changedSupplier])
        let report = try diff(old, new)
        #expect(report.changes.contains { $0.kind == .added && $0.name == "rich" && $0.after == "13.7.1" })
        #expect(report.changes.contains { $0.kind == .removed && $0.name == "six" })
        #expect(report.changes.contains { $0.kind == .licenseChanged && $0.before == "MIT" && $0.after == "Apache-2.0" })
        #expect(report.changes.contains { $0.kind == .supplierChanged && $0.name == "certifi" && $0.after == "Someone Else" })
    }

    @Test func aHashChangeAtTheSameVersionFailsByDefault() throws {
        let old = Self.bom([Self.component("idna", "3.7")])
        let new = Self.bom([Self.component("idna", "3.7", hash: String(repeating: "ef", count: 32))])
        let report = try diff(old, new)
        #expect(report.changes.map(\.kind) == [.hashChanged])
        #expect(!report.verdict.passed)
        #expect(try diff(old, new, failOn: []).verdict.passed)
    }

    @Test func pythonAndRustPackagesOfOneNameAreDifferentComponents() throws {
        let old = Self.bom([Self.component("idna", "3.7"), Self.component("idna", "1.0.3", type: "cargo")])
        let new = Self.bom([Self.component("idna", "3.7"), Self.component("idna", "0.5.0", type: "cargo")])
        let report = try diff(old, new)
        #expect(report.changes.count == 1)
        #expect(report.changes.first?.key == "pkg:cargo/idna" && report.changes.first?.kind == .downgraded)
    }

    @Test func pypiNamesMatchAfterPEP503Normalization() throws {
        let old = Self.bom([Self.component("Typing_Extensions", "4.9.0")])
        let new = Self.bom([Self.component("typing-extensions", "4.10.0")])
        #expect(try diff(old, new).changes.map(\.kind) == [.upgraded])
    }

    @Test func dependencyEdgeChangesAreReported() throws {
        let components = [Self.component("requests", "2.31.0"), Self.component("idna", "3.7"), Self.component("chardet", "5.2.0")]
        let old = Self.bom(components, dependencies: [["ref": "pkg:pypi/requests@2.31.0", "dependsOn": ["pkg:pypi/chardet@5.2.0"]]])
        let new = Self.bom(components, dependencies: [["ref": "pkg:pypi/requests@2.31.0", "dependsOn": ["pkg:pypi/idna@3.7"]]])
        let report = try diff(old, new)
        #expect(report.edges.map { "\($0.added ? "+" : "-")\($0.from)>\($0.to)" } == ["+pkg:pypi/requests>pkg:pypi/idna", "-pkg:pypi/requests>pkg:pypi/chardet"])
    }

    @Test func markdownEscapesPackageMetadata() throws {
        let old = Self.bom([Self.component("a|b<script>", "1.0")])
        let new = Self.bom([Self.component("a|b<script>", "2.0")])
        let markdown = try diff(old, new).markdown()
        #expect(markdown.contains("a\\|b&lt;script&gt;"))
        #expect(!markdown.contains("<script>"))
        #expect(markdown.contains("#### Upgraded"))
    }
}
