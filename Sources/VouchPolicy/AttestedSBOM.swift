public import Foundation
public import VouchCore

/// Reads the packages of an SBOM carried as an attestation predicate, for the license and package rules.
///
/// SPDX 2.3 JSON (spdx.github.io/spdx-spec/v2.3): `packages[]` with `name`, `versionInfo`,
/// `licenseConcluded` (else `licenseDeclared`) and a `purl` external reference giving the ecosystem.
/// CycloneDX 1.5/1.6 JSON: `components[]` (nested `components` too) with `name`, `version`, `purl`, and
/// `licenses[]` holding either `expression` or `license.id` (several ids are joined with AND).
public enum AttestedSBOM {
    /// The packages of the SBOM, or nil when `predicate` is a JSON object but neither SPDX nor CycloneDX.
    /// Read with the strict JSON reader: malformed JSON, a repeated key or a field of the wrong type is an
    /// error naming its JSON path (`$.packages[2].name: expected a string, found a number`), never an empty
    /// value. The SBOM's own root (the image or venv it describes) is not a package and is left out.
    public static func packages(fromPredicate predicate: Data, path: String = "predicate") throws(VouchError) -> [PackageEvidence]? {
        let root = try JSONValue(parsing: [UInt8](predicate), path: path).expect(.object)
        if root["spdxVersion"] != nil { return try spdxPackages(root) }
        if try root.optionalString("bomFormat") == "CycloneDX" { return try cycloneDXPackages(root) }
        return nil
    }

    private static func spdxPackages(_ root: JSONValue) throws(VouchError) -> [PackageEvidence] {
        // The root is named by `documentDescribes` or, as SPDX 2.3 prefers, a DOCUMENT DESCRIBES relationship.
        var described = Set<String>()
        for id in try root.optionalArray("documentDescribes") { described.insert(try id.stringValue()) }
        for relationship in try root.optionalArray("relationships") {
            let type = try relationship.optionalString("relationshipType")
            let element = try relationship.optionalString("spdxElementId")
            guard type == "DESCRIBES", element == "SPDXRef-DOCUMENT" else { continue }
            if let id = try relationship.optionalString("relatedSpdxElement") { described.insert(id) }
        }
        var packages: [PackageEvidence] = []
        for package in try root.optionalArray("packages") {
            if let id = try package.optionalString("SPDXID"), described.contains(id) { continue }
            var purl: String?
            for reference in try package.optionalArray("externalRefs") {
                guard try reference.optionalString("referenceType") == "purl" else { continue }
                purl = try reference.string("referenceLocator")
                break
            }
            let concluded = try package.optionalString("licenseConcluded")
            let declared = try package.optionalString("licenseDeclared")
            let license = (concluded == nil || concluded == "NOASSERTION") ? declared : concluded
            packages.append(PackageEvidence(
                ecosystem: ecosystem(purl: purl),
                name: try package.string("name"),
                version: try package.optionalString("versionInfo") ?? "",
                license: license))
        }
        return packages
    }

    private static func cycloneDXPackages(_ root: JSONValue) throws(VouchError) -> [PackageEvidence] {
        var packages: [PackageEvidence] = []
        // Depth first, a component before its nested `components` (the nesting is bounded by the reader's
        // maxJSONDepth, so the recursion is too).
        func visit(_ components: [JSONValue]) throws(VouchError) {
            for component in components {
                let purl = try component.optionalString("purl")
                packages.append(PackageEvidence(
                    ecosystem: ecosystem(purl: purl),
                    name: try component.string("name"),
                    version: try component.optionalString("version") ?? "",
                    license: try license(component.optionalArray("licenses"))))
                try visit(component.optionalArray("components"))
            }
        }
        try visit(root.optionalArray("components"))
        return packages
    }

    private static func license(_ choices: [JSONValue]) throws(VouchError) -> String? {
        var ids: [String] = []
        for choice in choices {
            if let expression = try choice.optionalString("expression") { return expression }
            if let id = try choice.optionalMember("license")?.optionalString("id") { ids.append(id) }
        }
        if ids.isEmpty { return nil }
        return ids.joined(separator: " AND ")
    }

    /// `pkg:pypi/requests@2.32.3` -> `pypi`; unknown without a purl.
    private static func ecosystem(purl: String?) -> String {
        guard let purl, purl.hasPrefix("pkg:"), let slash = purl.firstIndex(of: "/") else { return "unknown" }
        return String(purl[purl.index(purl.startIndex, offsetBy: 4)..<slash]).lowercased()
    }
}
