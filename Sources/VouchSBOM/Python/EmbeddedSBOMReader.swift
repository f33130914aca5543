import VouchCore

/// PEP 770 ("Improving measurability of Python packages with SBOMs"): SBOM documents a distribution ships
/// in `.dist-info/sboms/`, read by the one ``SBOMReader`` (SPDX 2.2/2.3 JSON, CycloneDX 1.4-1.7 JSON).
/// Their components become packages nested under the distribution, keeping what the document says of
/// them: hashes, supplier, authors. A described package (the document's subject) is not a component.
enum EmbeddedSBOMReader {
    /// The largest embedded SBOM read, and the most components taken from one.
    static let maximumBytes = 32 << 20
    static let maximumComponents = 100_000

    static func components(resolver: any FileResolver, path: String, parentName: String, parentVersion: String,
                           maximumComponents: Int = EmbeddedSBOMReader.maximumComponents) throws(VouchError) -> [SBOMPackage] {
        guard path.hasSuffix(".json") else { return [] }
        let bytes = try resolver.contents(of: path, maximumBytes: maximumBytes)
        let document = try SBOMReader.read(bytes, path: path)
        let subject = document.info?.primary?.evidence?.elementID
        let packages = document.packages.filter { subject == nil || $0.evidence?.elementID != subject }
        guard packages.count <= maximumComponents else {
            throw VouchError.limitExceeded("maximumComponents", limit: Int64(maximumComponents), found: Int64(packages.count), path: path, what: "embedded SBOM components")
        }
        return packages.map { read in
            var package = SBOMPackage(id: "python:\(parentName)@\(parentVersion)/sbom/\(read.name)@\(read.version)", ecosystem: .embedded,
                                      name: read.name, version: read.version, purl: read.purl, license: license(read.license),
                                      location: path, containment: .declared)
            let evidence = read.evidence ?? ComponentEvidence()
            package.hashes = evidence.hashes.filter { ComponentHash.cycloneDXAlgorithms.contains($0.algorithm) && $0.value.allSatisfy(\.isHexDigit) }
            package.originators = evidence.producers.filter(\.isKnown)
            package.suppliers = (evidence.supplier.map { [$0] } ?? []).filter(\.isKnown)
            if package.suppliers.isEmpty { package.suppliers = package.originators }
            return package
        }
    }

    /// Only an expression of SPDX-list ids is kept as declared (a `LicenseRef-` of another document means
    /// nothing here); anything else is no assertion.
    private static func license(_ license: PackageLicense) -> PackageLicense {
        guard let text = license.expression, let parsed = SPDXExpression(text), parsed.licenseReferences.isEmpty else { return .noAssertion }
        return PackageLicense(expression: parsed.canonical, source: .embeddedSBOM)
    }
}
