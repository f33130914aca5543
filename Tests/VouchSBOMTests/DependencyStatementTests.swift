import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// A package known to depend on nothing says so (SPDX 2.3 clause 11.1 `DEPENDS_ON NONE`, CycloneDX
/// `compositions` `complete` with an empty `dependsOn`); one whose dependencies are not known in full
/// gets no such statement.
@Suite struct DependencyStatementTests {
    typealias Object = [String: Any]

    static func metadata(_ name: String, _ requires: [String] = []) -> String {
        "Metadata-Version: 2.1\nName: \(name)\nVersion: 1\n" + requires.map { "Requires-Dist: \($0)\n" }.joined()
    }

    /// A venv (CPython 3.11) with a leaf, a dependent, a marker that does not hold, a missing requirement
    /// and an unreadable one.
    static func venv() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("sbom-dependency-statements")
        try directory.write("venv/pyvenv.cfg", "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.7\n")
        let site = "venv/lib/python3.11/site-packages/"
        try directory.write(site + "leaf-1.dist-info/METADATA", metadata("leaf"))
        try directory.write(site + "user-1.dist-info/METADATA", metadata("user", ["leaf>=1"]))
        try directory.write(site + "old-python-1.dist-info/METADATA", metadata("old-python", ["absent; python_version < \"3.0\""]))
        try directory.write(site + "needs-absent-1.dist-info/METADATA", metadata("needs-absent", ["absent>=1"]))
        try directory.write(site + "unreadable-1.dist-info/METADATA", metadata("unreadable", ["leaf ((( not a requirement"]))
        return directory
    }

    /// The SPDX JSON document's `DEPENDS_ON NONE` elements and CycloneDX JSON compositions (aggregate by bom-ref).
    static func statements(_ document: SBOMDocument) throws -> (none: [String], aggregates: [String: String]) {
        let spdx = try #require(try JSONSerialization.jsonObject(with: Data(try SBOMGenerator.encode(document, as: .spdxJSON))) as? Object)
        let none = (spdx["relationships"] as? [Object] ?? []).filter { $0["relatedSpdxElement"] as? String == "NONE" }
        #expect(none.allSatisfy { $0["relationshipType"] as? String == "DEPENDS_ON" })
        let cdx = try #require(try JSONSerialization.jsonObject(with: Data(try SBOMGenerator.encode(document, as: .cycloneDXJSON))) as? Object)
        var aggregates: [String: String] = [:]
        for composition in cdx["compositions"] as? [Object] ?? [] {
            for ref in composition["dependencies"] as? [String] ?? [] { aggregates[ref] = composition["aggregate"] as? String }
        }
        return (none.compactMap { $0["spdxElementId"] as? String }.sorted(), aggregates)
    }

    @Test func onlyPackagesKnownToDependOnNothingSayDependsOnNone() throws {
        let directory = try Self.venv()
        let document = try SBOMTestFixtures.document(directory.path + "/venv", name: "venv")
        #expect(document.dependencies.map { "\($0.from) -> \($0.to)" } == ["python:user@1 -> python:leaf@1"])
        #expect(document.dependenciesKnown == ["python:leaf@1", "python:user@1", "python:old-python@1"])
        let (none, aggregates) = try Self.statements(document)
        #expect(none == ["SPDXRef-Package-python-leaf-1", "SPDXRef-Package-python-old-python-1"])
        #expect(aggregates["python:leaf@1"] == "complete")
        #expect(aggregates["python:user@1"] == "complete")
        #expect(aggregates["python:needs-absent@1"] == "incomplete")
        #expect(aggregates["python:unreadable@1"] == "unknown", "a Requires-Dist that does not parse leaves the list unknown")
    }

    @Test func withoutAKnownInterpreterNoPackageSaysDependsOnNone() throws {
        let directory = try TemporaryDirectory("sbom-dependency-no-interpreter")
        try directory.write("site-packages/leaf-1.dist-info/METADATA", Self.metadata("leaf"))
        try directory.write("site-packages/marker-1.dist-info/METADATA", Self.metadata("marker", ["absent; python_version >= \"3.0\""]))
        let document = try SBOMTestFixtures.document(directory.path + "/site-packages", name: "sp")
        #expect(document.warnings.contains { $0.contains("which Python") }, "\(document.warnings)")
        #expect(document.dependenciesKnown.isEmpty, "markers were evaluated against nothing")
        let (none, aggregates) = try Self.statements(document)
        #expect(none.isEmpty)
        #expect(aggregates["python:leaf@1"] == "unknown")
    }
}
