import Foundation
import Testing
import VouchTestSupport

/// Issue 12 (and the producer side of issue 15): the SBOM's root component is named by the image's registry
/// reference or tag, never by the local path it was read from, versioned by the manifest digest, with a
/// `pkg:oci` purl; a venv's root is its project. `--name` / `--subject-version` (syft's `--source-name` /
/// `--source-version`) say it instead.
@Suite struct SbomRootComponentCLITests {
    /// The images of these tests, made by the image fixture generator in a temporary directory.
    static func images() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("sbom-root")
        let script = """
            import importlib.util, sys
            spec = importlib.util.spec_from_file_location("m", sys.argv[1])
            m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
            m.layout_image(sys.argv[2], "app-layout", m.Image(), annotations={"org.opencontainers.image.ref.name": "2.1"})
            m.layout_image(sys.argv[2], "full-layout", m.Image(), annotations={"org.opencontainers.image.ref.name": "registry.example.com/team/app:3.0"})
            m.layout_image(sys.argv[2], "untagged", m.Image(), annotations={"org.example.note": "no tag"})
            m.docker25(sys.argv[2], "gateway.tar", m.Image(), repo_tag="ghcr.io/acme/gateway:1.0")
            m.docker25(sys.argv[2], "hub.tar", m.Image(), repo_tag="example/gateway:1.0")
            """
        let made = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, Fixtures.path("images/make-images.py"), directory.path])
        try #require(made.status == 0, "\(made.stderr)")
        return directory
    }

    /// The root component of one document: name, version, purl.
    struct Root: Equatable {
        var name: String?
        var version: String?
        var purl: String?
    }

    /// The root component of the CycloneDX JSON and SPDX JSON documents `vouch sbom ARGUMENTS` writes.
    static func roots(_ arguments: [String], in directory: TemporaryDirectory) throws -> (cyclonedx: Root, spdx: Root) {
        let cyclonedx = directory.path + "/root.cdx.json", spdx = directory.path + "/root.spdx.json"
        let result = try CommandRunner.vouch(["sbom"] + arguments + ["--format", "cyclonedx-json", "-o", cyclonedx, "--format", "spdx-json", "-o", spdx])
        try #require(result.status == 0, "\(result.stdout)\(result.stderr)")
        let c = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cyclonedx))) as? [String: Any]
        let component = (c?["metadata"] as? [String: Any])?["component"] as? [String: Any]
        let s = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: spdx))) as? [String: Any]
        let package = (s?["packages"] as? [[String: Any]])?.first { $0["SPDXID"] as? String == "SPDXRef-Source" }
        let purl = (package?["externalRefs"] as? [[String: Any]])?.first { $0["referenceType"] as? String == "purl" }?["referenceLocator"] as? String
        #expect(s?["name"] as? String == package?["name"] as? String, "the SPDX document is named after its root")
        return (Root(name: component?["name"] as? String, version: component?["version"] as? String, purl: component?["purl"] as? String),
                Root(name: package?["name"] as? String, version: package?["versionInfo"] as? String, purl: purl))
    }

    /// The manifest digest `vouch image digest` gives (the platform manifest the SBOM describes).
    static func digest(_ image: String) throws -> String {
        let result = try CommandRunner.vouch(["image", "digest", image])
        try #require(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func encoded(_ digest: String) -> String { digest.replacingOccurrences(of: ":", with: "%3A") }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func anArchiveRootIsNamedByItsRegistryReferenceVersionedByItsDigestWithAnOCIPurl() throws {
        let directory = try Self.images()
        let image = directory.path + "/gateway.tar"
        let digest = try Self.digest(image)
        let expected = Root(name: "ghcr.io/acme/gateway:1.0", version: digest,
                            purl: "pkg:oci/gateway@\(Self.encoded(digest))?arch=amd64&repository_url=ghcr.io/acme/gateway&tag=1.0")
        let roots = try Self.roots([image], in: directory)
        #expect(roots.cyclonedx == expected)
        #expect(roots.spdx == expected)
        #expect(roots.cyclonedx.name?.contains(directory.path) == false)
    }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func aDockerHubImageIsNamedByContainerdsFullNameNotTheShortRepoTag() throws {
        let directory = try Self.images()
        let image = directory.path + "/hub.tar"
        let digest = try Self.digest(image)
        let roots = try Self.roots([image], in: directory)
        #expect(roots.cyclonedx.name == "docker.io/example/gateway:1.0")
        #expect(roots.spdx.purl == "pkg:oci/gateway@\(Self.encoded(digest))?arch=amd64&repository_url=docker.io/example/gateway&tag=1.0")
    }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func aLayoutTaggedWithAFullReferenceIsNamedByIt() throws {
        let directory = try Self.images()
        let roots = try Self.roots([directory.path + "/full-layout"], in: directory)
        #expect(roots.cyclonedx.name == "registry.example.com/team/app:3.0")
        #expect(roots.spdx.purl?.hasSuffix("?arch=amd64&repository_url=registry.example.com/team/app&tag=3.0") == true, "\(roots.spdx)")
    }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func aLayoutWithOnlyABareTagIsNamedAfterItsFileAndTagNotItsPath() throws {
        let directory = try Self.images()
        let layout = directory.path + "/app-layout"
        let digest = try Self.digest(layout)
        for arguments in [[layout], [layout, "--tag", "2.1"], [layout + ":2.1"]] {
            let roots = try Self.roots(arguments, in: directory)
            let expected = Root(name: "app-layout:2.1", version: digest, purl: "pkg:oci/app-layout@\(Self.encoded(digest))?arch=amd64&tag=2.1")
            #expect(roots.cyclonedx == expected, "\(arguments)")
            #expect(roots.spdx == expected, "\(arguments)")
        }
        let untagged = try Self.roots([directory.path + "/untagged"], in: directory)
        #expect(untagged.cyclonedx.name == "untagged", "an image that names nothing has only its file's name, not the path")
    }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func nameAndSubjectVersionSayTheImageRootAndItsPurlRepository() throws {
        let directory = try Self.images()
        let layout = directory.path + "/app-layout"
        let digest = try Self.digest(layout)
        let expected = Root(name: "ghcr.io/acme/custom:9", version: "9.0.0",
                            purl: "pkg:oci/custom@\(Self.encoded(digest))?arch=amd64&repository_url=ghcr.io/acme/custom&tag=9")
        let roots = try Self.roots([layout, "--name", "ghcr.io/acme/custom:9", "--subject-version", "9.0.0"], in: directory)
        #expect(roots.cyclonedx == expected)
        #expect(roots.spdx == expected)
        let syft = try Self.roots([layout, "--source-name", "ghcr.io/acme/custom:9", "--source-version", "9.0.0"], in: directory)
        #expect(syft.cyclonedx == expected, "syft's flag names are aliases")
    }

    /// A copy of the edge-venv fixture at `project/.venv`, with `pyproject` (when given) next to it.
    static func venvProject(_ directory: TemporaryDirectory, pyproject: String?) throws -> String {
        let project = directory.path + "/acme-project"
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: SBOMTestFixtures.edgeVenv, toPath: project + "/.venv")
        if let pyproject { try pyproject.write(toFile: project + "/pyproject.toml", atomically: true, encoding: .utf8) }
        return project + "/.venv"
    }

    @Test func aVenvRootIsNamedAndVersionedByThePyprojectNextToIt() throws {
        let directory = try TemporaryDirectory("sbom-root-venv")
        let venv = try Self.venvProject(directory, pyproject: "[build-system]\nrequires = [\"hatchling\"]\n\n[project]\nname = \"acme-gateway\"\nversion = \"2.3.4\"\n")
        let roots = try Self.roots([venv], in: directory)
        #expect(roots.cyclonedx == Root(name: "acme-gateway", version: "2.3.4", purl: nil))
        #expect(roots.spdx == Root(name: "acme-gateway", version: "2.3.4", purl: nil))
        let named = try Self.roots([venv, "--name", "gateway-service", "--subject-version", "2026.1"], in: directory)
        #expect(named.cyclonedx == Root(name: "gateway-service", version: "2026.1", purl: nil))
        #expect(named.spdx == Root(name: "gateway-service", version: "2026.1", purl: nil))
    }

    @Test func aVenvWithoutAProjectIsNamedByItsDirectoryAndItsVersionIsNoAssertion() throws {
        let directory = try TemporaryDirectory("sbom-root-venv")
        let venv = try Self.venvProject(directory, pyproject: nil)
        let roots = try Self.roots([venv], in: directory)
        #expect(roots.cyclonedx == Root(name: "acme-project", version: nil, purl: nil), "project/.venv is named after project")
        #expect(roots.spdx == Root(name: "acme-project", version: "NOASSERTION", purl: nil))
    }

    @Test func aPyprojectThatCannotBeReadIsAWarningNamingItsLineAndTheVenvIsNamedByItsDirectory() throws {
        let directory = try TemporaryDirectory("sbom-root-venv")
        let venv = try Self.venvProject(directory, pyproject: "[project\nname = ")
        let output = directory.path + "/out.cdx.json"
        let result = try CommandRunner.vouch(["sbom", venv, "--format", "cyclonedx-json", "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("pyproject.toml: line 1: a table header without its closing ]"), "\(result.stderr)")
        let roots = try Self.roots([venv], in: directory)
        #expect(roots.cyclonedx.name == "acme-project")
    }

    @Test func aRootFilesystemDirectoryKeepsItsPathUnlessNamed() throws {
        let directory = try TemporaryDirectory("sbom-root-dir")
        let roots = try Self.roots([SBOMTestFixtures.debianRoot], in: directory)
        #expect(roots.cyclonedx == Root(name: SBOMTestFixtures.debianRoot, version: nil, purl: nil), "a directory has only its path to go by")
        let named = try Self.roots([SBOMTestFixtures.debianRoot, "--name", "base-rootfs", "--subject-version", "12.5"], in: directory)
        #expect(named.spdx == Root(name: "base-rootfs", version: "12.5", purl: nil))
    }

    @Test(arguments: [["--name", ""], ["--subject-version", " "], ["--name", "a\nb"]])
    func anEmptyOrControlCharacterNameIsAUsageError(arguments: [String]) throws {
        let result = try CommandRunner.vouch(["sbom", SBOMTestFixtures.edgeVenv] + arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("vouch: error:"))
    }

    @Test(.enabled(if: Peers.shouldRun("python3", "pyspdxtools", "python")))
    func imageRootsWithVersionAndPurlPassTheSchemaValidators() throws {
        let python = try Peers.require("python")
        let spdxTools = try Peers.require("pyspdxtools")
        let directory = try Self.images()
        let cyclonedx = directory.path + "/v.cdx.json", spdx = directory.path + "/v.spdx.json"
        let result = try CommandRunner.vouch(["sbom", directory.path + "/gateway.tar", "--subject-version", "1.0.0",
                                              "--format", "cyclonedx-json", "-o", cyclonedx, "--format", "spdx-json", "-o", spdx])
        try #require(result.status == 0, "\(result.stderr)")
        let checked = try CommandRunner.run(python, [Fixtures.path("sbom/validate-cyclonedx.py"), "json", "1.6", cyclonedx])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        let tools = try CommandRunner.run(spdxTools, ["-i", spdx])
        let problems = (tools.stdout + tools.stderr).split(separator: "\n").filter { !$0.contains("Generating LALR tables") }
        #expect(tools.status == 0 && problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
