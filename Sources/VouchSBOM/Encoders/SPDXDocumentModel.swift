import VouchCore
import VouchCrypto

/// What both SPDX 2.3 encoders write, computed once: identifiers, relationships, package fields
/// (SPDX 2.3 clauses 6 document creation, 7 package, 10 other licensing, 11 relationships).
struct SPDXDocumentModel {
    struct Package {
        var spdxID: String
        var name: String
        var version: String?
        var purl: String?
        var licenseDeclared: String
        var summary: String?
        var homepage: String?
        var sourceInfo: String?
        var comment: String?
        var purpose: String
        var checksums: [(algorithm: String, value: String)]
        /// SPDX 2.3 clause 7.9, set when the package's files are listed (filesAnalyzed true).
        var verificationCode: String?
        /// SPDX 2.3 clause 7.13: what Vouch concluded (``SBOMPackage/concludedLicense``), else NOASSERTION.
        var licenseConcluded = "NOASSERTION"
        /// SPDX 2.3 clause 7.16: what the declared license was derived from (``PackageLicense/notes``) and how
        /// the concluded one was concluded.
        var licenseComments: String? = nil
        /// SPDX 2.3 clause 7.5: `Person: NAME (EMAIL)`, `Organization: ...` or NOASSERTION when unknown.
        var supplier = "NOASSERTION"
        /// SPDX 2.3 clause 7.6, omitted when unknown.
        var originator: String? = nil
    }

    struct File {
        /// The package that contains it.
        var packageID: String
        var spdxID: String
        /// `./`-relative to the source root (SPDX 2.3 clause 8.1).
        var name: String
        var checksums: [(algorithm: String, value: String)]
    }

    struct Relationship {
        var element: String
        var type: String
        var related: String
        /// SPDX 2.3 clause 11.3 `comment`: why an edge is inferred.
        var comment: String? = nil
    }

    var name: String
    var namespace: String
    var created: String
    var creator: String
    /// The tool, then the `--author` organization (SPDX 2.3 clause 6.8).
    var creators: [String] { [creator] + (author.map { [$0.spdxText] } ?? []) }
    var author: SBOMParty?
    var licenseListVersion: String
    var packages: [Package] = []
    var relationships: [Relationship] = []
    var files: [File] = []
    var extractedLicenses: [LicenseReference]

    static let rootID = "SPDXRef-Source"

    init(_ document: SBOMDocument, options: SBOMEncodingOptions) {
        name = document.source.name
        let uuid = options.documentUUID ?? document.contentUUID(salt: "spdx-2.3")
        author = options.author
        namespace = "https://vouch.invalid/spdxdocs/\(SPDXExpression.idString(document.source.name).trimmingDashes())-\(uuid)"
        created = SBOMDocument.timestamp(document.created)
        creator = "Tool: vouch-\(VouchVersion.current)"
        licenseListVersion = SPDXLicenseList.version.split(separator: ".").prefix(2).joined(separator: ".")
        extractedLicenses = document.licenseReferences

        let unsatisfied = document.unsatisfiedMap
        // SPDX 2.3 clause 7.3: the root's version when known; NOASSERTION says it was looked for (NTIA's
        // minimum elements want every component versioned).
        var root = Package(spdxID: Self.rootID, name: document.source.name, version: document.source.version ?? document.source.digest ?? "NOASSERTION",
                           purl: document.source.purl, licenseDeclared: "NOASSERTION",
                           summary: nil, homepage: nil, sourceInfo: nil, comment: nil,
                           purpose: document.source.kind == .image ? "CONTAINER" : "APPLICATION", checksums: [], verificationCode: nil)
        if let digest = document.source.digest, digest.hasPrefix("sha256:") {
            root.checksums = [("SHA256", String(digest.dropFirst(7)))]
        }
        root.supplier = document.source.supplier?.spdxText ?? "NOASSERTION"
        var rootComments: [String] = []
        if let interpreter = document.source.interpreter { rootComments.append("\(document.source.kind.rawValue); markers evaluated for \(interpreter)") }
        for (index, layer) in document.source.layers.enumerated() { rootComments.append("layer \(index): \(layer.description)") }
        rootComments += document.rootDependencyNotes
        for requirement in unsatisfied[SBOMDocument.rootPackageID] ?? [] {
            rootComments.append("unsatisfied requirement: \(requirement.requirement) (\(requirement.reason))")
        }
        root.comment = rootComments.isEmpty ? nil : rootComments.joined(separator: "\n")
        packages.append(root)
        relationships.append(Relationship(element: "SPDXRef-DOCUMENT", type: "DESCRIBES", related: Self.rootID))

        var identifiers: [String: String] = [:]
        var used: Set<String> = [Self.rootID]
        /// `prefix` and `name` as an SPDX id, with `-2`, `-3`... when that is taken (ids must be unique).
        func uniqueID(_ prefix: String, _ name: String) -> String {
            let base = prefix + SPDXExpression.idString(name).trimmingDashes()
            var candidate = base
            var suffix = 2
            while used.contains(candidate) {
                candidate = "\(base)-\(suffix)"
                suffix += 1
            }
            used.insert(candidate)
            return candidate
        }
        for package in document.packages {
            identifiers[package.id] = uniqueID("SPDXRef-Package-", package.id)
        }
        for package in document.packages {
            var comments: [String] = []
            switch package.containment {
            case .installed: break
            case .vendored: comments.append("vendored copy inside another package, not an installed distribution (\(package.location))")
            case .declared: comments.append("declared in the distribution's own SBOM \(package.location) (PEP 770)")
            }
            if package.license.source != .none { comments.append("license from \(package.license.source.rawValue)") }
            if !package.licenseFiles.isEmpty { comments.append("license files: " + package.licenseFiles.joined(separator: ", ")) }
            for requirement in unsatisfied[package.id] ?? [] {
                comments.append("unsatisfied requirement: \(requirement.requirement) (\(requirement.reason))")
            }
            if let source = package.sourcePackage, source != package.name { comments.append("source package: \(source)") }
            if let sourceVersion = package.sourceVersion { comments.append("source version: \(sourceVersion)") }
            if let distro = package.distro { comments.append("distro: \(distro)") }
            if package.suppliedByParent { comments.append("supplier: that of the distribution it ships inside; its own metadata names none") }
            if let source = package.hashSource { comments.append("checksums: of the artifact \(source) pins") }
            if let extras = document.inferredExtras[package.id] {
                comments.append("extras inferred as requested: \(extras.joined(separator: ", ")) (all they require is installed; no lock file says so)")
            }
            var entry = Package(
                spdxID: identifiers[package.id]!, name: package.name, version: package.version.isEmpty ? nil : package.version,
                purl: package.purl, licenseDeclared: package.license.expression ?? "NOASSERTION", summary: package.summary,
                homepage: package.homepage.flatMap(Self.validHomepage),
                sourceInfo: Self.sourceInfo(package), comment: comments.isEmpty ? nil : comments.joined(separator: "\n"),
                purpose: package.containment == .declared ? "LIBRARY" : (package.ecosystem == .debian ? "INSTALL" : "LIBRARY"),
                checksums: [], verificationCode: nil)
            var licenseNotes = package.license.notes
            if let concluded = package.concludedLicense, let expression = concluded.expression {
                entry.licenseConcluded = expression
                licenseNotes += concluded.notes.enumerated().map { $0.offset == 0 ? "licenseConcluded \(expression): \($0.element)" : $0.element }
            }
            entry.licenseComments = licenseNotes.isEmpty ? nil : licenseNotes.joined(separator: "\n")
            entry.supplier = package.suppliers.first?.spdxText ?? "NOASSERTION"
            entry.checksums = package.hashes.map { ($0.spdxAlgorithm, $0.value.lowercased()) }
            // SPDX 2.3 clause 7.6 names one originator: the organization that made it when a source says so.
            entry.originator = (package.manufacturer ?? package.originators.first)?.spdxText
            packages.append(entry)
            let parent = package.parentID.flatMap { identifiers[$0] } ?? Self.rootID
            relationships.append(Relationship(element: parent, type: "CONTAINS", related: identifiers[package.id]!))
        }
        if document.includesFiles {
            for package in document.packages where !package.files.isEmpty {
                let listed = package.files.filter { $0.sha1 != nil }
                guard let index = packages.firstIndex(where: { $0.spdxID == identifiers[package.id] }) else { continue }
                var codes: [String] = []
                for file in listed {
                    let fileID = uniqueID("SPDXRef-File-", package.id + "-" + file.path)
                    var checksums: [(String, String)] = [("SHA1", file.sha1!)]
                    if let sha256 = file.sha256 { checksums.append(("SHA256", sha256)) }
                    files.append(File(packageID: identifiers[package.id]!, spdxID: fileID, name: "." + file.path, checksums: checksums))
                    relationships.append(Relationship(element: identifiers[package.id]!, type: "CONTAINS", related: fileID))
                    codes.append(file.sha1!)
                }
                // SPDX 2.3 clause 7.9.4: SHA-1 over the sorted, concatenated SHA-1s of the package's files.
                packages[index].verificationCode = Hex.encode(SHA1.digest(Array(codes.sorted().joined().utf8)))
                let missing = package.files.count - listed.count
                if missing > 0 {
                    let note = "\(missing) file(s) RECORD lists are missing from the source and not listed"
                    packages[index].comment = packages[index].comment.map { $0 + "\n" + note } ?? note
                }
            }
        }
        for id in document.rootDependencies {
            guard let to = identifiers[id] else { continue }
            relationships.append(Relationship(element: Self.rootID, type: "DEPENDS_ON", related: to))
        }
        for edge in document.dependencies {
            guard let from = identifiers[edge.from], let to = identifiers[edge.to] else { continue }
            let comment = document.inferredEdges.contains(edge) ? "inferred: required by an extra inferred as requested (all it requires is installed)" : nil
            relationships.append(Relationship(element: from, type: "DEPENDS_ON", related: to, comment: comment))
        }
        // SPDX 2.3 clause 11.1: `NONE` as the related element says the package is known to depend on nothing
        // (every requirement of it was read and none applies); a package whose dependencies are not known in
        // full gets no statement.
        let dependents = Set(document.dependencies.map(\.from))
        for package in document.packages where document.dependenciesKnown.contains(package.id) && !dependents.contains(package.id) {
            guard let from = identifiers[package.id] else { continue }
            relationships.append(Relationship(element: from, type: "DEPENDS_ON", related: "NONE"))
        }
    }

    /// SPDX 2.3 clause 7.19, background on the package's origin: how it was installed when not from a
    /// registry, and the source repository its metadata names (`Project-URL: Source`, CycloneDX's `vcs`
    /// reference); nil when neither is known.
    private static func sourceInfo(_ package: SBOMPackage) -> String? {
        let parts = [package.originNote, package.sourceRepository.map { "source code: \($0)" }].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: "\n")
    }

    /// SPDX 2.3 clause 7.11: a URL, else the field is left out.
    private static func validHomepage(_ text: String) -> String? {
        let trimmed = text.trimmingSpaces()
        guard trimmed.hasPrefix("https://") || trimmed.hasPrefix("http://"), !trimmed.utf8.contains(0x20), trimmed.count > 10 else { return nil }
        return trimmed
    }
}

extension String {
    func trimmingDashes() -> String {
        guard utf8.first == UInt8(ascii: "-") || utf8.last == UInt8(ascii: "-") else { return self }
        var slice = Substring(self)
        while slice.first == "-" { slice.removeFirst() }
        while slice.last == "-" { slice.removeLast() }
        return String(slice)
    }
}
