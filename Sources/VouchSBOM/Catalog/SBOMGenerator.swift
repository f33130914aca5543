public import VouchCore

/// The library call behind `vouch sbom`: runs every cataloger of the registry over one source and
/// assembles the document.
public struct SBOMGenerator: Sendable {
    public var catalogers: [any Cataloger]
    public var clock: any WallClock

    public init(catalogers: [any Cataloger] = CatalogerRegistry.all, clock: any WallClock = SystemWallClock()) {
        self.catalogers = catalogers
        self.clock = clock
    }

    /// Catalogs `resolver`'s tree. `source` describes the tree for the document's root component; when nil
    /// it is the resolver's display name, a venv if the tree has `pyvenv.cfg`.
    public func generate(_ resolver: any FileResolver, source: SBOMSource? = nil, options: CatalogOptions = CatalogOptions()) throws(VouchError) -> SBOMDocument {
        var packages: [SBOMPackage] = []
        var dependencies: [DependencyEdge] = []
        var unsatisfied: [UnsatisfiedRequirement] = []
        var warnings: [String] = []
        var interpreter: PythonInterpreter?
        var isVenv = false
        var rootDependencies: [String] = []
        var inferredExtras: [String: [String]] = [:]
        var inferredEdges: Set<DependencyEdge> = []
        var dependenciesKnown: Set<String> = []
        for cataloger in catalogers {
            let result = try cataloger.catalog(resolver, options: options)
            if packages.isEmpty { packages = result.packages } else { packages += result.packages }
            dependencies += result.dependencies
            unsatisfied += result.unsatisfied
            warnings += result.warnings
            interpreter = interpreter ?? result.interpreter
            isVenv = isVenv || result.isVirtualEnvironment
            rootDependencies += result.rootDependencies
            inferredExtras.merge(result.inferredExtras) { $0 + $1 }
            inferredEdges.formUnion(result.inferredEdges)
            dependenciesKnown.formUnion(result.dependenciesKnown)
        }
        var described = source ?? SBOMSource(kind: isVenv ? .virtualEnvironment : .directory, name: resolver.displayName)
        if source == nil, !isVenv, packages.contains(where: { $0.location.hasPrefix("/") && $0.ecosystem == .python && TreePath.components($0.location).count == 1 }) {
            described.kind = .sitePackages
        }
        if described.interpreter == nil { described.interpreter = interpreter?.description }
        packages.sort { $0.id < $1.id }
        var document = SBOMDocument(
            source: described, packages: packages, dependencies: dependencies.sorted(),
            unsatisfied: unsatisfied.sorted(), created: clock.now(), includesFiles: options.includeFiles, warnings: warnings)
        document.rootDependencies = rootDependencies.sorted()
        document.lockFile = options.lock?.path
        document.inferredExtras = inferredExtras
        document.inferredEdges = inferredEdges
        document.dependenciesKnown = dependenciesKnown
        return document
    }

    /// Encodes `document` in `format`.
    public static func encode(_ document: SBOMDocument, as format: SBOMFormat, options: SBOMEncodingOptions = SBOMEncodingOptions()) throws(VouchError) -> [UInt8] {
        try SBOMEncoders.encoder(for: format).encode(document, options: options)
    }

    /// The same, as text.
    public static func encodeText(_ document: SBOMDocument, as format: SBOMFormat, options: SBOMEncodingOptions = SBOMEncodingOptions()) throws(VouchError) -> String {
        String(decoding: try encode(document, as: format, options: options), as: UTF8.self)
    }
}
