public import Foundation
import VouchCore

/// Reads the packages of an SBOM carried as an attestation predicate, for the license and package rules.
///
/// SPDX 2.3 JSON (spdx.github.io/spdx-spec/v2.3): `packages[]` with `name`, `versionInfo`,
/// `licenseConcluded` (else `licenseDeclared`) and a `purl` external reference giving the ecosystem.
/// CycloneDX 1.5/1.6 JSON: `components[]` (nested `components` too) with `name`, `version`, `purl`, and
/// `licenses[]` holding either `expression` or `license.id` (several ids are joined with AND).
public enum AttestedSBOM {
    /// The packages of the SBOM, or nil when `predicate` is neither SPDX nor CycloneDX JSON.
    /// The SBOM's own root (the image or venv it describes) is not a package and is left out.
    public static func packages(fromPredicate predicate: Data) -> [PackageEvidence]? {
        guard let root = try? JSONSerialization.jsonObject(with: predicate) as? [String: Any] else { return nil }
        if root["spdxVersion"] != nil { return spdxPackages(root) }
        if root["bomFormat"] as? String == "CycloneDX" { return cycloneDXPackages(root) }
        return nil
    }

    private static func spdxPackages(_ root: [String: Any]) -> [PackageEvidence] {
        // The root is named by `documentDescribes` or, as SPDX 2.3 prefers, a DOCUMENT DESCRIBES relationship.
        var described = Set(root["documentDescribes"] as? [String] ?? [])
        for relationship in root["relationships"] as? [[String: Any]] ?? []
        where relationship["relationshipType"] as? String == "DESCRIBES" && relationship["spdxElementId"] as? String == "SPDXRef-DOCUMENT" {
            if let id = relationship["relatedSpdxElement"] as? String { described.insert(id) }
        }
        var packages: [PackageEvidence] = []
        for package in root["packages"] as? [[String: Any]] ?? [] {
            if let id = package["SPDXID"] as? String, described.contains(id) { continue }
            let references = package["externalRefs"] as? [[String: Any]] ?? []
            let purl = references.first { $0["referenceType"] as? String == "purl" }?["referenceLocator"] as? String
            let concluded = package["licenseConcluded"] as? String
            let license = (concluded == nil || concluded == "NOASSERTION") ? package["licenseDeclared"] as? String : concluded
            packages.append(PackageEvidence(
                ecosystem: ecosystem(purl: purl),
                name: package["name"] as? String ?? "",
                version: package["versionInfo"] as? String ?? "",
                license: license))
        }
        return packages
    }

    private static func cycloneDXPackages(_ root: [String: Any]) -> [PackageEvidence] {
        var packages: [PackageEvidence] = []
        func visit(_ components: [[String: Any]]) {
            for component in components {
                let purl = component["purl"] as? String
                packages.append(PackageEvidence(
                    ecosystem: ecosystem(purl: purl),
                    name: component["name"] as? String ?? "",
                    version: component["version"] as? String ?? "",
                    license: license(component["licenses"] as? [[String: Any]] ?? [])))
                visit(component["components"] as? [[String: Any]] ?? [])
            }
        }
        visit(root["components"] as? [[String: Any]] ?? [])
        return packages
    }

    private static func license(_ choices: [[String: Any]]) -> String? {
        if let expression = choices.compactMap({ $0["expression"] as? String }).first { return expression }
        let ids = choices.compactMap { ($0["license"] as? [String: Any])?["id"] as? String }
        if ids.isEmpty { return nil }
        return ids.joined(separator: " AND ")
    }

    /// `pkg:pypi/requests@2.32.3` -> `pypi`; unknown without a purl.
    private static func ecosystem(purl: String?) -> String {
        guard let purl, purl.hasPrefix("pkg:"), let slash = purl.firstIndex(of: "/") else { return "unknown" }
        return String(purl[purl.index(purl.startIndex, offsetBy: 4)..<slash]).lowercased()
    }
}
