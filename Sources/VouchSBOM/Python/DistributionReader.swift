import VouchCore
import VouchCrypto

/// Reads one `*.dist-info` / `*.egg-info` (directory or file) into an ``InstalledDistribution``.
struct DistributionReader {
    let resolver: any FileResolver
    let sitePackages: String
    let limits: CoreMetadataLimits
    let includeFiles: Bool
    /// Whether to resolve each license (``CatalogOptions/resolvesLicenses``); else it is NOASSERTION.
    var resolvesLicenses = true

    /// The distribution at `path`, or nil when `path` is not one (an empty directory, a stray name).
    func read(_ path: String) throws(VouchError) -> InstalledDistribution? {
        let isDistInfo = path.hasSuffix(".dist-info")
        // Listing first: nearly every distribution is a non-empty directory, so most need no lstat.
        let entries = try resolver.list(path)
        var isDirectory = !entries.isEmpty
        if !isDirectory {
            guard let info = try resolver.info(path) else { return nil }
            isDirectory = info.kind == .directory
        }
        let metadataPath: String
        if isDistInfo {
            guard isDirectory, entries.contains("METADATA") else { return nil }
            metadataPath = TreePath.join(path, "METADATA")
        } else if isDirectory {
            guard entries.contains("PKG-INFO") else { return nil }
            metadataPath = TreePath.join(path, "PKG-INFO")
        } else {
            metadataPath = path  // the single-file form of .egg-info
        }
        // Only the header block: nothing in an SBOM uses the description body, often most of the file, so
        // the distribution's `metadata.body` is nil.
        var headerEnd: Int?
        var bytes = try resolver.leadingContents(of: metadataPath, maximumBytes: limits.maximumFileBytes) { read in
            headerEnd = CoreMetadata.headerBlockEnd(read)
            return headerEnd != nil
        }
        if let end = headerEnd ?? CoreMetadata.headerBlockEnd(bytes) { bytes.removeSubrange(end...) }
        let metadata = try CoreMetadata(parsing: bytes, path: metadataPath, limits: limits)
        guard let name = metadata.name?.trimmingSpaces(), !name.isEmpty else {
            throw VouchError(.malformedInput, "has no Name header", path: metadataPath)
        }
        let version = metadata.version?.trimmingSpaces() ?? ""
        let normalized = PythonPackageName.normalize(name)

        var warnings: [String] = []
        var origin = PackageOrigin.registry
        var archiveHashes: [ComponentHash] = []
        if entries.contains("direct_url.json") {
            let directPath = TreePath.join(path, "direct_url.json")
            if let direct = try? resolver.contents(of: directPath, maximumBytes: DirectURL.maximumBytes), let parsed = DirectURL.origin(parsing: direct) {
                origin = parsed
                if case .archive = parsed { archiveHashes = DirectURL.archiveHashes(parsing: direct) }
            } else {
                // Installed from somewhere other than an index, but we cannot tell where: claim no PyPI purl.
                origin = .unknownDirect
                warnings.append("\(directPath): not a readable direct_url.json; the package is not given a PyPI purl")
            }
        }
        let licenseFiles = try licenseFiles(metadata, directory: path, entries: entries)
        let license = !resolvesLicenses ? (declared: PackageLicense.noAssertion, concluded: nil)
            : PythonLicenseResolver.resolveDeclaredAndConcluded(metadata, referenceStem: "\(normalized)-\(version)", licenseFiles: licenseFiles) { file in
                (try? resolver.contents(of: file, maximumBytes: PythonLicenseResolver.maximumLicenseFileBytes)).map { String(decoding: $0, as: UTF8.self) }
            }
        var package = SBOMPackage(
            id: "", ecosystem: .python, name: name, version: version,
            purl: origin == .registry ? PackageURL.pypi(name: name, version: version) : nil,
            license: license.declared,
            licenseFiles: licenseFiles,
            summary: metadata.summary.flatMap { $0.isEmpty || $0 == "UNKNOWN" ? nil : $0 },
            homepage: homepage(metadata),
            supplier: metadata.author.flatMap { $0.isEmpty || $0 == "UNKNOWN" ? nil : $0 },
            location: path, origin: origin)
        package.concludedLicense = license.concluded
        package.suppliers = MetadataPeople.suppliers(metadata)
        package.originators = MetadataPeople.originators(metadata)
        package.sourceRepository = sourceRepository(metadata)
        if !archiveHashes.isEmpty {
            package.hashes = archiveHashes
            package.hashSource = "direct_url.json"
        }
        if isDirectory, path.hasSuffix(".dist-info"), entries.contains("WHEEL"),
           let wheel = try? resolver.contents(of: TreePath.join(path, "WHEEL"), maximumBytes: PythonCataloger.maximumConfigBytes) {
            package.artifactFileName = WheelFileName.name(distInfoDirectory: String(path.split(separator: "/").last ?? ""), wheelFile: String(decoding: wheel, as: UTF8.self))
        }
        if includeFiles, entries.contains("RECORD") {
            package.files = try recordedFiles(TreePath.join(path, "RECORD"))
        }
        var declared = EmbeddedSBOMReader.Declared()
        if entries.contains("sboms") {
            let directory = TreePath.join(path, "sboms")
            for file in try resolver.list(directory) {
                do {
                    let found = try EmbeddedSBOMReader.read(
                        resolver: resolver, path: TreePath.join(directory, file), parentName: normalized, parentVersion: version)
                    declared.packages += found.packages
                    declared.edges += found.edges
                    declared.dependenciesKnown.formUnion(found.dependenciesKnown)
                } catch {
                    warnings.append(error.description)
                }
            }
        }
        var distribution = InstalledDistribution(
            package: package, metadata: metadata, normalizedName: normalized, sitePackages: sitePackages,
            metadataDirectory: isDirectory ? path : TreePath.parent(path), declared: declared.packages, topLevelOwner: nil, warnings: warnings)
        distribution.declaredEdges = declared.edges
        distribution.declaredDependenciesKnown = declared.dependenciesKnown
        return distribution
    }

    /// `License-File` paths: under `licenses/` for metadata 2.4 (PEP 639), else beside METADATA; plus any
    /// file under `licenses/` no header names.
    private func licenseFiles(_ metadata: CoreMetadata, directory: String, entries: [String]) throws(VouchError) -> [String] {
        var files: [String] = []
        let hasLicensesDirectory = entries.contains("licenses")
        for declared in metadata.licenseFiles {
            let candidate = hasLicensesDirectory ? "licenses/\(declared)" : declared
            if hasLicensesDirectory || entries.contains(String(declared.split(separator: "/").first ?? "")) {
                files.append(TreePath.join(directory, candidate))
            }
        }
        if hasLicensesDirectory {
            for entry in try resolver.entries(TreePath.join(directory, "licenses")) where entry.kind == .regular {
                let path = TreePath.join(directory, "licenses/\(entry.name)")
                if !files.contains(path) { files.append(path) }
            }
        }
        if files.isEmpty, !hasLicensesDirectory {
            // Wheels built before License-File existed put LICENSE* beside METADATA.
            files = entries.filter { Self.hasPrefixIgnoringCase($0, "LICENSE") || Self.hasPrefixIgnoringCase($0, "COPYING") }.map { TreePath.join(directory, $0) }
        }
        return files.sorted()
    }

    /// Whether `name` starts with `prefix` (ASCII capitals) in any case.
    private static func hasPrefixIgnoringCase(_ name: String, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        var matched = 0
        for byte in name.utf8.prefix(count) {
            let upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
            guard upper == prefix.utf8Start[matched] else { return false }
            matched += 1
        }
        return matched == count
    }

    /// The source repository `Project-URL` names (the packaging guide's well-known labels `Source`,
    /// `Repository`, `Source Code`, `Code`, compared as the guide normalizes them: lowercased, without
    /// punctuation or spaces).
    private func sourceRepository(_ metadata: CoreMetadata) -> String? {
        for url in metadata.all("Project-URL") {
            let parts = url.split(separator: ",", maxSplits: 1).map { String($0).trimmingSpaces() }
            guard parts.count == 2 else { continue }
            let label = String(parts[0].lowercased().filter { $0.isLetter || $0.isNumber })
            if ["source", "repository", "sourcecode", "code", "github"].contains(label),
               parts[1].hasPrefix("https://") || parts[1].hasPrefix("http://") { return parts[1] }
        }
        return nil
    }

    private func homepage(_ metadata: CoreMetadata) -> String? {
        if let page = metadata.homePage, !page.isEmpty, page != "UNKNOWN" { return page }
        for url in metadata.all("Project-URL") {
            let parts = url.split(separator: ",", maxSplits: 1).map { String($0).trimmingSpaces() }
            if parts.count == 2, ["homepage", "home", "source", "repository"].contains(parts[0].lowercased()) { return parts[1] }
        }
        return nil
    }

    private func recordedFiles(_ recordPath: String) throws(VouchError) -> [PackageFile] {
        let record = try RecordFile(parsing: try resolver.contents(of: recordPath, maximumBytes: RecordFile.maximumBytes), path: recordPath)
        var files: [PackageFile] = []
        for entry in record.entries {
            let path = RecordPaths.treePath(entry.path, sitePackages: sitePackages)
            var file = PackageFile(path: path, sha256: entry.algorithm == "sha256" ? entry.hexDigest : nil, size: entry.size)
            // SPDX needs every file's SHA-1, which RECORD does not carry: hash the installed bytes.
            if let bytes = try? resolver.contents(of: path, maximumBytes: Self.maximumHashedFileBytes) {
                file.sha1 = Hex.encode(SHA1.digest(bytes))
                if file.sha256 == nil { file.sha256 = try? DigestHasher.digest(of: bytes).hex }
            }
            files.append(file)
        }
        return files
    }

    /// The largest installed file hashed for `--files`.
    static let maximumHashedFileBytes = 2 << 30
}
