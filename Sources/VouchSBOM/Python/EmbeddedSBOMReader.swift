import VouchCore

/// PEP 770 ("Improving measurability of Python packages with SBOMs"): SBOM documents a distribution ships
/// in `.dist-info/sboms/`. Their components (CycloneDX JSON) or packages (SPDX 2 JSON) become packages
/// nested under the distribution.
enum EmbeddedSBOMReader {
    /// The largest embedded SBOM read, and the most components taken from one.
    static let maximumBytes = 32 << 20
    static let maximumComponents = 100_000

    static func components(resolver: any FileResolver, path: String, parentName: String, parentVersion: String,
                           maximumComponents: Int = EmbeddedSBOMReader.maximumComponents) throws(VouchError) -> [SBOMPackage] {
        guard path.hasSuffix(".json") else { return [] }
        let bytes = try resolver.contents(of: path, maximumBytes: maximumBytes)
        let object = try JSONNode(parsing: bytes, path: path)
        guard object.kind == .object else {
            throw VouchError(.malformedInput, "PEP 770 SBOM is not a JSON object", path: path)
        }
        var found: [SBOMPackage] = []
        // Components of one SBOM mostly share a handful of licenses: resolve each distinct text once.
        var licenses: [String: PackageLicense] = [:]
        if object["bomFormat"]?.string == "CycloneDX" {
            var queue = object["components"]?.array ?? []
            found.reserveCapacity(queue.count)
            var next = 0
            while next < queue.count {
                let component = queue[next]
                next += 1
                queue += component["components"]?.array ?? []
                guard let name = component["name"]?.string else { continue }
                found.append(package(name: name, version: component["version"]?.string ?? "", purl: component["purl"]?.string,
                                     license: cycloneDXLicense(component["licenses"], cache: &licenses), path: path, parent: parentName,
                                     parentVersion: parentVersion, evidence: CycloneDXJSONReading.evidence(component)))
                guard found.count <= maximumComponents else { throw limit(found.count, maximumComponents, path) }
            }
        } else if object["spdxVersion"] != nil {
            let described = Set((object["documentDescribes"]?.array ?? []).compactMap(\.string))
            for item in object["packages"]?.array ?? [] {
                guard let name = item["name"]?.string, !described.contains(item["SPDXID"]?.string ?? "") else { continue }
                let purl = (item["externalRefs"]?.array ?? []).first { $0["referenceType"]?.string == "purl" }?["referenceLocator"]?.string
                let declared = item["licenseDeclared"]?.string.flatMap(SPDXExpression.init).flatMap { $0.licenseReferences.isEmpty ? $0 : nil }
                found.append(package(name: name, version: item["versionInfo"]?.string ?? "", purl: purl,
                                     license: declared.map { PackageLicense(expression: $0.canonical, source: .embeddedSBOM) } ?? .noAssertion,
                                     path: path, parent: parentName, parentVersion: parentVersion, evidence: SPDXJSONReading.evidence(item)))
                guard found.count <= maximumComponents else { throw limit(found.count, maximumComponents, path) }
            }
        } else {
            throw VouchError(.unsupportedInput, "PEP 770 SBOM is neither CycloneDX nor SPDX JSON", path: path)
        }
        return found
    }

    private static func package(name: String, version: String, purl: String?, license: PackageLicense, path: String,
                                parent: String, parentVersion: String, evidence: ComponentEvidence) -> SBOMPackage {
        var package = SBOMPackage(id: "python:\(parent)@\(parentVersion)/sbom/\(name)@\(version)", ecosystem: .embedded, name: name, version: version,
                                  purl: purl, license: license, location: path, containment: .declared)
        // What the embedded SBOM says of its components is kept: hashes, supplier, authors (issue 15).
        package.hashes = evidence.hashes.filter { ComponentHash.cycloneDXAlgorithms.contains($0.algorithm) && $0.value.allSatisfy(\.isHexDigit) }
        package.suppliers = (evidence.supplier.map { [$0] } ?? []).filter(\.isKnown)
        package.originators = evidence.producers.filter(\.isKnown)
        if package.suppliers.isEmpty { package.suppliers = package.originators }
        return package
    }

    /// A CycloneDX `licenses` array: one `expression`, or ids that are all on the SPDX list (joined by AND).
    private static func cycloneDXLicense(_ value: JSONNode?, cache: inout [String: PackageLicense]) -> PackageLicense {
        guard let choices = value?.array, !choices.isEmpty else { return .noAssertion }
        if let expression = choices.first?["expression"]?.string {
            if let known = cache[expression] { return known }
            if let parsed = SPDXExpression(expression), parsed.licenseReferences.isEmpty {
                let license = PackageLicense(expression: parsed.canonical, source: .embeddedSBOM)
                cache[expression] = license
                return license
            }
        }
        var ids: [String] = []
        for choice in choices {
            guard let id = choice["license"]?["id"]?.string.flatMap(SPDXLicenseList.license) else {
                return .noAssertion
            }
            ids.append(id)
        }
        return PackageLicense(expression: ids.joined(separator: " AND "), source: .embeddedSBOM)
    }

    private static func limit(_ found: Int, _ maximumComponents: Int, _ path: String) -> VouchError {
        VouchError.limitExceeded("maximumComponents", limit: Int64(maximumComponents), found: Int64(found), path: path, what: "embedded SBOM components")
    }
}
