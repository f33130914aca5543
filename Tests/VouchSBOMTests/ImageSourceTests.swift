import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// The image source: an OCI layout and a docker-save tar built from the committed fixtures by
/// Fixtures/sbom/make-image.py, read through the image module's squashed filesystem.
@Suite(.serialized) struct ImageSourceTests {
    static func makeImage(_ directory: TemporaryDirectory) throws -> String {
        let result = try CommandRunner.run(try Peers.require("python3"), [Fixtures.path("sbom/make-image.py"), directory.path + "/image"])
        #expect(result.status == 0, "\(result.stderr)")
        return directory.path + "/image"
    }

    static func document(_ path: String) throws -> SBOMDocument {
        let opened = try SBOMSourceOpener.open(path)
        var options = CatalogOptions()
        options.defaultMachine = opened.machine ?? "unknown"
        return try SBOMGenerator(clock: FixedWallClock.goldenInstant).generate(opened.resolver, source: opened.source, options: options)
    }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func anOCILayoutIsDescribedByItsManifestDigestWithEveryPackage() throws {
        let directory = try TemporaryDirectory("sbom-image")
        let image = try Self.makeImage(directory)
        let document = try Self.document(image + "/oci")
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: image + "/oci/index.json"))) as? [String: Any]
        let manifestDigest = ((index?["manifests"] as? [[String: Any]])?.first?["digest"] as? String)
        #expect(document.source.kind == .image)
        #expect(document.source.digest == manifestDigest)
        #expect(document.source.interpreter == "CPython 3.11.7 (x86_64)", "the venv's pyvenv.cfg at /opt/venv, the image's amd64")
        let venv = try SBOMTestFixtures.document(SBOMTestFixtures.edgeVenv, name: "edge-venv")
        let debian = try SBOMTestFixtures.document(SBOMTestFixtures.debianRoot, name: "debian-root")
        #expect(document.packages.map(\.id) == (venv.packages + debian.packages).map(\.id).sorted())
        #expect(document.dependencies == venv.dependencies)
        #expect(document.packages.first { $0.id == "python:app@1.0" }?.location == "/opt/venv/lib/python3.11/site-packages/app-1.0.dist-info")
    }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func aDockerSaveTarGivesTheSamePackages() throws {
        let directory = try TemporaryDirectory("sbom-image-tar")
        let image = try Self.makeImage(directory)
        let oci = try Self.document(image + "/oci")
        let tar = try Self.document(image + "/image.tar")
        #expect(tar.packages == oci.packages)
        #expect(tar.dependencies == oci.dependencies)
    }

    @Test(.enabled(if: Peers.shouldRun("python3", "pyspdxtools")))
    func imageSBOMsPassTheValidators() throws {
        let directory = try TemporaryDirectory("sbom-image-valid")
        let image = try Self.makeImage(directory)
        let document = try Self.document(image + "/oci")
        let spdx = try directory.write("image.spdx.json", try SBOMGenerator.encodeText(document, as: .spdxJSON))
        let spdxResult = try CommandRunner.run(try Peers.require("pyspdxtools"), ["-i", spdx])
        #expect(spdxResult.status == 0 && (spdxResult.stdout + spdxResult.stderr).isEmpty, "\(spdxResult.stdout)\(spdxResult.stderr)")
        for (kind, format) in [("json", SBOMFormat.cycloneDXJSON), ("xml", .cycloneDXXML)] {
            let file = try directory.write("image.cdx.\(kind)", try SBOMGenerator.encodeText(document, as: format))
            let result = try CommandRunner.run(try Peers.require("python"), [Fixtures.path("sbom/validate-cyclonedx.py"), kind, "1.6", file])
            #expect(result.status == 0, "\(result.stdout)")
        }
    }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func verifyRecordReadsAnImage() throws {
        let directory = try TemporaryDirectory("sbom-image-record")
        let image = try Self.makeImage(directory)
        let result = try CommandRunner.vouch(["sbom", "verify-record", image + "/image.tar"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("OK: 20 distributions"))
    }
}
