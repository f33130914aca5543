import VouchCore

/// One distribution's metadata as read from the tree, before ids are final.
struct InstalledDistribution {
    var package: SBOMPackage
    var metadata: CoreMetadata
    var normalizedName: String
    var sitePackages: String
    /// `*.dist-info` or `*.egg-info` path.
    var metadataDirectory: String
    var declared: [SBOMPackage]
    /// The dependency edges among ``declared`` and the ones whose dependencies their SBOM states in full
    /// (``EmbeddedSBOMReader/Declared``).
    var declaredEdges: [DependencyEdge] = []
    var declaredDependenciesKnown: Set<String> = []
    /// For a vendored copy, the top-level directory of site-packages it was found under.
    var topLevelOwner: String?
    /// Parts of this distribution's metadata that could not be used (the rest still was).
    var warnings: [String] = []

    /// Whether this distribution's `top_level.txt` or RECORD names `topLevel`.
    func owns(topLevel: String, resolver: any FileResolver) -> Bool {
        if let bytes = try? resolver.contents(of: TreePath.join(metadataDirectory, "top_level.txt"), maximumBytes: 1 << 20) {
            if String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).contains(where: { $0 == topLevel }) { return true }
        }
        guard let bytes = try? resolver.contents(of: TreePath.join(metadataDirectory, "RECORD"), maximumBytes: RecordFile.maximumBytes),
              let record = try? RecordFile(parsing: bytes, path: metadataDirectory) else { return false }
        return record.entries.contains { $0.path.hasPrefix(topLevel + "/") }
    }
}
