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

    /// Packages whose parent is `id` (nil: the top-level ones).
    public func children(of id: String?) -> [SBOMPackage] {
        packages.filter { $0.parentID == id }
    }
}

/// The thing an SBOM is about.
public struct SBOMSource: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case virtualEnvironment = "venv"
        case sitePackages = "site-packages"
        case directory
        case image
    }

    public var kind: Kind
    /// The venv or directory path, or the image reference.
    public var name: String
    /// For an image, its manifest digest.
    public var digest: String?
    /// The interpreter markers were evaluated for, e.g. `CPython 3.11.7`.
    public var interpreter: String?

    public init(kind: Kind, name: String, digest: String? = nil, interpreter: String? = nil) {
        self.kind = kind
        self.name = name
        self.digest = digest
        self.interpreter = interpreter
    }
}

/// `from` depends on `to` (both package ids).
public struct DependencyEdge: Hashable, Sendable, Comparable {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    public static func < (lhs: DependencyEdge, rhs: DependencyEdge) -> Bool {
        (lhs.from, lhs.to) < (rhs.from, rhs.to)
    }
}

/// A requirement no installed package satisfies.
public struct UnsatisfiedRequirement: Hashable, Sendable, Comparable {
    /// The id of the package that declares it.
    public var packageID: String
    /// The requirement as written (PEP 508).
    public var requirement: String
    /// Why it is unsatisfied: not installed, or the installed version is outside the specifier.
    public var reason: String

    public init(packageID: String, requirement: String, reason: String) {
        self.packageID = packageID
        self.requirement = requirement
        self.reason = reason
    }

    public static func < (lhs: UnsatisfiedRequirement, rhs: UnsatisfiedRequirement) -> Bool {
        (lhs.packageID, lhs.requirement) < (rhs.packageID, rhs.requirement)
    }
}
