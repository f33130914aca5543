import Foundation
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// How the SBOM tests catalog the committed fixtures (their paths: ``SBOMTestFixtures`` in VouchTestSupport).
extension SBOMTestFixtures {
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
}
