public import VouchCore

/// One ecosystem's package finder. Every cataloger reads only through a ``VouchCore/FileResolver``, so a
/// directory and an image's filesystem are catalogued by the same code (syft's cataloger model).
public protocol Cataloger: Sendable {
    /// A short name, e.g. `python`.
    var name: String { get }
    /// Finds the packages in `resolver`'s tree.
    func catalog(_ resolver: any FileResolver, options: CatalogOptions) throws(VouchError) -> CatalogResult
}

/// What every cataloger in one run is asked for.
public struct CatalogOptions: Hashable, Sendable {
    /// Include each package's installed files with their RECORD hashes.
    public var includeFiles: Bool
    /// The interpreter markers are evaluated for, when the caller knows better than the tree does.
    public var interpreter: PythonInterpreter?
    /// `platform_machine` for a tree that does not say (a directory: this host's).
    public var defaultMachine: String
    /// Whether ``defaultMachine`` was chosen by the user, so it wins over an image's architecture.
    public var machineIsExplicit = false
    /// Resolve each package's license (metadata, then license texts identified against the SPDX
    /// templates: most of a venv's cataloging time). A vulnerability scan, which reports no licenses,
    /// turns it off; packages then say NOASSERTION.
    public var resolvesLicenses = true
    /// The project's lock or requirement file (`--lock`, `--project`, or found next to the venv): the
    /// root's direct dependencies with their extras, and the pinned artifacts' hashes.
    public var lock: ProjectLock?

    public init(includeFiles: Bool = false, interpreter: PythonInterpreter? = nil, defaultMachine: String = "x86_64") {
        self.includeFiles = includeFiles
        self.interpreter = interpreter
        self.defaultMachine = defaultMachine
    }
}

/// What one cataloger found.
public struct CatalogResult: Sendable {
    public var packages: [SBOMPackage] = []
    public var dependencies: [DependencyEdge] = []
    public var unsatisfied: [UnsatisfiedRequirement] = []
    public var warnings: [String] = []
    /// The Python interpreter the tree holds, when it holds one.
    public var interpreter: PythonInterpreter?
    /// Whether the tree is a venv (it has `pyvenv.cfg`).
    public var isVirtualEnvironment = false
    /// The root's direct dependencies (package ids).
    public var rootDependencies: [String] = []
    /// Extras inferred as requested (package id to extras) and the edges only they add.
    public var inferredExtras: [String: [String]] = [:]
    public var inferredEdges: Set<DependencyEdge> = []
    /// The packages (ids) whose every dependency is in ``dependencies`` (``SBOMDocument/dependenciesKnown``).
    public var dependenciesKnown: Set<String> = []

    public init() {}
}

/// The one list of catalogers `vouch sbom` runs, in order.
public enum CatalogerRegistry {
    public static let all: [any Cataloger] = [PythonCataloger(), DpkgCataloger(), SwiftPackageCataloger()]
}
