public import VouchCore

/// Python distributions: `*.dist-info` and `*.egg-info` (directory and file forms) in every site-packages
/// of the tree (PyPA "Recording installed projects"), with their licenses, origins, PEP 770 SBOMs,
/// vendored copies, and the dependency graph between them.
public struct PythonCataloger: Cataloger {
    public let name = "python"
    public var metadataLimits: CoreMetadataLimits

    /// Directory names under which packages vendor other distributions (`pkg/_vendor/x.dist-info`).
    public static let vendorDirectoryNames: Set<String> = ["_vendor", "vendor", "_vendored", "vendored", "extern", "_extern", "third_party", "_third_party"]
    /// The largest pyvenv.cfg read.
    static let maximumConfigBytes = 64 << 10

    public init(metadataLimits: CoreMetadataLimits = .default) {
        self.metadataLimits = metadataLimits
    }

    public func catalog(_ resolver: any FileResolver, options: CatalogOptions) throws(VouchError) -> CatalogResult {
        var result = CatalogResult()
        result.isVirtualEnvironment = try resolver.info("/pyvenv.cfg")?.kind == .regular
        var interpreter = options.interpreter
        if interpreter == nil, result.isVirtualEnvironment {
            let text = String(decoding: try resolver.contents(of: "/pyvenv.cfg", maximumBytes: Self.maximumConfigBytes), as: UTF8.self)
            interpreter = PythonInterpreter.fromVenvConfig(text, machine: options.defaultMachine)
        }
        let sitePackages = try SitePackagesLocator().locate(resolver)
        if sitePackages.isEmpty { return result }
        if interpreter == nil {
            let minor = sitePackages.lazy.compactMap(PythonInterpreter.minorVersion(inPath:)).first
                ?? PythonInterpreter.minorVersion(inPath: resolver.displayName)
            if let minor {
                interpreter = PythonInterpreter(fullVersion: minor, machine: options.defaultMachine)
            } else {
                result.warnings.append("\(resolver.displayName): no pyvenv.cfg or pythonX.Y path says which Python this is; markers that test the Python version evaluate as false")
            }
        }
        result.interpreter = interpreter

        var distributions: [InstalledDistribution] = []
        var vendored: [InstalledDistribution] = []
        for directory in sitePackages {
            let reader = DistributionReader(resolver: resolver, sitePackages: directory, limits: metadataLimits, includeFiles: options.includeFiles)
            let names = try resolver.list(directory)
            var seen: Set<String> = []
            // dist-info first: when a leftover egg-info names the same distribution, the dist-info wins.
            let ordered = names.filter { $0.hasSuffix(".dist-info") } + names.filter { $0.hasSuffix(".egg-info") }
            for entry in ordered {
                do {
                    guard let distribution = try reader.read(TreePath.join(directory, entry)) else { continue }
                    let key = distribution.normalizedName + "@" + distribution.package.version
                    if seen.insert(key).inserted { distributions.append(distribution) }
                } catch {
                    result.warnings.append(error.description)
                }
            }
            vendored += try findVendored(reader: reader, entries: names, warnings: &result.warnings)
        }
        assignIDs(&distributions)
        var packages = distributions.map(\.package)
        for distribution in distributions {
            packages += distribution.declared.map { declared in
                var copy = declared
                copy.parentID = distribution.package.id
                return copy
            }
        }
        packages += try attach(vendored, to: distributions, resolver: resolver, warnings: &result.warnings)

        let environment = interpreter?.markerEnvironment ?? MarkerEnvironment(values: [:])
        let graph = DependencyGraph.build(distributions, environment: environment, warnings: &result.warnings)
        result.dependencies = graph.edges
        result.unsatisfied = graph.unsatisfied
        result.packages = Self.uniqueDeclaredIDs(packages)
        return result
    }

    /// `python:<normalized name>@<version>`, with `#2`, `#3`... for the same distribution in a second
    /// site-packages.
    private func assignIDs(_ distributions: inout [InstalledDistribution]) {
        distributions.sort { ($0.normalizedName, $0.package.version, $0.package.location) < ($1.normalizedName, $1.package.version, $1.package.location) }
        var used: [String: Int] = [:]
        for index in distributions.indices {
            let base = "python:\(distributions[index].normalizedName)@\(distributions[index].package.version)"
            let count = (used[base] ?? 0) + 1
            used[base] = count
            distributions[index].package.id = count == 1 ? base : "\(base)#\(count)"
        }
    }

    /// Vendored distribution metadata directly inside a top-level package's vendor directory.
    private func findVendored(reader: DistributionReader, entries: [String], warnings: inout [String]) throws(VouchError) -> [InstalledDistribution] {
        var found: [InstalledDistribution] = []
        for entry in entries where !entry.contains(".") && entry != "__pycache__" {
            let packageDirectory = TreePath.join(reader.sitePackages, entry)
            for child in try reader.resolver.list(packageDirectory) where Self.vendorDirectoryNames.contains(child) {
                let vendorDirectory = TreePath.join(packageDirectory, child)
                for name in try reader.resolver.list(vendorDirectory) where name.hasSuffix(".dist-info") || name.hasSuffix(".egg-info") {
                    do {
                        if var distribution = try reader.read(TreePath.join(vendorDirectory, name)) {
                            distribution.topLevelOwner = entry
                            found.append(distribution)
                        }
                    } catch {
                        warnings.append(error.description)
                    }
                }
            }
        }
        return found
    }

    /// Gives each vendored copy an id under the installed distribution that owns its top-level directory.
    private func attach(_ vendored: [InstalledDistribution], to distributions: [InstalledDistribution], resolver: any FileResolver,
                        warnings: inout [String]) throws(VouchError) -> [SBOMPackage] {
        var packages: [SBOMPackage] = []
        for copy in vendored {
            guard let topLevel = copy.topLevelOwner else { continue }
            let owner = distributions.first { $0.sitePackages == copy.sitePackages && $0.normalizedName == PythonPackageName.normalize(topLevel) }
                ?? distributions.first { $0.sitePackages == copy.sitePackages && $0.owns(topLevel: topLevel, resolver: resolver) }
            var package = copy.package
            package.containment = .vendored
            if let owner {
                package.parentID = owner.package.id
                package.id = "\(owner.package.id)/vendored/\(copy.normalizedName)@\(package.version)"
            } else {
                package.id = "python-vendored:\(topLevel)/\(copy.normalizedName)@\(package.version)"
                warnings.append("\(package.location): vendored into '\(topLevel)', which no installed distribution records owning")
            }
            packages.append(package)
        }
        return packages
    }

    private static func uniqueDeclaredIDs(_ packages: [SBOMPackage]) -> [SBOMPackage] {
        var used: [String: Int] = [:]
        return packages.map { package in
            var copy = package
            let count = (used[package.id] ?? 0) + 1
            used[package.id] = count
            if count > 1 { copy.id += "#\(count)" }
            return copy
        }.sorted { $0.id < $1.id }
    }
}

/// One distribution's metadata as read from the tree, before ids are final.
struct InstalledDistribution {
    var package: SBOMPackage
    var metadata: CoreMetadata
    var normalizedName: String
    var sitePackages: String
    /// `*.dist-info` or `*.egg-info` path.
    var metadataDirectory: String
    var declared: [SBOMPackage]
    /// For a vendored copy, the top-level directory of site-packages it was found under.
    var topLevelOwner: String?

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
