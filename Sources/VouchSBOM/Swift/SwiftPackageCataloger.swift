public import VouchCore

/// Swift packages: the pins of SwiftPM's lock files (`Package.resolved`, `.package.resolved`; formats 1, 2
/// and 3) with `pkg:swift/` purls, and the package a `Package.swift` beside them declares, with its
/// products, as the root those pins are dependencies of.
///
/// Looks where a source tree or a build image keeps them (the root, one directory down, an Xcode
/// project's `swiftpm/` folder), not everywhere: `**` would walk every file of a `.build/` directory.
public struct SwiftPackageCataloger: Cataloger {
    public let name = "swift"

    /// Where lock files are looked for, as ``VouchCore/FileResolver/glob(_:)`` patterns.
    public static let lockFilePatterns = [
        "/Package.resolved", "/.package.resolved", "/*/Package.resolved", "/*/.package.resolved",
        "/*.xcworkspace/xcshareddata/swiftpm/Package.resolved",
        "/*.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/Package.resolved",
    ]
    /// Where manifests are looked for.
    public static let manifestPatterns = ["/Package.swift", "/*/Package.swift"]

    public init() {}

    public func catalog(_ resolver: any FileResolver, options: CatalogOptions) throws(VouchError) -> CatalogResult {
        var result = CatalogResult()
        var lockFiles: Set<String> = []
        for pattern in Self.lockFilePatterns {
            for path in try resolver.glob(pattern) where try resolver.info(path)?.kind == .regular { lockFiles.insert(path) }
        }
        var manifests: Set<String> = []
        for pattern in Self.manifestPatterns {
            for path in try resolver.glob(pattern) where try resolver.info(path)?.kind == .regular { manifests.insert(path) }
        }
        guard !lockFiles.isEmpty || !manifests.isEmpty else { return result }
        var ids: Set<String> = []
        /// Pin ids by the directory their lock file is in, for the manifest beside it.
        var pinsByDirectory: [String: [String]] = [:]
        for path in lockFiles.sorted() {
            let bytes = try resolver.contents(of: path, maximumBytes: PackageResolved.maximumBytes)
            let lock: PackageResolved
            do {
                lock = try PackageResolved(parsing: bytes, path: path)
            } catch {
                result.warnings.append("\(path): \(error.reason); its packages are not listed")
                continue
            }
            for pin in lock.pins {
                var package = Self.package(pin, location: path)
                package.id = Self.unique(package.id, in: &ids)
                pinsByDirectory[TreePath.parent(path), default: []].append(package.id)
                result.packages.append(package)
            }
        }
        for path in manifests.sorted() {
            let manifest = PackageManifest(parsing: try resolver.contents(of: path, maximumBytes: PackageManifest.maximumBytes))
            guard let name = manifest.name else {
                result.warnings.append("\(path): the package name is not a string literal, so the package it declares is not listed (Vouch reads Package.swift without running it)")
                continue
            }
            let directory = TreePath.parent(path)
            var summary = "Swift package"
            if !manifest.products.isEmpty {
                summary += "; products: " + manifest.products.map { "\($0.name) (\($0.kind))" }.joined(separator: ", ")
            }
            if manifest.unreadableProducts > 0 {
                summary += "; \(manifest.unreadableProducts) product(s) whose name is computed, not a literal"
            }
            let id = Self.unique("swift:\(name.lowercased())@", in: &ids)
            result.packages.append(SBOMPackage(
                id: id, ecosystem: .swift, name: name, version: "", purl: nil, summary: summary, location: path,
                origin: .localDirectory(url: directory, editable: false)))
            for pin in pinsByDirectory[directory] ?? [] { result.dependencies.append(DependencyEdge(from: id, to: pin)) }
        }
        result.packages.sort { $0.id < $1.id }
        return result
    }

    /// A pin as a package: named by its identity (as syft does), versioned by its tag, or its revision when
    /// it is pinned to a branch or a commit.
    static func package(_ pin: PackageResolved.Pin, location: String) -> SBOMPackage {
        let version = pin.version ?? pin.revision ?? ""
        let purl: String?
        switch pin.kind {
        case "registry":
            // SwiftPM registry identities are `scope.name`.
            let parts = pin.identity.split(separator: ".", maxSplits: 1).map(String.init)
            purl = parts.count == 2
                ? "pkg:swift/\(PackageURL.encode(parts[0]))/\(PackageURL.encode(parts[1]))" + (version.isEmpty ? "" : "@\(PackageURL.encode(version))")
                : nil
        case "localSourceControl", "fileSystem":
            purl = nil
        default:
            purl = PackageURL.swift(location: pin.location, version: version)
        }
        let origin: PackageOrigin
        if pin.kind == "localSourceControl" || pin.kind == "fileSystem" {
            origin = .localDirectory(url: pin.location, editable: false)
        } else if let revision = pin.revision, !pin.location.isEmpty {
            origin = .vcs(url: pin.location, vcs: "git", commit: revision)
        } else {
            origin = .registry
        }
        var homepage: String?
        if pin.location.hasPrefix("https://") {
            homepage = pin.location.hasSuffix(".git") ? String(pin.location.dropLast(4)) : pin.location
        }
        return SBOMPackage(
            id: "swift:\(pin.identity.lowercased())@\(version)", ecosystem: .swift, name: pin.identity, version: version,
            purl: purl, homepage: homepage, location: location, origin: origin)
    }

    /// `id`, or `id#2`, `id#3`... when a lock file elsewhere in the tree pinned the same package.
    static func unique(_ id: String, in ids: inout Set<String>) -> String {
        var candidate = id
        var copy = 1
        while !ids.insert(candidate).inserted {
            copy += 1
            candidate = "\(id)#\(copy)"
        }
        return candidate
    }
}
