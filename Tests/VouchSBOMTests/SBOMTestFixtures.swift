import Foundation
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// The committed SBOM fixtures and how the tests catalog them.
enum SBOMTestFixtures {
    static let edgeVenv = Fixtures.path("sbom/edge-venv")
    static let edgeSitePackages = Fixtures.path("sbom/edge-venv/lib/python3.11/site-packages")
    static let debianRoot = Fixtures.path("sbom/debian-root")

    /// Catalogs `path` with a fixed clock, a fixed machine and a source name independent of the checkout.
    static func document(_ path: String, name: String, includeFiles: Bool = false) throws -> SBOMDocument {
        let resolver = try DirectoryFileResolver(path: path)
        let options = CatalogOptions(includeFiles: includeFiles, defaultMachine: "x86_64")
        var document = try SBOMGenerator(clock: FixedWallClock.goldenInstant).generate(resolver, options: options)
        document.source.name = name
        return document
    }

    static func package(_ document: SBOMDocument, _ id: String) -> SBOMPackage? {
        document.packages.first { $0.id == id }
    }

    /// A copy of a fixture in a temporary directory, for tests that modify it.
    static func copy(_ path: String, into directory: TemporaryDirectory) throws -> String {
        let target = directory.path + "/" + URL(fileURLWithPath: path).lastPathComponent
        try FileManager.default.copyItem(atPath: path, toPath: target)
        return target
    }
}
