public import Foundation

/// What an SBOM describes: the source (its root component) and every package in it with their relations.
/// Encoders turn this one model into each format.
public struct SBOMDocument: Sendable {
    public var source: SBOMSource
    /// Packages sorted by id; vendored and declared packages name their parent in ``SBOMPackage/parentID``.
    public var packages: [SBOMPackage]
    /// Dependency edges between packages of the document, sorted.
    public var dependencies: [DependencyEdge]
    /// Requirements that an installed package declares, whose marker holds, and that nothing satisfies.
    public var unsatisfied: [UnsatisfiedRequirement]
    /// When the document was made (`SOURCE_DATE_EPOCH` when set).
    public var created: Date
    /// Whether per-file entries are included.
    public var includesFiles: Bool
    /// Metadata that could not be used, one sentence each naming the file (the rest of the source was
    /// still catalogued).
    public var warnings: [String]
    /// What the document said about itself, when it was read from a file (``SBOMReader``).
    public var info: SBOMDocumentInfo?
    /// The root component's direct dependencies (package ids): a lock file's, else the distributions
    /// nothing else requires.
    public var rootDependencies: [String] = []
    /// The lock or requirement file the direct dependencies and extras came from; nil when none was read.
    public var lockFile: String?
    /// Extras inferred as requested because all they require is installed (no lock said), by package id.
    public var inferredExtras: [String: [String]] = [:]
    /// Dependency edges that exist only because of ``inferredExtras``.
    public var inferredEdges: Set<DependencyEdge> = []
    /// The packages (ids) whose every dependency is in ``dependencies``, so that one without an edge is known
    /// to depend on nothing; a package not in it has dependencies Vouch does not know in full (a Debian
    /// package, a component vendored into or declared by a distribution, a distribution requiring one that
    /// is not installed).
    public var dependenciesKnown: Set<String> = []

    /// The id unsatisfied requirements of the root component (a lock's direct dependency nothing
    /// installed satisfies) are filed under.
    public static let rootPackageID = "vouch:source"

    /// What the document says of where the root's direct dependencies came from.
    var rootDependencyNotes: [String] {
        guard !rootDependencies.isEmpty || lockFile != nil else { return [] }
        if let lockFile { return ["direct dependencies and requested extras: from \(lockFile)"] }
        return ["direct dependencies: the installed distributions no other one requires (no lock or requirement file was read)"]
    }

    public init(source: SBOMSource, packages: [SBOMPackage], dependencies: [DependencyEdge],
                unsatisfied: [UnsatisfiedRequirement], created: Date, includesFiles: Bool, warnings: [String] = []) {
        self.warnings = warnings
        self.source = source
        self.packages = packages
        self.dependencies = dependencies
        self.unsatisfied = unsatisfied
        self.created = created
        self.includesFiles = includesFiles
    }
}
