import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

@Suite struct DpkgCatalogerTests {
    @Test func installedPackagesFromStatusAndStatusD() throws {
        let document = try SBOMTestFixtures.document(SBOMTestFixtures.debianRoot, name: "debian-root")
        #expect(document.packages.map(\.id) == ["deb:base-files@12.4+deb12u5:amd64", "deb:libc6@2.36-9+deb12u4:amd64", "deb:zlib1g@1:1.2.13.dfsg-1:amd64"])
        let zlib = try #require(SBOMTestFixtures.package(document, "deb:zlib1g@1:1.2.13.dfsg-1:amd64"))
        #expect(zlib.sourcePackage == "zlib")
        #expect(zlib.architecture == "amd64")
        #expect(zlib.purl == "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64")
        #expect(zlib.license.expression == "Zlib AND GPL-2.0-or-later")
        #expect(zlib.license.source == .debianCopyright)
        // `Source: zlib (1:1.2.13.dfsg-1)` carries the source version; os-release's ID and VERSION_ID the distro.
        #expect(zlib.sourceVersion == "1:1.2.13.dfsg-1")
        #expect(zlib.distro == "debian-12")
        let libc = try #require(SBOMTestFixtures.package(document, "deb:libc6@2.36-9+deb12u4:amd64"))
        #expect(libc.sourcePackage == "glibc")
        #expect(libc.sourceVersion == nil, "`Source: glibc` without a version: the binary version is the source's")
        #expect(libc.license.expression == nil, "a copyright file that is not machine-readable gives no license")
    }

    /// BSI TR-03183-2 5.2.2 "Filename of the component": the .deb's name, `PACKAGE_VERSION_ARCH.deb` without the epoch.
    @Test func eachPackageNamesTheDebItWasInstalledFrom() throws {
        let document = try SBOMTestFixtures.document(SBOMTestFixtures.debianRoot, name: "debian-root")
        #expect(document.packages.map { $0.artifactFileName ?? "-" }
            == ["base-files_12.4+deb12u5_amd64.deb", "libc6_2.36-9+deb12u4_amd64.deb", "zlib1g_1.2.13.dfsg-1_amd64.deb"])
        let json = String(decoding: try CycloneDXJSONEncoder().encode(document, options: SBOMEncodingOptions()), as: UTF8.self)
        #expect(json.contains("zlib1g_1.2.13.dfsg-1_amd64.deb"))
        #expect(DpkgCataloger.debFileName(package: "a", version: "1.0", architecture: nil) == nil, "no architecture: no file name")
    }

    @Test func removedPackagesAreNotListed() throws {
        let document = try SBOMTestFixtures.document(SBOMTestFixtures.debianRoot, name: "debian-root")
        #expect(!document.packages.contains { $0.name == "oldpkg" })
    }

    /// Found by the dpkg-status fuzz target: `Package: ` with an empty value made a package without a name.
    @Test func aStatusParagraphWithAnEmptyPackageNameIsNotAPackage() throws {
        let root = try TemporaryDirectory()
        _ = try root.write("var/lib/dpkg/status", """
            Package: \("")
            Version: 12.4+deb12u5
            Architecture: amd64
            Status: install ok installed

            Package: zlib1g
            Version: 1:1.2.13.dfsg-1
            Architecture: amd64
            Status: install ok installed

            """)
        let document = try SBOMTestFixtures.document(root.path, name: "empty-name-root")
        #expect(document.packages.filter { $0.ecosystem == .debian }.map(\.name) == ["zlib1g"])
    }

    /// Found by the dpkg-status fuzz target (input `Fixtures/fuzz/dpkg-status-source-continuation-line.status`):
    /// an indented line under `Source: glibc` became part of the source package's name (`glibc\nContains`),
    /// which the SPDX writer could not carry, so the package changed on an SPDX round trip. Simple fields keep
    /// their first line only.
    @Test func aContinuationLineUnderASimpleFieldIsNotPartOfItsValue() throws {
        let root = try TemporaryDirectory()
        let input = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("fuzz/dpkg-status-source-continuation-line.status")))
        _ = try root.write("var/lib/dpkg/status", String(decoding: input, as: UTF8.self))
        let document = try SBOMTestFixtures.document(root.path, name: "continuation-root")
        let debian = document.packages.filter { $0.ecosystem == .debian }
        let libc = try #require(debian.first { $0.name == "libc6" })
        #expect(libc.sourcePackage == "glibc")
        for package in debian {
            for value in [package.name, package.version, package.sourcePackage ?? "", package.architecture ?? ""] {
                #expect(!value.contains("\n"), "\(package.id): a simple field kept a continuation line")
            }
        }
        // The property the fuzz target checks: the packages survive an SPDX JSON write and read.
        let bytes = try SBOMGenerator.encode(document, as: .spdxJSON, options: SBOMEncodingOptions())
        let read = try SBOMReader.read(bytes, path: "written.spdx.json")
        let sources = Dictionary(read.packages.filter { $0.ecosystem == .debian }.map { ($0.name + "@" + $0.version, $0.sourcePackage) },
                                 uniquingKeysWith: { first, _ in first })
        for package in debian { #expect(sources[package.name + "@" + package.version] == package.sourcePackage, "\(package.id)") }
    }

    /// Copyright files are read once per distinct content (the binary packages of one source ship the
    /// same file); what depends on the package (a LicenseRef id, the path in the notes) is still its own.
    @Test func packagesSharingOneCopyrightFileEachGetTheirOwnLicense() throws {
        let root = try TemporaryDirectory()
        var status = ""
        for name in ["liba1", "liba2", "libb1", "libb2"] {
            status += "Package: \(name)\nVersion: 1.0-1\nArchitecture: amd64\nStatus: install ok installed\n\n"
        }
        _ = try root.write("var/lib/dpkg/status", status)
        let dep5 = """
            Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
            Upstream-Name: liba

            Files: *
            Copyright: 2020 Example
            License: Example-Permissive
             Permission is granted.

            """
        let mit = try String(contentsOfFile: Fixtures.path("licenses/gunicorn-27.0.1-LICENSE"), encoding: .utf8)
        for name in ["liba1", "liba2"] { _ = try root.write("usr/share/doc/\(name)/copyright", dep5) }
        for name in ["libb1", "libb2"] { _ = try root.write("usr/share/doc/\(name)/copyright", mit) }
        let document = try SBOMTestFixtures.document(root.path, name: "shared-copyright-root")
        let licenses = Dictionary(uniqueKeysWithValues: document.packages.filter { $0.ecosystem == .debian }.map { ($0.name, $0.license) })
        #expect(licenses["liba1"]?.expression == "LicenseRef-deb-liba1")
        #expect(licenses["liba2"]?.expression == "LicenseRef-deb-liba2")
        for name in ["libb1", "libb2"] {
            #expect(licenses[name]?.expression == "MIT", "\(name)")
            #expect(licenses[name]?.notes.first?.hasPrefix("/usr/share/doc/\(name)/copyright: MIT") == true, "\(licenses[name]?.notes ?? [])")
        }
    }

    @Test func debianLicenseNamesMapToSPDXOnlyWhenKnown() {
        #expect(DebianLicenseName.spdx("GPL-2+ or Artistic-2.0") == "GPL-2.0-or-later OR Artistic-2.0")
        #expect(DebianLicenseName.spdx("Expat") == "MIT")
        #expect(DebianLicenseName.spdx("public-domain") == nil)
    }
}
