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
        let sitePackages = try SitePackagesLocator().locate(resolver)
        if sitePackages.isEmpty { return result }
        var environments: [String: MarkerEnvironment] = [:]
        for directory in sitePackages {
            var found = options.interpreter
            if found == nil { found = try interpreter(for: directory, resolver: resolver, machine: options.defaultMachine) }
            if let found {
                environments[directory] = found.markerEnvironment
                result.interpreter = result.interpreter ?? found
            } else {
                result.warnings.append("\(TreePath.join(resolver.displayName, directory)): no pyvenv.cfg or pythonX.Y path says which Python this is; markers that test the Python version evaluate as false")
            }
        }

        var distributions: [InstalledDistribution] = []
        var vendored: [InstalledDistribution] = []
        for directory in sitePackages {
            var reader = DistributionReader(resolver: resolver, sitePackages: directory, limits: metadataLimits, includeFiles: options.includeFiles)
            reader.resolvesLicenses = options.resolvesLicenses
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
            for entry in names where entry.hasSuffix(".egg-link") {
                if var distribution = try legacyDevelop(TreePath.join(directory, entry), reader: reader, warnings: &result.warnings) {
                    distribution.sitePackages = directory
                    let key = distribution.normalizedName + "@" + distribution.package.version
                    if seen.insert(key).inserted { distributions.append(distribution) }
                }
            }
            vendored += try findVendored(reader: reader, entries: names, warnings: &result.warnings)
        }
        for distribution in distributions where !distribution.warnings.isEmpty { result.warnings += distribution.warnings }
        for copy in vendored where !copy.warnings.isEmpty { result.warnings += copy.warnings }
        assignIDs(&distributions)
        var packages: [SBOMPackage] = []
        packages.reserveCapacity(distributions.reduce(vendored.count) { $0 + 1 + $1.declared.count })
        for distribution in distributions { packages.append(distribution.package) }
        for distribution in distributions {
            for declared in distribution.declared {
                packages.append(declared)
                packages[packages.count - 1].parentID = distribution.package.id
            }
        }
        packages += try attach(vendored, to: distributions, resolver: resolver, warnings: &result.warnings)

        let graph = DependencyGraph.build(distributions, environments: environments, roots: options.lock?.direct,
                                          rootID: SBOMDocument.rootPackageID, warnings: &result.warnings)
        result.dependencies = graph.edges
        result.unsatisfied = graph.unsatisfied
        result.rootDependencies = graph.rootDependencies
        result.inferredExtras = graph.inferredExtras
        result.inferredEdges = graph.inferredEdges
        result.dependenciesKnown = graph.dependenciesKnown
        // The declared components' own graphs (PEP 770 SBOMs), for ids that name one package only (two
        // SBOMs of one distribution listing the same component would make an edge ambiguous).
        var uses: [String: Int] = [:]
        for package in packages { uses[package.id, default: 0] += 1 }
        let allDeclaredEdges = distributions.flatMap(\.declaredEdges)
        let declaredEdges = allDeclaredEdges.filter { uses[$0.from] == 1 && uses[$0.to] == 1 }
        let lossy = Set(allDeclaredEdges.filter { uses[$0.from] != 1 || uses[$0.to] != 1 }.map(\.from))
        if !declaredEdges.isEmpty { result.dependencies = Array(Set(result.dependencies + declaredEdges)).sorted() }
        for distribution in distributions {
            result.dependenciesKnown.formUnion(distribution.declaredDependenciesKnown.filter { uses[$0] == 1 && !lossy.contains($0) })
        }
        if let lock = options.lock, !lock.locked.isEmpty { try Self.applyLockedHashes(lock, to: &packages, distributions, resolver: resolver) }
        Self.inheritSuppliers(&packages)
        Self.makeDeclaredIDsUnique(&packages)
        result.packages = packages
        return result
    }

    /// The interpreter of one site-packages: the `pyvenv.cfg` of the venv it belongs to (PEP 405: the
    /// directory above `lib/pythonX.Y/site-packages`), else the `pythonX.Y` in its path (or, for a bare
    /// site-packages at the root, in the source's name).
    private func interpreter(for directory: String, resolver: any FileResolver, machine: String) throws(VouchError) -> PythonInterpreter? {
        var components = TreePath.components(directory)
        if components.count >= 3, components[components.count - 3] == "lib" || components[components.count - 3] == "lib64" {
            components.removeLast(3)
            let config = "/" + (components + ["pyvenv.cfg"]).joined(separator: "/")
            if try resolver.info(config)?.kind == .regular {
                let text = String(decoding: try resolver.contents(of: config, maximumBytes: Self.maximumConfigBytes), as: UTF8.self)
                if let interpreter = PythonInterpreter.fromVenvConfig(text, machine: machine) { return interpreter }
            }
        }
        var minor = PythonInterpreter.minorVersion(inPath: directory) ?? (directory == "/" ? PythonInterpreter.minorVersion(inPath: resolver.displayName) : nil)
        if minor == nil, directory.hasSuffix("/python3/dist-packages") {
            // Debian's shared dist-packages: the system Python is the newest /usr/lib/python3.X.
            let prefix = String(directory.dropLast("/python3/dist-packages".count))
            minor = try resolver.glob(prefix + "/python3.*").compactMap(PythonInterpreter.minorVersion(inPath:))
                .max { (PythonVersion($0) ?? PythonVersion("0")!) < (PythonVersion($1) ?? PythonVersion("0")!) }
        }
        return minor.map { PythonInterpreter(fullVersion: $0, machine: machine) }
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

    /// A legacy `setup.py develop` / `pip install -e` (setuptools < 64) install: `<name>.egg-link` holds the
    /// project directory, whose `*.egg-info` is the metadata. Read when that directory is inside the source.
    private func legacyDevelop(_ link: String, reader: DistributionReader, warnings: inout [String]) throws(VouchError) -> InstalledDistribution? {
        let text = String(decoding: try reader.resolver.contents(of: link, maximumBytes: 64 << 10), as: UTF8.self)
        guard let target = text.split(whereSeparator: \.isNewline).first.map({ String($0).trimmingSpaces() }), !target.isEmpty else {
            warnings.append("\(link): empty .egg-link")
            return nil
        }
        var treePath = target
        if let directory = reader.resolver as? DirectoryFileResolver, target.hasPrefix(directory.rootPath + "/") {
            treePath = String(target.dropFirst(directory.rootPath.count))
        }
        let candidates = target.hasPrefix("/") ? try reader.resolver.list(treePath).filter { $0.hasSuffix(".egg-info") } : []
        guard let eggInfo = candidates.first, var distribution = try reader.read(TreePath.join(treePath, eggInfo)) else {
            warnings.append("\(link): legacy editable install of \(target), which is not inside the source; not catalogued")
            return nil
        }
        distribution.package.origin = .localDirectory(url: "file://" + target, editable: true)
        distribution.package.purl = nil
        return distribution
    }

    /// Vendored distribution metadata directly inside a top-level package's vendor directory.
    private func findVendored(reader: DistributionReader, entries: [String], warnings: inout [String]) throws(VouchError) -> [InstalledDistribution] {
        var found: [InstalledDistribution] = []
        for entry in entries where !entry.utf8.contains(UInt8(ascii: ".")) && entry != "__pycache__" {
            let packageDirectory = TreePath.join(reader.sitePackages, entry)
            for child in try reader.resolver.entries(packageDirectory, named: Self.vendorDirectoryNames) {
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

    /// Each installed distribution the lock pins gets the hashes of the artifact it was installed from
    /// (``ProjectLock/artifactHashes(name:version:wheelTags:)``, told by the `Tag:` lines of its `WHEEL`).
    private static func applyLockedHashes(_ lock: ProjectLock, to packages: inout [SBOMPackage], _ distributions: [InstalledDistribution],
                                          resolver: any FileResolver) throws(VouchError) {
        var byID: [String: Int] = [:]
        for index in packages.indices where packages[index].parentID == nil { byID[packages[index].id] = index }
        for distribution in distributions where lock.locked[distribution.normalizedName] != nil {
            guard let index = byID[distribution.package.id], packages[index].hashes.isEmpty else { continue }
            var tags: Set<String> = []
            let wheel = TreePath.join(distribution.metadataDirectory, "WHEEL")
            if distribution.metadataDirectory.hasSuffix(".dist-info"), try resolver.info(wheel)?.kind == .regular {
                let text = String(decoding: try resolver.contents(of: wheel, maximumBytes: maximumConfigBytes), as: UTF8.self)
                for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("Tag:") {
                    tags.formUnion(ProjectLock.expand(tag: line.dropFirst(4).trimmingCharacters(in: .whitespaces)))
                }
            }
            guard let artifact = lock.installedArtifact(name: distribution.normalizedName, version: distribution.package.version, wheelTags: tags),
                  !artifact.hashes.isEmpty else { continue }
            packages[index].hashes = artifact.hashes
            packages[index].artifactFileName = artifact.fileName
            packages[index].hashSource = lock.path.split(separator: "/").last.map(String.init) ?? lock.path
        }
    }

    /// A vendored or declared package whose own metadata names no supplier is supplied by whoever supplies
    /// the distribution it ships inside (``SBOMPackage/suppliedByParent``); its originator stays unknown.
    private static func inheritSuppliers(_ packages: inout [SBOMPackage]) {
        var suppliers: [String: [SBOMParty]] = [:]
        for package in packages where package.parentID == nil && !package.suppliers.isEmpty { suppliers[package.id] = package.suppliers }
        for index in packages.indices where packages[index].suppliers.isEmpty {
            guard let parent = packages[index].parentID, let inherited = suppliers[parent] else { continue }
            packages[index].suppliers = inherited
            packages[index].suppliedByParent = true
        }
    }

    /// `#2`, `#3`... after an id that repeats (an embedded SBOM listing a component twice); then sorted.
    private static func makeDeclaredIDsUnique(_ packages: inout [SBOMPackage]) {
        var used: [String: Int] = [:]
        used.reserveCapacity(packages.count)
        for index in packages.indices {
            let count = (used[packages[index].id] ?? 0) + 1
            used[packages[index].id] = count
            if count > 1 { packages[index].id += "#\(count)" }
        }
        packages.sort { $0.id < $1.id }
    }
}
