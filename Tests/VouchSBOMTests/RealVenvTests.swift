import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// A real venv built with pip from pinned requirements (Fixtures/sbom/real-venv/requirements.txt), cached in
/// Fixtures/generated/. Ground truth comes from the venv's own Python: importlib.metadata for the package
/// set and `packaging` for markers (Fixtures/sbom/real-venv/ground-truth.py).
@Suite(.serialized) struct RealVenvTests {
    struct GroundTruth: Decodable {
        let packages: [String: String]
        let edges: [[String]]
    }

    /// Builds (or reuses) the venv and returns its path.
    static func realVenv() throws -> String {
        let python = try Peers.require("python3")
        let result = try CommandRunner.run(Fixtures.path("sbom/real-venv/make-real-venv.sh"), [python])
        guard result.status == 0 else { throw VouchError(.ioFailure, "could not build the real venv: \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The ground truth with requirements.txt as the root's requirements: what Vouch infers without a lock
    /// (uvicorn's `standard` extra, all of whose requirements are installed) is what the project asked for.
    static func groundTruth(_ venv: String) throws -> GroundTruth {
        let result = try CommandRunner.run(venv + "/bin/python", [Fixtures.path("sbom/real-venv/ground-truth.py"), Fixtures.path("sbom/real-venv/requirements.txt")])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(GroundTruth.self, from: Data(result.stdout.utf8))
    }

    static func name(_ id: String) -> String {
        String(id.dropFirst("python:".count).split(separator: "@").first ?? "")
    }

    /// The edges between installed distributions (pip's graph, which the ground truth is), by name: not
    /// the graphs of the crates that watchfiles' and pydantic-core's own SBOMs declare (PEP 770).
    static func distributionEdges(_ document: SBOMDocument) -> Set<[String]> {
        let installed = Set(document.packages.filter { $0.containment == .installed }.map(\.id))
        return Set(document.dependencies.filter { installed.contains($0.from) && installed.contains($0.to) }.map { [name($0.from), name($0.to)] })
    }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func packagesVersionsAndEdgesEqualTheGroundTruth() throws {
        let venv = try Self.realVenv()
        let truth = try Self.groundTruth(venv)
        #expect(truth.packages.count >= 20)
        let resolver = try DirectoryFileResolver(path: venv)
        let document = try SBOMGenerator().generate(resolver, options: CatalogOptions(defaultMachine: PythonInterpreter.hostMachine))
        var found: [String: String] = [:]
        for package in document.packages where package.containment == .installed { found[Self.name(package.id)] = package.version }
        #expect(found == truth.packages)
        let edges = Self.distributionEdges(document)
        let expected = Set(truth.edges)
        #expect(edges.subtracting(expected).isEmpty, "edges not in the ground truth: \(edges.subtracting(expected))")
        #expect(expected.subtracting(edges).isEmpty, "ground-truth edges missed: \(expected.subtracting(edges))")
        #expect(document.warnings.isEmpty, "\(document.warnings)")
    }

    @Test(.enabled(if: Peers.shouldRun("python3", "syft")))
    func everyPythonPackageSyftFindsIsFound() throws {
        let venv = try Self.realVenv()
        let syft = try Peers.require("syft")
        let result = try CommandRunner.run(syft, ["dir:" + venv, "-o", "json", "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let artifacts = (object?["artifacts"] as? [[String: Any]]) ?? []
        // syft also reports Windows launcher executables inside pip as "dotnet" packages; only Python counts.
        let theirs = Set(artifacts.filter { $0["type"] as? String == "python" }.compactMap { artifact -> String? in
            guard let name = artifact["name"] as? String, let version = artifact["version"] as? String else { return nil }
            return "\(PythonPackageName.normalize(name))@\(version)"
        })
        #expect(theirs.count >= 20)
        let ours = try Self.ourPackages(venv)
        #expect(theirs.subtracting(ours).isEmpty, "found by syft only: \(theirs.subtracting(ours))")
    }

    @Test(.enabled(if: Peers.shouldRun("python3", "trivy")))
    func everyPythonPackageTrivyFindsIsFound() throws {
        let venv = try Self.realVenv()
        let trivy = try Peers.require("trivy")
        let result = try CommandRunner.run(trivy, ["rootfs", "--format", "cyclonedx", "--quiet", "--offline-scan", "--skip-db-update", venv])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let components = (object?["components"] as? [[String: Any]]) ?? []
        let theirs = Set(components.compactMap { component -> String? in
            guard let purl = component["purl"] as? String, purl.hasPrefix("pkg:pypi/"),
                  let name = component["name"] as? String, let version = component["version"] as? String else { return nil }
            return "\(PythonPackageName.normalize(name))@\(version)"
        })
        #expect(theirs.count >= 20)
        let ours = try Self.ourPackages(venv)
        #expect(theirs.subtracting(ours).isEmpty, "found by trivy only: \(theirs.subtracting(ours))")
    }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func theRealVenvPassesVerifyRecord() throws {
        let venv = try Self.realVenv()
        let report = try RecordVerifier().verify(try DirectoryFileResolver(path: venv))
        #expect(report.distributions >= 20)
        #expect(report.filesChecked > 1000)
        #expect(report.findings.isEmpty, "\(report.findings.prefix(10))")
    }

    private static func ourPackages(_ venv: String) throws -> Set<String> {
        let document = try SBOMGenerator().generate(try DirectoryFileResolver(path: venv), options: CatalogOptions(defaultMachine: PythonInterpreter.hostMachine))
        return Set(document.packages.map { "\(PythonPackageName.normalize($0.name))@\($0.version)" })
    }
}
