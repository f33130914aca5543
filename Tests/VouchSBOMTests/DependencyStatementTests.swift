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

    /// A distribution's PEP 770 CycloneDX SBOM: `a` needs `b`, `b` is a leaf, `c` depends on the document's
    /// subject (no component), `d` has no entry, and `twin` is listed twice.
    static let embedded = """
        {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
         "metadata": {"component": {"type": "library", "name": "native", "version": "1", "bom-ref": "native"}},
         "components": [
          {"type": "library", "name": "a", "version": "1", "bom-ref": "a"},
          {"type": "library", "name": "b", "version": "1", "bom-ref": "b"},
          {"type": "library", "name": "c", "version": "1", "bom-ref": "c"},
          {"type": "library", "name": "d", "version": "1", "bom-ref": "d"},
          {"type": "library", "name": "twin", "version": "1", "bom-ref": "twin-1"},
          {"type": "library", "name": "twin", "version": "1", "bom-ref": "twin-2"}],
         "dependencies": [
          {"ref": "native", "dependsOn": ["a", "c"]},
          {"ref": "a", "dependsOn": ["b", "twin-1"]},
          {"ref": "b"},
          {"ref": "c", "dependsOn": ["native"]},
          {"ref": "twin-1"}, {"ref": "twin-2"}]}
        """

    @Test func anEmbeddedSBOMsGraphIsKeptAndItsStatedLeavesSayDependsOnNone() throws {
        let directory = try TemporaryDirectory("sbom-dependency-embedded")
        try directory.write("venv/pyvenv.cfg", "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.7\n")
        let site = "venv/lib/python3.11/site-packages/"
        try directory.write(site + "wheel-1.dist-info/METADATA", Self.metadata("wheel"))
        try directory.write(site + "wheel-1.dist-info/sboms/native.cdx.json", Self.embedded)
        let document = try SBOMTestFixtures.document(directory.path + "/venv", name: "venv")
        let prefix = "python:wheel@1/sbom/"
        #expect(document.dependencies.map { "\($0.from) -> \($0.to)" } == ["\(prefix)a@1 -> \(prefix)b@1"],
                "the edge to the twice-listed component is left out, the subject's edges are not packages' edges")
        #expect(document.dependenciesKnown == ["python:wheel@1", "\(prefix)b@1"],
                "a's edge to the ambiguous twin is left out, so its list is not complete; c depends on the subject; d has no entry")
        let (none, aggregates) = try Self.statements(document)
        #expect(none == ["SPDXRef-Package-python-wheel-1", "SPDXRef-Package-python-wheel-1-sbom-b-1"])
        #expect(aggregates["\(prefix)a@1"] == "unknown")
        #expect(aggregates["\(prefix)b@1"] == "complete")
        #expect(aggregates["\(prefix)c@1"] == "unknown")
        #expect(aggregates["\(prefix)d@1"] == "unknown")
    }
}
