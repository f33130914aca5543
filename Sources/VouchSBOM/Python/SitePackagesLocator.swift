public import VouchCore

/// Finds every site-packages directory of a tree: a venv's (`pyvenv.cfg` at the root), a bare
/// site-packages (distributions directly at the root), or a system's and any venv's in an image.
public struct SitePackagesLocator: Sendable {
    /// Where to look, as ``VouchCore/FileResolver/glob(_:)`` patterns. Targeted patterns rather than `**`:
    /// walking every file of a 300-distribution venv would cost more than cataloguing it.
    public static let patterns = [
        "/lib/python*/site-packages",
        "/Lib/site-packages",
        "/usr/lib/python*/site-packages",
        "/usr/lib/python3/dist-packages",
        "/usr/local/lib/python*/site-packages",
        "/usr/local/lib/python*/dist-packages",
        "/opt/*/lib/python*/site-packages",
        "/*/lib/python*/site-packages",
        "/*/*/lib/python*/site-packages",
        "/root/.local/lib/python*/site-packages",
        "/home/*/.local/lib/python*/site-packages",
    ]

    public init() {}

    /// The site-packages directories, sorted, without duplicates.
    public func locate(_ resolver: any FileResolver) throws(VouchError) -> [String] {
        if try isSitePackages(resolver, "/") { return ["/"] }
        var found: Set<String> = []
        for pattern in Self.patterns {
            for path in try resolver.glob(pattern) where try resolver.info(path)?.kind == .directory {
                found.insert(path)
            }
        }
        return found.sorted()
    }

    /// A directory with at least one `.dist-info` or `.egg-info` entry directly in it.
    func isSitePackages(_ resolver: any FileResolver, _ path: String) throws(VouchError) -> Bool {
        try resolver.list(path).contains { $0.hasSuffix(".dist-info") || $0.hasSuffix(".egg-info") }
    }
}
