import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// The one SBOM reader: every JSON encoder's output read back, and syft's and trivy's documents.
@Suite struct SBOMReaderTests {
    /// The fields a document keeps through encode-then-read.
    /// CycloneDX names a license it has no id for: a `LicenseRef-` reads back as one, under another id.
    static func projection(_ document: SBOMDocument) -> [String] {
        document.packages.map { package in
            let license = package.license.expression.map { $0.hasPrefix("LicenseRef-") ? "LicenseRef" : $0 } ?? "NOASSERTION"
            return [package.ecosystem.rawValue, package.name, package.version, package.purl ?? "-", license,
             package.sourcePackage ?? "-", package.sourceVersion ?? "-", package.distro ?? "-", package.containment.rawValue,
             package.parentID.flatMap { parent in document.packages.first { $0.id == parent }?.name } ?? "-"].joined(separator: " ")
        }.sorted()
    }

    static func edges(_ document: SBOMDocument) -> [String] {
        let names = Dictionary(document.packages.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return document.dependencies.map { "\(names[$0.from] ?? "?") -> \(names[$0.to] ?? "?")" }.sorted()
    }

    @Test(arguments: [(SBOMFormat.spdxJSON, "1.6"), (.cycloneDXJSON, "1.6"), (.cycloneDXJSON, "1.5")])
    func everyJSONEncoderRoundTripsThroughTheReader(_ format: SBOMFormat, _ version: String) throws {
        for (path, name) in [(SBOMTestFixtures.edgeVenv, "edge-venv"), (SBOMTestFixtures.debianRoot, "debian-root")] {
            let document = try SBOMTestFixtures.document(path, name: name)
            let bytes = try SBOMGenerator.encode(document, as: format, options: SBOMEncodingOptions(cycloneDXVersion: version))
            let read = try SBOMReader.read(bytes, path: "\(name).json")
            #expect(Self.projection(read) == Self.projection(document), "\(name) \(format)")
            #expect(Self.edges(read) == Self.edges(document), "\(name) \(format)")
            #expect(read.source.name == name)
        }
    }

    @Test(.enabled(if: Peers.shouldRun("python3")), arguments: [SBOMFormat.spdxJSON, .cycloneDXJSON])
    func anImageRootWithAPurlAndAnotherVersionReadsBackAsTheSourceWithItsManifestDigest(_ format: SBOMFormat) throws {
        let directory = try TemporaryDirectory("sbom-reader-image")
        let image = try ImageSourceTests.makeImage(directory) + "/oci"
        let opened = try SBOMSourceOpener.open(image, subject: SBOMSubject(name: "ghcr.io/acme/app:1.0", version: "1.0.0"))
        var options = CatalogOptions()
        options.defaultMachine = opened.machine ?? "unknown"
        let document = try SBOMGenerator(clock: FixedWallClock.goldenInstant).generate(opened.resolver, source: opened.source, options: options)
        let read = try SBOMReader.read(try SBOMGenerator.encode(document, as: format), path: "image.json")
        #expect(read.source.kind == .image)
        #expect(read.source.name == "ghcr.io/acme/app:1.0")
        #expect(read.source.digest == document.source.digest, "the digest is the checksum, not the --subject-version")
        #expect(read.source.version == "1.0.0")
        #expect(read.source.purl?.hasPrefix("pkg:oci/app@sha256%3A") == true)
        #expect(Self.projection(read) == Self.projection(document), "the root is not read as a package")
    }

    @Test func notAnSBOMIsAnErrorNamingTheFile() {
        #expect(throws: VouchError.self) { try SBOMReader.read(Array("{\"a\": 1}".utf8), path: "x.json") }
        do {
            _ = try SBOMReader.read(Array("{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.2\"}".utf8), path: "old.cdx.json")
            Issue.record("a CycloneDX 1.2 BOM was read")
        } catch {
            #expect(error.description.hasPrefix("old.cdx.json: CycloneDX specVersion \"1.2\" is not read"))
        }
    }

    @Test func purlQualifiersCarryDebianSourceAndDistro() throws {
        let purl = try #require(SBOMReader.ParsedPURL("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&upstream=openssl%403.0.11-1~deb12u1&distro=debian-12"))
        #expect(SBOMReader.debianSource(purl).name == "openssl")
        #expect(SBOMReader.debianSource(purl).version == "3.0.11-1~deb12u1")
        #expect(SBOMReader.debianSource(purl).distro == "debian-12")
        #expect(purl.version == "3.0.11-1~deb12u2")
    }

    /// syft's and trivy's SBOMs of the same trees: the same Python and Debian packages, with source packages.
    @Test(.enabled(if: Peers.shouldRun("syft", "trivy")), arguments: ["syft-cyclonedx-json", "syft-spdx-json", "trivy-cyclonedx", "trivy-spdx-json"])
    func syftAndTrivyDocumentsAreRead(_ tool: String) throws {
        let directory = try TemporaryDirectory("sbom-peers")
        for (path, name) in [(SBOMTestFixtures.edgeVenv, "edge-venv"), (SBOMTestFixtures.debianRoot, "debian-root")] {
            let output = directory.path + "/\(name).\(tool).json"
            let result: CommandResult
            if tool.hasPrefix("syft") {
                let format = tool.replacingOccurrences(of: "syft-", with: "")
                result = try CommandRunner.run(try Peers.require("syft"), ["scan", "dir:\(path)", "-o", "\(format)=\(output)", "-q"],
                                               environment: ["SYFT_CHECK_FOR_APP_UPDATE": "false"])
            } else {
                let format = tool.replacingOccurrences(of: "trivy-", with: "")
                result = try CommandRunner.run(try Peers.require("trivy"), ["rootfs", "--quiet", "--offline-scan", "--format", format, "--output", output, path],
                                               environment: ["TRIVY_SKIP_DB_UPDATE": "true", "TRIVY_CACHE_DIR": directory.path + "/trivy-cache"])
            }
            try #require(result.status == 0, "\(tool) \(name): \(result.stderr)")
            let read = try SBOMReader.read(path: output)
            let ours = try SBOMTestFixtures.document(path, name: name)
            let wanted = Set(ours.packages.filter { $0.containment == .installed && $0.ecosystem != .embedded && $0.origin == .registry }
                .map { "\($0.ecosystem.rawValue) \($0.name.lowercased()) \($0.version)" })
            let found = Set(read.packages.filter { $0.ecosystem != .embedded }.map { "\($0.ecosystem.rawValue) \($0.name.lowercased()) \($0.version)" })
            #expect(!wanted.intersection(found).isEmpty, "\(tool) \(name): \(found)")
            if name == "debian-root" {
                let libc = try #require(read.packages.first { $0.name == "libc6" }, "\(tool): \(read.packages.map(\.name))")
                #expect(libc.sourcePackage == "glibc", "\(tool)")
                #expect(libc.ecosystem == .debian)
            }
        }
    }
}
