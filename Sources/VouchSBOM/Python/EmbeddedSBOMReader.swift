import Foundation
import VouchCore

/// PEP 770 ("Improving measurability of Python packages with SBOMs"): SBOM documents a distribution ships
/// in `.dist-info/sboms/`. Their components (CycloneDX JSON) or packages (SPDX 2 JSON) become packages
/// nested under the distribution.
enum EmbeddedSBOMReader {
    /// The largest embedded SBOM read, and the most components taken from one.
    static let maximumBytes = 32 << 20
    static let maximumComponents = 100_000

    static func components(resolver: any FileResolver, path: String, parentName: String, parentVersion: String) throws(VouchError) -> [SBOMPackage] {
        guard path.hasSuffix(".json") else { return [] }
        let bytes = try resolver.contents(of: path, maximumBytes: maximumBytes)
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw VouchError(.malformedInput, "PEP 770 SBOM is not a JSON object", path: path)
        }
        var found: [SBOMPackage] = []
        if object["bomFormat"] as? String == "CycloneDX" {
            var queue = (object["components"] as? [[String: Any]]) ?? []
            while !queue.isEmpty {
                let component = queue.removeFirst()
                queue += (component["components"] as? [[String: Any]]) ?? []
                guard let name = component["name"] as? String else { continue }
                found.append(package(name: name, version: component["version"] as? String ?? "", purl: component["purl"] as? String,
                                     license: cycloneDXLicense(component["licenses"]), path: path, parent: parentName, parentVersion: parentVersion))
                guard found.count <= maximumComponents else { throw limit(found.count, path) }
            }
        } else if object["spdxVersion"] != nil {
            let described = Set((object["documentDescribes"] as? [String]) ?? [])
            for item in (object["packages"] as? [[String: Any]]) ?? [] {
                guard let name = item["name"] as? String, !described.contains(item["SPDXID"] as? String ?? "") else { continue }
                let purl = ((item["externalRefs"] as? [[String: Any]]) ?? []).first { $0["referenceType"] as? String == "purl" }?["referenceLocator"] as? String
                let declared = (item["licenseDeclared"] as? String).flatMap(SPDXExpression.init).flatMap { $0.licenseReferences.isEmpty ? $0 : nil }
                found.append(package(name: name, version: item["versionInfo"] as? String ?? "", purl: purl,
                                     license: declared.map { PackageLicense(expression: $0.canonical, source: .embeddedSBOM) } ?? .noAssertion,
                                     path: path, parent: parentName, parentVersion: parentVersion))
                guard found.count <= maximumComponents else { throw limit(found.count, path) }
            }
        } else {
            throw VouchError(.unsupportedInput, "PEP 770 SBOM is neither CycloneDX nor SPDX JSON", path: path)
        }
        return found
    }

    private static func package(name: String, version: String, purl: String?, license: PackageLicense, path: String,
                                parent: String, parentVersion: String) -> SBOMPackage {
        SBOMPackage(id: "python:\(parent)@\(parentVersion)/sbom/\(name)@\(version)", ecosystem: .embedded, name: name, version: version,
                    purl: purl, license: license, location: path, containment: .declared)
    }

    /// A CycloneDX `licenses` array: one `expression`, or ids that are all on the SPDX list (joined by AND).
    private static func cycloneDXLicense(_ value: Any?) -> PackageLicense {
        guard let choices = value as? [[String: Any]], !choices.isEmpty else { return .noAssertion }
        if let expression = choices.first?["expression"] as? String, let parsed = SPDXExpression(expression), parsed.licenseReferences.isEmpty {
            return PackageLicense(expression: parsed.canonical, source: .embeddedSBOM)
        }
        var ids: [String] = []
        for choice in choices {
            guard let license = choice["license"] as? [String: Any], let id = (license["id"] as? String).flatMap(SPDXLicenseList.license) else {
                return .noAssertion
            }
            ids.append(id)
        }
        return PackageLicense(expression: ids.joined(separator: " AND "), source: .embeddedSBOM)
    }

    private static func limit(_ found: Int, _ path: String) -> VouchError {
        VouchError.limitExceeded("maximumComponents", limit: Int64(maximumComponents), found: Int64(found), path: path, what: "embedded SBOM components")
    }
}
