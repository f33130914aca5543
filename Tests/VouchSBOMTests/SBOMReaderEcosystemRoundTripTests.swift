import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// Regression found by the `sbom` fuzz target (issue 19) on its seed `Tests/Goldens/sbom/edge-venv.cdx.json`:
/// read, written as SPDX JSON, read, written as CycloneDX JSON and read again, the Python packages without a
/// purl (an editable install, a local directory) came back as `embedded`: the SPDX reader knows them by
/// Vouch's SPDX ids, but the CycloneDX reader only looked at the purl and `vouch:location`, which then names
/// the SPDX file.
@Suite struct SBOMReaderEcosystemRoundTripTests {
    @Test func pythonPackagesWithoutAPurlKeepTheirEcosystemThroughSPDXThenCycloneDX() throws {
        let golden = Fixtures.repositoryRoot.appendingPathComponent("Tests/Goldens/sbom/edge-venv.cdx.json").path
        let first = try SBOMReader.read(path: golden)
        let spdx = try SBOMReader.read(try SBOMGenerator.encode(first, as: .spdxJSON), path: "edge-venv.spdx.json")
        let cycloneDX = try SBOMReader.read(try SBOMGenerator.encode(spdx, as: .cycloneDXJSON), path: "edge-venv.cdx.json")
        for name in ["editable-pkg", "local-pkg"] {
            let before = try #require(spdx.packages.first { $0.name == name })
            let after = try #require(cycloneDX.packages.first { $0.name == name })
            #expect(before.purl == nil && before.ecosystem == .python)
            #expect(after.ecosystem == .python, "\(name)")
        }
        #expect(SBOMReaderTests.projection(cycloneDX) == SBOMReaderTests.projection(spdx))
    }

    /// The `sbom` fuzz target's input (Fixtures/fuzz/sbom-debian-package-without-purl.cdx.json): a Debian
    /// package whose purl was lost, known by its dpkg location. Read, written as SPDX and read, it is
    /// `debian:base-files@...`; written as SPDX again and read, it came back `embedded`, its source package and
    /// distribution gone, because the SPDX reader knew Vouch's `deb-` ids but not its own `debian-` ones.
    @Test func aDebianPackageWithoutAPurlStaysDebianThroughTwoSPDXRoundTrips() throws {
        let path = Fixtures.path("fuzz/sbom-debian-package-without-purl.cdx.json")
        let first = try SBOMReader.read(path: path)
        let once = try SBOMReader.read(try SBOMGenerator.encode(first, as: .spdxJSON), path: "once.spdx.json")
        let twice = try SBOMReader.read(try SBOMGenerator.encode(once, as: .spdxJSON), path: "twice.spdx.json")
        let before = try #require(once.packages.first { $0.name == "base-files" })
        let after = try #require(twice.packages.first { $0.name == "base-files" })
        #expect(before.purl == nil && before.ecosystem == .debian)
        #expect(after.ecosystem == .debian && after.sourcePackage == "base-files" && after.distro == "debian-12")
    }

    /// The `sbom` fuzz target's input (Fixtures/fuzz/sbom-repeated-spdxid-without-purl.spdx, a mutated
    /// tag-value seed): two packages share the SPDXID `SPDXRef-Package-python-lib-g-1.0` and have no purl. The
    /// reader keeps both, the second as `python:lib-g@1.0#2`; written as CycloneDX and read back, that copy
    /// came back `embedded`, because the CycloneDX reader knew Vouch's bom-refs only without the copy suffix.
    @Test func aRepeatedPackageWithoutAPurlKeepsItsEcosystemThroughCycloneDX() throws {
        let first = try SBOMReader.read(path: Fixtures.path("fuzz/sbom-repeated-spdxid-without-purl.spdx"))
        let copies = first.packages.filter { $0.name == "lib-g" }
        try #require(copies.count == 2)
        #expect(copies.allSatisfy { $0.purl == nil && $0.ecosystem == .python })
        let cycloneDX = try SBOMReader.read(try SBOMGenerator.encode(first, as: .cycloneDXJSON), path: "repeated.cdx.json")
        #expect(cycloneDX.packages.filter { $0.name == "lib-g" }.map(\.ecosystem) == [.python, .python])
        #expect(SBOMReaderTests.projection(cycloneDX) == SBOMReaderTests.projection(first))
        // Only Vouch's own copy suffix counts: `#1`, `#02` and other text after the id do not.
        #expect(CycloneDXJSONReading.isVouchReference("python:a@1#2", "python:a@1"))
        for other in ["python:a@1#1", "python:a@1#02", "python:a@1x", "python:a@1#"] {
            #expect(!CycloneDXJSONReading.isVouchReference(other, "python:a@1"), "\(other)")
        }
    }
}
