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

/// What `vouch policy check` needs from the reader for an attested SBOM: every package, both licenses,
/// and an error naming the JSON path for anything malformed (the gate's own reader used to do this).
@Suite struct SBOMReaderStrictnessTests {
    static func read(_ text: String, path: String = "sbom.att") throws(VouchError) -> SBOMDocument {
        try SBOMReader.read(Array(text.utf8), path: path)
    }

    @Test func spdxKeepsTheDeclaredAndTheConcludedLicenseAndLeavesOutTheRoot() throws {
        let document = try Self.read("""
            {"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "documentDescribes": ["SPDXRef-root"],
             "packages": [
               {"SPDXID": "SPDXRef-root", "name": "/app/.venv", "versionInfo": "", "licenseConcluded": "NOASSERTION"},
               {"SPDXID": "SPDXRef-a", "name": "requests", "versionInfo": "2.32.3", "licenseConcluded": "Apache-2.0",
                "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:pypi/requests@2.32.3"}]},
               {"SPDXID": "SPDXRef-b", "name": "certifi", "versionInfo": "2024.8.30", "licenseConcluded": "NOASSERTION", "licenseDeclared": "MPL-2.0"},
               {"SPDXID": "SPDXRef-c", "name": "libc6", "versionInfo": "2.36-9", "licenseConcluded": "NONE", "licenseDeclared": "NOASSERTION",
                "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:deb/debian/libc6@2.36-9"}]}
             ]}
            """)
        #expect(document.source.name == "/app/.venv")
        let byName = Dictionary(uniqueKeysWithValues: document.packages.map { ($0.name, $0) })
        #expect(byName.keys.sorted() == ["certifi", "libc6", "requests"])
        #expect(byName["requests"]?.concludedLicense?.expression == "Apache-2.0")
        #expect(byName["requests"]?.license.expression == nil)
        #expect(byName["certifi"]?.concludedLicense == nil)
        #expect(byName["certifi"]?.license.expression == "MPL-2.0")
        #expect(byName["libc6"]?.concludedLicense == nil)
        #expect(byName["libc6"]?.license.expression == nil)
    }

    @Test func spdxRootNamedByADescribesRelationshipIsNotAPackage() throws {
        let document = try Self.read("""
            {"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT",
             "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-Source"}],
             "packages": [{"SPDXID": "SPDXRef-Source", "name": "gateway:1.0"},
                          {"SPDXID": "SPDXRef-a", "name": "idna", "versionInfo": "3.20", "licenseConcluded": "BSD-3-Clause"}]}
            """)
        #expect(document.packages.map(\.name) == ["idna"])
        #expect(document.source.name == "gateway:1.0")
    }

    @Test func spdxPackageWithoutAnSPDXIDIsStillAPackage() throws {
        // The reader used to skip it, and a license gate reading through it would never have seen it.
        let document = try Self.read(#"{"spdxVersion": "SPDX-2.3", "packages": [{"name": "idna", "licenseDeclared": "GPL-3.0-only"}]}"#)
        #expect(document.packages.map(\.name) == ["idna"])
        #expect(document.packages.first?.license.expression == "GPL-3.0-only")
    }

    @Test func cycloneDXExpressionsIdsJoinedWithANDAndNestedComponents() throws {
        let document = try Self.read("""
            {"bomFormat": "CycloneDX", "specVersion": "1.6",
             "metadata": {"component": {"name": "/app/.venv", "type": "application"}},
             "components": [
               {"name": "fastapi", "version": "0.115.6", "purl": "pkg:pypi/fastapi@0.115.6", "licenses": [{"license": {"id": "MIT"}}]},
               {"name": "bleach", "version": "6.2.0", "purl": "pkg:pypi/bleach@6.2.0", "licenses": [{"expression": "Apache-2.0"}],
                "components": [{"name": "html5lib", "version": "1.1", "licenses": [{"license": {"id": "MIT"}}, {"license": {"id": "BSD-2-Clause"}}]}]},
               {"name": "mystery", "version": "1.0", "purl": "pkg:pypi/mystery@1.0"}
             ]}
            """)
        let licenses = Dictionary(uniqueKeysWithValues: document.packages.map { ($0.name, $0.license.expression ?? "-") })
        #expect(licenses == ["fastapi": "MIT", "bleach": "Apache-2.0", "html5lib": "MIT AND BSD-2-Clause", "mystery": "-"])
        let bleach = try #require(document.packages.first { $0.name == "bleach" })
        #expect(document.packages.first { $0.name == "html5lib" }?.parentID == bleach.id)
    }

    @Test func cycloneDXConcludedAcknowledgementIsTheConcludedLicense() throws {
        let document = try Self.read("""
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
              {"name": "lib", "version": "1", "licenses": [{"license": {"id": "MIT", "acknowledgement": "declared"}},
                                                        {"expression": "GPL-3.0-only", "acknowledgement": "concluded"}]}]}
            """)
        let package = try #require(document.packages.first)
        #expect(package.license.expression == "MIT")
        #expect(package.concludedLicense?.expression == "GPL-3.0-only")
    }

    @Test func cycloneDXComponentsNestedUnderAContainerAreStillRead() throws {
        // The container itself is not a package; the reader used to drop what it nests along with it.
        let document = try Self.read("""
            {"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
              {"type": "container", "name": "base", "components": [{"name": "openssl-lib", "version": "3", "licenses": [{"expression": "GPL-2.0-only"}]}]}]}
            """)
        #expect(document.packages.map(\.name) == ["openssl-lib"])
        #expect(document.packages.first?.parentID == nil)
    }

    @Test(arguments: [
        (#"{"spdxVersion": "SPDX-2.3", "packages": [{"name": "idna"}, {"name": 5}]}"#, "sbom.att: $.packages[1].name: expected a string, found a number"),
        (#"{"spdxVersion": "SPDX-2.3", "packages": [{"name": "idna", "licenseConcluded": ["MIT"]}]}"#, "sbom.att: $.packages[0].licenseConcluded: expected a string, found an array"),
        (#"{"spdxVersion": "SPDX-2.3", "packages": {"name": "idna"}}"#, "sbom.att: $.packages: expected an array, found an object"),
        (#"{"spdxVersion": "SPDX-2.3", "packages": [{"versionInfo": "1"}]}"#, "sbom.att: $.packages[0]: required member 'name' is missing"),
        (#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "a", "licenses": [{"license": {"id": 7}}]}]}"#, "sbom.att: $.components[0].licenses[0].license.id: expected a string, found a number"),
        (#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "a", "purl": false}]}"#, "sbom.att: $.components[0].purl: expected a string, found a boolean"),
    ])
    func aMalformedMemberIsAnErrorNamingTheFileAndItsJSONPath(_ text: String, _ message: String) {
        let error = #expect(throws: VouchError.self) { try Self.read(text) }
        #expect(error?.description == message)
    }

    @Test func aDuplicateKeyIsRefused() {
        let error = #expect(throws: VouchError.self) {
            try Self.read(#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "a"}], "components": []}"#)
        }
        #expect(error?.reason.hasSuffix("duplicate key 'components'") == true)
    }
}
