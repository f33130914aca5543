import VouchCore

/// PEP 770 ("Improving measurability of Python packages with SBOMs"): SBOM documents a distribution ships
/// in `.dist-info/sboms/`, read by the one ``SBOMReader`` (SPDX 2.2/2.3 JSON, CycloneDX 1.4-1.7 JSON).
/// Their components become packages nested under the distribution, keeping what the document says of
/// them: hashes, supplier, manufacturer, authors. A described package (the document's subject) is not a component.
enum EmbeddedSBOMReader {
    /// The largest embedded SBOM read, and the most components taken from one.
    static let maximumBytes = 32 << 20
    static let maximumComponents = 100_000

    /// What one embedded document declares: its components as packages, the dependency edges among them,
    /// and the ones whose dependencies it states in full.
    struct Declared {
        var packages: [SBOMPackage] = []
        var edges: [DependencyEdge] = []
        /// Components (package ids) with a CycloneDX `dependencies` entry every `dependsOn` of which is
        /// another component of the document: an empty one says the component depends on nothing
        /// (CycloneDX 1.6 asks leaves to be listed so). SPDX documents state no such completeness.
        var dependenciesKnown: Set<String> = []
    }

    static func components(resolver: any FileResolver, path: String, parentName: String, parentVersion: String,
                           maximumComponents: Int = EmbeddedSBOMReader.maximumComponents) throws(VouchError) -> [SBOMPackage] {
        try read(resolver: resolver, path: path, parentName: parentName, parentVersion: parentVersion, maximumComponents: maximumComponents).packages
    }

    static func read(resolver: any FileResolver, path: String, parentName: String, parentVersion: String,
                     maximumComponents: Int = EmbeddedSBOMReader.maximumComponents) throws(VouchError) -> Declared {
        guard path.hasSuffix(".json") else { return Declared() }
        let bytes = try resolver.contents(of: path, maximumBytes: maximumBytes)
        let document = try SBOMReader.read(bytes, path: path)
        let subject = document.info?.primary?.evidence?.elementID
        let packages = document.packages.filter { subject == nil || $0.evidence?.elementID != subject }
        guard packages.count <= maximumComponents else {
            throw VouchError.limitExceeded("maximumComponents", limit: Int64(maximumComponents), found: Int64(packages.count), path: path, what: "embedded SBOM components")
        }
        var declared = Declared()
        declared.packages = packages.map { read in
            var package = SBOMPackage(id: "python:\(parentName)@\(parentVersion)/sbom/\(read.name)@\(read.version)", ecosystem: .embedded,
                                      name: read.name, version: read.version, purl: read.purl, license: license(read.license),
                                      location: path, containment: .declared)
            let evidence = read.evidence ?? ComponentEvidence()
            package.hashes = evidence.hashes.filter { ComponentHash.cycloneDXAlgorithms.contains($0.algorithm) && $0.value.allSatisfy(\.isHexDigit) }
            // An organization among the producers (CycloneDX `manufacturer`, an SPDX `Organization:`
            // originator) is the component's manufacturer; its authors stay authors.
            let producers = evidence.producers.filter(\.isKnown).flatMap(splitAddress)
            package.manufacturer = producers.first { $0.kind == .organization }
            package.originators = producers.filter { $0.kind != .organization }
            package.suppliers = (evidence.supplier.map { [$0] } ?? []).filter(\.isKnown).flatMap(splitAddress)
            if package.suppliers.isEmpty { package.suppliers = producers }
            return package
        }
        // Edges only between components whose new id is theirs alone (two components of one name and
        // version would make an edge ambiguous).
        var newIDs: [String: String] = [:]
        var uses: [String: Int] = [:]
        for (read, package) in zip(packages, declared.packages) {
            newIDs[read.id] = package.id
            uses[package.id, default: 0] += 1
        }
        func unique(_ readID: String) -> String? { newIDs[readID].flatMap { uses[$0] == 1 ? $0 : nil } }
        var edges: Set<DependencyEdge> = []
        var lossy: Set<String> = []  // read ids an edge was left out of
        for edge in document.dependencies {
            guard let from = unique(edge.from), let to = unique(edge.to) else { lossy.insert(edge.from); continue }
            if from != to { edges.insert(DependencyEdge(from: from, to: to)) }
        }
        declared.edges = edges.sorted()
        if let info = document.info, info.format == .cycloneDX {
            for read in packages where !lossy.contains(read.id) {
                guard let ref = read.evidence?.elementID, info.elementsWithDependencyStatement.contains(ref),
                      !info.elementsWithUnresolvedDependencies.contains(ref), let id = unique(read.id) else { continue }
                declared.dependenciesKnown.insert(id)
            }
        }
        return declared
    }

    /// A party whose name carries its address (`Name <mail>`, as cargo-cyclonedx writes Cargo's
    /// `authors`) as a name and an e-mail; a name without an address in angle brackets stays as written.
    static func splitAddress(_ party: SBOMParty) -> [SBOMParty] {
        guard party.email == nil, let name = party.name, name.contains("<"), name.contains("@") else { return [party] }
        let split = MetadataPeople.addresses(name)
        guard split.count == 1, let address = split.first, address.email != nil else { return [party] }
        var kept = party
        kept.name = address.name
        kept.email = address.email
        return [kept]
    }

    /// Only an expression of SPDX-list ids is kept as declared (a `LicenseRef-` of another document means
    /// nothing here); anything else is no assertion.
    private static func license(_ license: PackageLicense) -> PackageLicense {
        guard let text = license.expression, let parsed = SPDXExpression(text), parsed.licenseReferences.isEmpty else { return .noAssertion }
        return PackageLicense(expression: parsed.canonical, source: .embeddedSBOM)
    }
}
