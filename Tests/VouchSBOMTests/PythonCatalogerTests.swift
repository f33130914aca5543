import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchTestSupport
@testable import VouchSBOM

@Suite struct PythonCatalogerTests {
    let document: SBOMDocument

    init() throws {
        document = try SBOMTestFixtures.document(SBOMTestFixtures.edgeVenv, name: "edge-venv")
    }

    private func package(_ id: String) throws -> SBOMPackage {
        try #require(SBOMTestFixtures.package(document, id), "no package \(id)")
    }

    @Test func aVenvIsDescribedWithItsInterpreter() {
        #expect(document.source.kind == .virtualEnvironment)
        #expect(document.source.interpreter == "CPython 3.11.7 (x86_64)")
    }

    @Test func everyInstalledDistributionIsFoundOnce() {
        let installed = document.packages.filter { $0.containment == .installed }.map(\.id)
        #expect(installed == [
            "python:app@1.0", "python:bleach@6.0.0", "python:bsd-classifier@1.0", "python:classifier-only@1.0", "python:compound@1.0",
            "python:crlf-pkg@1.0", "python:editable-pkg@0.1", "python:lib-a@0.5", "python:lib-b@2.1", "python:lib-c@1.0", "python:lib-d@1.0",
            "python:lib-e@1.0", "python:lib-f@1.0", "python:lib-g@1.0", "python:local-pkg@0.2", "python:multiline@1.0",
            "python:non-normalized-name@1.0", "python:oldstyle@0.9", "python:single-file@2.0", "python:six@1.16.0", "python:unknown@1.0",
            "python:withsbom@1.0",
        ])
        #expect(document.warnings.isEmpty, "\(document.warnings)")
    }

    @Test func eggInfoDirectoryAndFileFormsAreRead() throws {
        #expect(try package("python:oldstyle@0.9").location.hasSuffix("oldstyle-0.9-py3.11.egg-info"))
        #expect(try package("python:single-file@2.0").location.hasSuffix("single_file-2.0-py3.11.egg-info"))
        #expect(try package("python:single-file@2.0").license.expression == "MIT")
    }

    @Test func nonNormalizedNamesKeepTheirSpellingAndGetASpecPurl() throws {
        let package = try package("python:non-normalized-name@1.0")
        #expect(package.name == "Non.Normalized_Name")
        #expect(package.purl == "pkg:pypi/non.normalized-name@1.0")
        #expect(package.summary == "Ünïcödé summary ✓")
    }

    @Test func editableAndLocalInstallsHaveNoPyPIPurlButTheirSource() throws {
        let editable = try package("python:editable-pkg@0.1")
        #expect(editable.purl == nil)
        #expect(editable.origin == .localDirectory(url: "file:///src/editable-pkg", editable: true))
        let local = try package("python:local-pkg@0.2")
        #expect(local.purl == nil)
        #expect(local.origin == .localDirectory(url: "file:///src/local-pkg", editable: false))
        // The editable .pth and finder are not a second package.
        #expect(document.packages.filter { $0.name.contains("editable") }.count == 1)
    }

    @Test func vendoredDistInfoIsReportedUnderItsParent() throws {
        let vendored = try package("python:bleach@6.0.0/vendored/html5lib@1.1")
        #expect(vendored.containment == .vendored)
        #expect(vendored.parentID == "python:bleach@6.0.0")
        #expect(!document.packages.contains { $0.name == "html5lib" && $0.containment == .installed })
    }

    @Test func pep770ComponentsAreNestedUnderTheirDistribution() throws {
        let declared = document.packages.filter { $0.containment == .declared }
        #expect(declared.map(\.name).sorted() == ["libbar", "libfoo"])
        #expect(declared.allSatisfy { $0.parentID == "python:withsbom@1.0" })
        #expect(declared.first { $0.name == "libfoo" }?.license.expression == "Zlib")
        #expect(declared.first { $0.name == "libfoo" }?.purl == "pkg:generic/libfoo@2.3.1")
    }

    @Test func licensesFollowThePrecedence() throws {
        #expect(try package("python:compound@1.0").license.expression == "MIT OR Apache-2.0")
        #expect(try package("python:compound@1.0").licenseFiles.map { String($0.split(separator: "/").last!) } == ["LICENSE-APACHE", "LICENSE-MIT"])
        #expect(try package("python:classifier-only@1.0").license.expression == "MIT")
        #expect(try package("python:classifier-only@1.0").license.source == .classifiers)
        #expect(try package("python:bsd-classifier@1.0").license.expression == "LicenseRef-bsd-classifier-1.0")
        #expect(try package("python:oldstyle@0.9").license.references.first?.text == "BSD")
        #expect(try package("python:multiline@1.0").license.references.first?.text.contains("Permission is hereby granted") == true)
        #expect(try package("python:unknown@1.0").license.expression == nil)
        #expect(try package("python:unknown@1.0").summary == nil)
        #expect(try package("python:crlf-pkg@1.0").license.expression == "ISC")
    }

    @Test func markersAndExtrasDecideTheEdges() {
        // No lock file: app's extra whose requirement (lib-d) is installed is inferred, and its edge marked so.
        #expect(document.inferredEdges.map { "\($0.from) -> \($0.to)" } == ["python:app@1.0 -> python:lib-d@1.0"])
        let edges = document.dependencies.filter { !document.inferredEdges.contains($0) }.map { "\($0.from) -> \($0.to)" }
        #expect(edges == [
            "python:app@1.0 -> python:lib-a@0.5",
            "python:app@1.0 -> python:lib-b@2.1",
            "python:app@1.0 -> python:lib-e@1.0",
            "python:bleach@6.0.0 -> python:six@1.16.0",
            "python:lib-b@2.1 -> python:lib-f@1.0",
            "python:single-file@2.0 -> python:compound@1.0",
        ])
    }

    @Test func unsatisfiedRequirementsAreReported() {
        let unsatisfied = document.unsatisfied.map { "\($0.packageID): \($0.requirement) (\($0.reason))" }
        #expect(unsatisfied == [
            "python:app@1.0: lib-a>=1.0 (installed version 0.5 does not satisfy >=1.0)",
            "python:app@1.0: missing-dep>=1 (not installed)",
        ])
    }

    @Test func aBareSitePackagesTakesThePythonVersionFromItsPath() throws {
        let bare = try SBOMTestFixtures.document(SBOMTestFixtures.edgeSitePackages, name: "site-packages")
        #expect(bare.source.kind == .sitePackages)
        #expect(bare.source.interpreter == "CPython 3.11 (x86_64)")
        #expect(bare.packages.map(\.id) == document.packages.map(\.id))
        #expect(bare.dependencies.map(\.to) == document.dependencies.map(\.to))
    }

    @Test func filesComeFromRecordWithHexSHA256() throws {
        // Change the installed file after installation: the SBOM must still carry RECORD's hash (what was
        // installed), not one computed from the file as it is now.
        let directory = try TemporaryDirectory("sbom-record")
        let venv = try SBOMTestFixtures.copy(SBOMTestFixtures.edgeVenv, into: directory)
        let relative = "lib/python3.11/site-packages/six-1.16.0.dist-info/METADATA"
        let original = try Fixtures.bytes("sbom/edge-venv/" + relative)
        try Data(original + Array("\n".utf8)).write(to: URL(fileURLWithPath: venv + "/" + relative))
        let withFiles = try SBOMTestFixtures.document(venv, name: "edge-venv", includeFiles: true)
        let six = try #require(SBOMTestFixtures.package(withFiles, "python:six@1.16.0"))
        let metadata = try #require(six.files.first { $0.path.hasSuffix("six-1.16.0.dist-info/METADATA") })
        #expect(metadata.path == "/" + relative)
        #expect(metadata.sha256 == (try DigestHasher.digest(of: original)).hex)
        #expect(metadata.sha256 != (try DigestHasher.digest(of: original + Array("\n".utf8))).hex)
        #expect(metadata.size == Int64(original.count), "the size is RECORD's too")
    }

    @Test func aBrokenMetadataIsAWarningAndTheRestIsStillCatalogued() throws {
        let directory = try TemporaryDirectory("sbom-broken")
        try directory.write("site-packages/good-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: good\nVersion: 1.0\n")
        try directory.write("site-packages/bad-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nthis is not a header\n")
        let document = try SBOMTestFixtures.document(directory.path + "/site-packages", name: "sp")
        #expect(document.packages.map(\.id) == ["python:good@1.0"])
        let metadataWarnings = document.warnings.filter { $0.contains("METADATA") }
        #expect(metadataWarnings.count == 1)
        #expect(metadataWarnings.first?.contains("bad-1.0.dist-info/METADATA") == true)
    }

    @Test func headersLongerThanTheFirstReadAreReadWhole() throws {
        // METADATA is read only up to its header block; a header block longer than the first read
        // (DirectoryFileResolver.leadingChunkBytes) must still be read to its end, in LF and CRLF files.
        for newline in ["\n", "\r\n"] {
            let directory = try TemporaryDirectory("sbom-long-headers")
            let licenseLines = (0..<2_000).map { "        line \($0) of a license kept verbatim" }
            let headers = ["Metadata-Version: 2.1", "Name: long", "Version: 1.0", "License: Custom License"] + licenseLines
                + ["Requires-Dist: dep", ""]
            let body = String(repeating: "Name: not-a-header\n", count: 5_000)
            try directory.write("site-packages/long-1.0.dist-info/METADATA", headers.joined(separator: newline) + newline + body)
            try directory.write("site-packages/dep-2.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: dep\nVersion: 2.0\n")
            #expect(headers.joined(separator: newline).utf8.count > 2 * DirectoryFileResolver.leadingChunkBytes)
            let document = try SBOMTestFixtures.document(directory.path + "/site-packages", name: "sp")
            let long = try #require(SBOMTestFixtures.package(document, "python:long@1.0"))
            let text = try #require(long.license.references.first?.text)
            #expect(text.hasSuffix("line 1999 of a license kept verbatim"))
            #expect(document.dependencies.map(\.to) == ["python:dep@2.0"], "the header after the long one is read")
        }
    }

    @Test func legacyEggLinkInstallsAreReadWhenTheProjectIsInsideTheSource() throws {
        let directory = try TemporaryDirectory("sbom-egg-link")
        let root = directory.url.resolvingSymlinksInPath().path
        try directory.write("pyvenv.cfg", "version = 3.12.1\n")
        try directory.write("lib/python3.12/site-packages/legacy.egg-link", "\(root)/src/legacy\n.\n")
        try directory.write("lib/python3.12/site-packages/outside.egg-link", "/elsewhere/outside\n.\n")
        try directory.write("src/legacy/legacy.egg-info/PKG-INFO", "Metadata-Version: 2.1\nName: legacy\nVersion: 0.3\nLicense: MIT\n")
        let document = try SBOMTestFixtures.document(directory.path, name: "legacy")
        let legacy = try #require(SBOMTestFixtures.package(document, "python:legacy@0.3"))
        #expect(legacy.purl == nil)
        #expect(legacy.origin == .localDirectory(url: "file://\(root)/src/legacy", editable: true))
        #expect(document.packages.count == 1)
        #expect(document.warnings.contains { $0.contains("outside.egg-link") && $0.contains("not inside the source") })
    }

    @Test func eachEnvironmentOfAnImageResolvesItsOwnRequirements() throws {
        let directory = try TemporaryDirectory("sbom-two-envs")
        let meta = { (name: String, version: String, requires: String) in
            "Metadata-Version: 2.1\nName: \(name)\nVersion: \(version)\n" + (requires.isEmpty ? "" : "Requires-Dist: \(requires)\n")
        }
        try directory.write("usr/lib/python3.11/os.py", "")
        try directory.write("usr/lib/python3/dist-packages/a-1.dist-info/METADATA", meta("a", "1", "b; python_version >= '3.10'"))
        try directory.write("usr/lib/python3/dist-packages/b-1.dist-info/METADATA", meta("b", "1", ""))
        try directory.write("opt/venv/pyvenv.cfg", "version = 3.9.18\n")
        try directory.write("opt/venv/lib/python3.9/site-packages/a-2.dist-info/METADATA", meta("a", "2", "b; python_version >= '3.10'"))
        try directory.write("opt/venv/lib/python3.9/site-packages/c-1.dist-info/METADATA", meta("c", "1", "b"))
        try directory.write("opt/venv/lib/python3.9/site-packages/b-2.dist-info/METADATA", meta("b", "2", ""))
        let document = try SBOMTestFixtures.document(directory.path, name: "root")
        // System Python 3.11 takes a's requirement and links to its own b; the venv's 3.9 does not.
        #expect(document.dependencies.map { "\($0.from) -> \($0.to)" } == ["python:a@1 -> python:b@1", "python:c@1 -> python:b@2"])
        #expect(document.warnings.isEmpty, "\(document.warnings)")
    }
}

@Suite struct BadMetadataTests {
    @Test func aMalformedEmbeddedSBOMOrDirectURLKeepsTheDistribution() throws {
        let directory = try TemporaryDirectory("sbom-bad-extras")
        try directory.write("site-packages/a-1.dist-info/METADATA", "Metadata-Version: 2.1\nName: a\nVersion: 1\n")
        try directory.write("site-packages/a-1.dist-info/sboms/broken.cdx.json", "{\"bomFormat\": \"CycloneDX\", ")
        try directory.write("site-packages/b-1.dist-info/METADATA", "Metadata-Version: 2.1\nName: b\nVersion: 1\n")
        try directory.write("site-packages/b-1.dist-info/direct_url.json", "not json")
        let document = try SBOMTestFixtures.document(directory.path + "/site-packages", name: "sp")
        #expect(document.packages.map(\.id) == ["python:a@1", "python:b@1"])
        #expect(document.packages.first { $0.name == "b" }?.purl == nil, "an unreadable direct_url.json must not yield a PyPI purl")
        #expect(document.warnings.contains { $0.contains("broken.cdx.json") })
        #expect(document.warnings.contains { $0.contains("direct_url.json") })
    }
}

@Suite struct EmbeddedSBOMAuthorTests {
    /// cargo-cyclonedx writes each of Cargo's `authors` ("Name <mail>") as a CycloneDX author's name.
    @Test func cargoAuthorsInTheNameAreSplitIntoNameAndEmail() throws {
        let directory = try TemporaryDirectory("sbom-cargo-authors")
        try directory.write("site-packages/a-1.dist-info/METADATA", "Metadata-Version: 2.1\nName: a\nVersion: 1\n")
        try directory.write("site-packages/a-1.dist-info/sboms/a.cdx.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": [
              {"type": "library", "bom-ref": "r1", "name": "memchr", "version": "2.7.4",
               "authors": [{"name": "Andrew Gallant <jamslam@gmail.com>"}, {"name": "bluss"}]}]}
            """)
        let document = try SBOMTestFixtures.document(directory.path + "/site-packages", name: "sp")
        let memchr = try #require(document.packages.first { $0.name == "memchr" })
        #expect(memchr.originators.map { "\($0.name ?? "-")|\($0.email ?? "-")" } == ["Andrew Gallant|jamslam@gmail.com", "bluss|-"])
        let json = try CycloneDXJSONEncoder().encode(document, options: SBOMEncodingOptions())
        let read = try SBOMReader.read(json, path: "a.cdx.json")
        let producers = try #require(read.packages.first { $0.name == "memchr" }?.evidence?.producers)
        #expect(producers.contains { $0.name == "Andrew Gallant" && $0.email == "jamslam@gmail.com" }, "\(producers)")
    }
}

@Suite struct WheelFileNameTests {
    /// BSI TR-03183-2 5.2.2: the wheel's file name, its tag sets compressed back from WHEEL's `Tag:` lines.
    @Test func aWheelInstalledDistributionNamesItsWheelFile() throws {
        let directory = try TemporaryDirectory("sbom-wheel-name")
        try directory.write("site-packages/pydantic_core-2.27.2.dist-info/METADATA", "Metadata-Version: 2.1\nName: pydantic-core\nVersion: 2.27.2\n")
        try directory.write("site-packages/pydantic_core-2.27.2.dist-info/WHEEL", """
            Wheel-Version: 1.0
            Generator: maturin (1.7.8)
            Root-Is-Purelib: false
            Build: 1
            Tag: cp311-cp311-manylinux_2_17_x86_64
            Tag: cp311-cp311-manylinux2014_x86_64

            """)
        try directory.write("site-packages/plain-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: plain\nVersion: 1.0\n")
        let document = try SBOMTestFixtures.document(directory.path + "/site-packages", name: "sp")
        #expect(document.packages.map { $0.artifactFileName ?? "-" }
            == ["-", "pydantic_core-2.27.2-1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"], "plain has no WHEEL: no file name")
    }

    @Test func tagsThatAreNoProductOfTagSetsGiveNoName() {
        #expect(WheelFileName.name(distInfoDirectory: "a-1.dist-info", wheelFile: "Tag: py2-none-any\nTag: py3-none-win32\n") == nil)
        #expect(WheelFileName.name(distInfoDirectory: "a-1.dist-info", wheelFile: "Tag: py2-none-any\nTag: py3-none-any\n") == "a-1-py2.py3-none-any.whl")
    }
}
