import Foundation

/// The committed SBOM fixtures, shared by the SBOM and CLI test targets; the SBOM target adds how it
/// catalogs them in an extension.
public enum SBOMTestFixtures {
    public static let edgeVenv = Fixtures.path("sbom/edge-venv")
    public static let edgeSitePackages = Fixtures.path("sbom/edge-venv/lib/python3.11/site-packages")
    public static let debianRoot = Fixtures.path("sbom/debian-root")

    /// A copy of a fixture in a temporary directory, for tests that modify it.
    public static func copy(_ path: String, into directory: TemporaryDirectory) throws -> String {
        let target = directory.path + "/" + URL(fileURLWithPath: path).lastPathComponent
        try FileManager.default.copyItem(atPath: path, toPath: target)
        return target
    }
}
