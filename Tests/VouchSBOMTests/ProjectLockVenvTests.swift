import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// Issue 15: the root's direct dependencies and the extras the project asked for (`uvicorn[standard]`), which
/// nothing in a venv records, read from the project's requirements file or uv.lock, checked against the
/// ground truth the venv's own Python computes with the same roots (Fixtures/sbom/real-venv/ground-truth.py)
/// on the real venv pip built from Fixtures/sbom/real-venv/requirements.txt.
@Suite(.serialized) struct ProjectLockVenvTests {
    struct GroundTruth: Decodable {
        let packages: [String: String]
        let edges: [[String]]
        let root: [String]
    }

    static let requirements = Fixtures.path("sbom/real-venv/requirements.txt")

    static func groundTruth(_ venv: String, roots: String?) throws -> GroundTruth {
        let result = try CommandRunner.run(venv + "/bin/python", [Fixtures.path("sbom/real-venv/ground-truth.py")] + (roots.map { [$0] } ?? []))
        try #require(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(GroundTruth.self, from: Data(result.stdout.utf8))
    }

    static func document(_ venv: String, lock: ProjectLock?) throws -> SBOMDocument {
        var options = CatalogOptions(defaultMachine: PythonInterpreter.hostMachine)
        options.lock = lock
        return try SBOMGenerator().generate(try DirectoryFileResolver(path: venv), options: options)
    }

    /// Edges as `[from, to]` names, the root as `<root>`.
    static func edges(_ document: SBOMDocument) -> Set<[String]> {
        RealVenvTests.distributionEdges(document)
    }

    static func expectExact(_ document: SBOMDocument, _ truth: GroundTruth) {
        let edges = Self.edges(document), expected = Set(truth.edges)
        #expect(edges.subtracting(expected).isEmpty, "edges not in the ground truth (precision): \(edges.subtracting(expected))")
        #expect(expected.subtracting(edges).isEmpty, "ground-truth edges missed (recall): \(expected.subtracting(edges))")
        #expect(document.rootDependencies.map(RealVenvTests.name).sorted() == truth.root)
    }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func theRequirementsFileGivesTheRootAndTheRequestedExtrasWithFullRecallAndPrecision() throws {
        let venv = try RealVenvTests.realVenv()
        let truth = try Self.groundTruth(venv, roots: Self.requirements)
        let withoutExtras = try Self.groundTruth(venv, roots: nil)
        #expect(truth.edges.count > withoutExtras.edges.count, "uvicorn[standard] adds edges the venv alone does not show")
        #expect(truth.edges.contains(["uvicorn", "uvloop"]))
        let document = try Self.document(venv, lock: try ProjectLock.read(Self.requirements))
        Self.expectExact(document, truth)
        #expect(document.inferredExtras.isEmpty, "with a lock nothing is inferred")
        #expect(document.lockFile == Self.requirements)
    }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func aUVLockGivesTheSameGraphAndTheInstalledWheelsHashNotTheDecoys() throws {
        let venv = try RealVenvTests.realVenv()
        let directory = try TemporaryDirectory("uv-lock")
        let lockPath = directory.path + "/uv.lock"
        let made = try CommandRunner.run(venv + "/bin/python", [Fixtures.path("sbom/real-venv/make-uv-lock.py"), Self.requirements, lockPath])
        try #require(made.status == 0, "\(made.stderr)")
        let installedHashes = try JSONDecoder().decode([String: [String: String]].self, from: Data(made.stdout.utf8))
        let lock = try ProjectLock.read(lockPath)
        #expect(lock.kind == .uvLock)
        #expect(lock.direct?.first { $0.normalizedName == "uvicorn" }?.extras == ["standard"])
        let document = try Self.document(venv, lock: lock)
        Self.expectExact(document, try Self.groundTruth(venv, roots: Self.requirements))
        var checked = 0
        for package in document.packages where package.containment == .installed {
            let name = RealVenvTests.name(package.id)
            guard let expected = installedHashes[name]?["installed"] else { continue }
            #expect(package.hashes == [ComponentHash(algorithm: "SHA-256", value: expected)], "\(name): \(package.hashes)")
            #expect(package.hashSource == "uv.lock")
            checked += 1
        }
        #expect(checked >= 20)
    }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func withoutALockAnExtraWhoseRequirementsAreAllInstalledIsInferredAndMarked() throws {
        let venv = try RealVenvTests.realVenv()
        let truth = try Self.groundTruth(venv, roots: Self.requirements)
        let document = try Self.document(venv, lock: nil)
        #expect(Self.edges(document) == Set(truth.edges), "uvicorn's standard extra is inferred: its requirements are all installed")
        let uvicorn = try #require(document.packages.first { $0.name == "uvicorn" })
        #expect(document.inferredExtras[uvicorn.id] == ["standard"])
        let inferred = Set(document.inferredEdges.map { [RealVenvTests.name($0.from), RealVenvTests.name($0.to)] })
        #expect(inferred.contains(["uvicorn", "uvloop"]))
        #expect(inferred.allSatisfy { $0[0] == "uvicorn" }, "only the inferred extra's own requirements are marked: \(inferred)")
        #expect(document.unsatisfied.isEmpty, "an extra is inferred only when all it needs, its own extras too, is installed: \(document.unsatisfied)")
        #expect(document.lockFile == nil)
        // The inference is visible in both formats.
        let cyclonedx = try SBOMGenerator.encodeText(document, as: .cycloneDXJSON)
        #expect(cyclonedx.contains("\"name\":\"vouch:inferred-extra\",\"value\":\"standard\"") || cyclonedx.contains("\"vouch:inferred-extra\""))
        let spdx = try SBOMGenerator.encodeText(document, as: .spdxJSON)
        #expect(spdx.contains("inferred: required by an extra inferred as requested"))
    }
}
