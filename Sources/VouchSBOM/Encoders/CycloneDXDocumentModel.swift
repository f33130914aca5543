import VouchCore

/// What both CycloneDX encoders write, computed once (CycloneDX 1.6 / 1.5 specification: metadata,
/// components, licenses, externalReferences, properties, dependencies).
struct CycloneDXDocumentModel {
    struct Component {
        var type: String
        var bomRef: String
        var name: String
        var version: String?
        var description: String?
        var license: PackageLicense
        var purl: String?
        var externalReferences: [(type: String, url: String)]
        var properties: [(name: String, value: String)]
        var hashes: [(algorithm: String, value: String)]
        var components: [Component]
        /// CycloneDX `supplier` (an organizational entity with a contact); nil when unknown.
        var supplier: SBOMParty? = nil
        /// CycloneDX 1.6 `manufacturer`: the organization that made the component (``SBOMPackage/manufacturer``);
        /// nil when no source says one. 1.5 has no component manufacturer: it is named first in `author`.
        var manufacturer: SBOMParty? = nil
        /// CycloneDX 1.6 `authors` (1.5: `author`, the names joined).
        var authors: [SBOMParty] = []
        /// The license Vouch concluded (``SBOMPackage/concludedLicense``).
        var concludedLicense: PackageLicense? = nil

        /// The concluded license's id, written as a second `licenses` entry acknowledged `concluded`
        /// (CycloneDX 1.6): only when the declared license is one SPDX id too, as a `licenses` array holds
        /// either licenses or exactly one expression; not in 1.5, which has no acknowledgement.
        func concludedID(specVersion: String) -> (id: String, notes: [String])? {
            guard specVersion != "1.5", case .id = CycloneDXLicenseChoice(license), let concluded = concludedLicense,
                  case .id(let id) = CycloneDXLicenseChoice(concluded) else { return nil }
            return (id, concluded.notes)
        }
    }

    /// The license of the BOM's own data (CycloneDX `metadata.licenses`), as SPDX documents' `dataLicense`.
    static let dataLicense = "CC0-1.0"

    var specVersion: String
    var serialNumber: String
    var timestamp: String
    var toolVersion: String
    /// `--author`: `metadata.authors` and `metadata.manufacturer` (1.5: `manufacture`).
    var author: SBOMParty?
    var root: Component
    var components: [Component]
    /// Every component's bom-ref with what it depends on, in component order.
    var dependencies: [(ref: String, dependsOn: [String])]
    /// CycloneDX `compositions`: how complete each component's `dependencies` entry is.
    var compositions: [(aggregate: String, dependencies: [String])] = []

    init(_ document: SBOMDocument, options: SBOMEncodingOptions) {
        specVersion = options.cycloneDXVersion
        author = options.author
        serialNumber = "urn:uuid:" + (options.documentUUID ?? document.contentUUID(salt: "cyclonedx"))
        timestamp = SBOMDocument.timestamp(document.created)
        toolVersion = VouchVersion.current
        var rootProperties: [(String, String)] = [("vouch:source-kind", document.source.kind.rawValue)]
        if let interpreter = document.source.interpreter { rootProperties.append(("vouch:python-interpreter", interpreter)) }
        for (index, layer) in document.source.layers.enumerated() { rootProperties.append(("vouch:layer", "\(index): \(layer.description)")) }
        for note in document.rootDependencyNotes { rootProperties.append(("vouch:direct-dependencies", note)) }
        for requirement in document.unsatisfiedMap[SBOMDocument.rootPackageID] ?? [] {
            rootProperties.append(("vouch:unsatisfied-requirement", "\(requirement.requirement) (\(requirement.reason))"))
        }
        root = Component(
            type: document.source.kind == .image ? "container" : "application", bomRef: "vouch:source", name: document.source.name,
            version: document.source.version ?? document.source.digest, description: nil, license: .noAssertion, purl: document.source.purl, externalReferences: [],
            properties: rootProperties, hashes: document.source.digest.flatMap { $0.hasPrefix("sha256:") ? [("SHA-256", String($0.dropFirst(7)))] : nil } ?? [],
            components: [])
        // An image is a container: a structured archive (BSI TR-03183-2 v2.1.0 Annex 8.1). A directory is no
        // file, so a venv's or root filesystem's root gets none of the file properties.
        if document.source.kind == .image {
            for property in ArtifactKind.containerImage.bsiProperties { root.properties.append((property.name, property.value)) }
        }
        root.supplier = document.source.supplier
        if root.supplier == nil { root.properties.append(("vouch:unknown", "supplier")) }
        let unsatisfied = document.unsatisfiedMap
        // Indices rather than copies: a package is a dozen reference-counted fields.
        var byParent: [String: [Int]] = [:]
        for index in document.packages.indices { byParent[document.packages[index].parentID ?? "", default: []].append(index) }
        func build(_ index: Int) -> Component {
            let package = document.packages[index]
            var properties: [(String, String)] = []
            if package.origin != .registry { properties.append(("vouch:origin", package.origin.label)) }
            if package.containment != .installed { properties.append(("vouch:containment", package.containment.rawValue)) }
            if package.license.source != .none { properties.append(("vouch:license-source", package.license.source.rawValue)) }
            properties.append(("vouch:location", package.location))
            for file in package.licenseFiles { properties.append(("vouch:license-file", file)) }
            if let source = package.sourcePackage { properties.append(("vouch:source-package", source)) }
            if let architecture = package.architecture { properties.append(("vouch:architecture", architecture)) }
            if let sourceVersion = package.sourceVersion { properties.append(("vouch:source-version", sourceVersion)) }
            if let distro = package.distro { properties.append(("vouch:distro", distro)) }
            if package.suppliedByParent { properties.append(("vouch:supplier-source", "parent distribution")) }
            // CycloneDX has no NOASSERTION: a supplier nothing names is said to be unknown, not left to look
            // forgotten (and never filled with a guess).
            if package.suppliers.isEmpty { properties.append(("vouch:unknown", "supplier")) }
            if let source = package.hashSource { properties.append(("vouch:hash-source", source)) }
            if let fileName = package.artifactFileName {
                properties.append(("bsi:component:filename", fileName))
                for property in ArtifactKind(fileName: fileName)?.bsiProperties ?? [] { properties.append((property.name, property.value)) }
            }
            for extra in document.inferredExtras[package.id] ?? [] { properties.append(("vouch:inferred-extra", extra)) }
            for requirement in unsatisfied[package.id] ?? [] {
                properties.append(("vouch:unsatisfied-requirement", "\(requirement.requirement) (\(requirement.reason))"))
            }
            var references: [(String, String)] = []
            switch package.origin {
            case .registry, .unknownDirect: break
            case .localDirectory(let url, _): references.append(("distribution", url))
            case .vcs: references.append(("vcs", package.origin.sourceLocation ?? ""))
            case .archive(let url): references.append(("distribution", url))
            }
            if let homepage = package.homepage, homepage.hasPrefix("http"), !homepage.utf8.contains(0x20) { references.append(("website", homepage)) }
            if let repository = package.sourceRepository, !repository.utf8.contains(0x20), !references.contains(where: { $0.0 == "vcs" }) {
                references.append(("vcs", repository))
            }
            var children = (byParent[package.id] ?? []).map(build)
            children += package.files.map { file in
                Component(type: "file", bomRef: package.id + "#file:" + file.path, name: file.path, version: nil, description: nil,
                          license: .noAssertion, purl: nil, externalReferences: [], properties: [],
                          hashes: file.sha256.map { [("SHA-256", $0)] } ?? [], components: [])
            }
            var component = Component(
                type: "library", bomRef: package.id, name: package.name,
                version: package.version.isEmpty ? nil : package.version, description: package.summary, license: package.license,
                purl: package.purl, externalReferences: references, properties: properties, hashes: [], components: children)
            component.supplier = package.suppliers.first
            component.hashes = package.hashes.map { ($0.algorithm, $0.value.lowercased()) }
            component.authors = package.originators
            if let manufacturer = package.manufacturer {
                if options.cycloneDXVersion == "1.5" { component.authors.insert(manufacturer, at: 0) } else { component.manufacturer = manufacturer }
            }
            component.concludedLicense = package.concludedLicense
            return component
        }
        components = (byParent[""] ?? []).map(build)
        let map = document.dependencyMap
        // The root contains its installed Debian packages (SPDX: CONTAINS); Vouch reads no graph among
        // them, so none is reached from another and the root's entry names each (BSI TR-03183-2 5.2.2
        // "Dependencies on other components": the components it contains).
        let installedDebian = document.packages.filter { $0.ecosystem == .debian && $0.parentID == nil }.map(\.id)
        let rootDependsOn = Array(Set(document.rootDependencies + installedDebian)).sorted()
        dependencies = [(root.bomRef, rootDependsOn)] + document.packages.map { ($0.id, map[$0.id] ?? []) }
        compositions = Self.compositions(document, rootRef: root.bomRef)
    }
}

extension CycloneDXDocumentModel {
    /// What Vouch knows of each `dependencies` entry's completeness (CycloneDX 1.6 `compositions`,
    /// `aggregate`): an installed Python distribution's list is `complete` when every `Requires-Dist` whose
    /// marker holds resolved to an installed distribution (``SBOMDocument/dependenciesKnown``), `incomplete`
    /// when one is not installed, `unknown` when a requirement could not be read or evaluated; the
    /// root's is `complete` when a lock file named its direct dependencies (all installed), else
    /// `incomplete_first_party_only` (the top-level distributions stand in for what the project asked
    /// for); Debian and Swift packages and the components vendored into or declared by a distribution
    /// have relationships Vouch does not read: `unknown`.
    static func compositions(_ document: SBOMDocument, rootRef: String) -> [(aggregate: String, dependencies: [String])] {
        let missing = Set(document.unsatisfied.filter { $0.reason == "not installed" }.map(\.packageID))
        var byAggregate: [String: [String]] = [:]
        let rootAggregate = document.lockFile != nil && document.packages.contains { $0.ecosystem == .python }
            ? (missing.contains(SBOMDocument.rootPackageID) ? "incomplete" : "complete") : "incomplete_first_party_only"
        byAggregate[rootAggregate, default: []].append(rootRef)
        for package in document.packages {
            let aggregate: String
            if document.dependenciesKnown.contains(package.id) {
                aggregate = "complete"
            } else if package.ecosystem == .python, package.containment == .installed, missing.contains(package.id) {
                aggregate = "incomplete"
            } else {
                aggregate = "unknown"
            }
            byAggregate[aggregate, default: []].append(package.id)
        }
        return ["complete", "incomplete", "incomplete_first_party_only", "unknown"].compactMap { aggregate in
            byAggregate[aggregate].map { (aggregate, $0) }
        }
    }
}

/// How a package's license is written in CycloneDX 1.6 / 1.5 `licenses`: one SPDX id as `license.id`; a
/// compound expression as `expression`; a `LicenseRef-` with its text as a named license carrying the text
/// (CycloneDX has no place for a LicenseRef's text in an expression).
enum CycloneDXLicenseChoice {
    case named(name: String, text: String)
    case id(String)
    case expression(String)

    /// Nil when the license is not known (the `licenses` element is left out).
    init?(_ license: PackageLicense) {
        guard let expression = license.expression else { return nil }
        if let reference = license.references.first, license.references.count == 1, reference.id == expression {
            self = .named(name: reference.name, text: reference.text)
        } else if SPDXLicenseList.license(expression) != nil {
            self = .id(expression)
        } else {
            self = .expression(expression)
        }
    }
}
