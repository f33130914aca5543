import Foundation
public import VouchCore
import VouchSBOM

/// A statement that a vulnerability does not affect a product: OpenVEX (`statements[]` with status
/// `not_affected` and a justification, or `fixed`) or CycloneDX VEX (`vulnerabilities[]` whose
/// `analysis.state` is `not_affected`, `resolved` or `false_positive`). Statements with other statuses
/// (`affected`, `under_investigation`, `exploitable`, `in_triage`) suppress nothing.
public struct VEXStatement: Sendable, Hashable, Codable {
    /// The vulnerability id and its aliases as the statement names them.
    public var vulnerabilities: [String]
    /// Product identifiers: purls, or CycloneDX bom-refs / BOM-links; empty means every product.
    public var products: [String]
    /// `not_affected`, `fixed`, `resolved`, `false_positive`.
    public var status: String
    public var justification: String?
    /// The file the statement came from.
    public var document: String

    /// Whether this statement suppresses `finding`: it names one of the finding's ids, and the package's
    /// purl (compared without qualifiers; a version-less purl names every version) or its reference.
    public func covers(_ finding: VulnerabilityFinding) -> Bool {
        guard vulnerabilities.contains(where: finding.allIDs.contains) else { return false }
        if products.isEmpty { return true }
        return products.contains { Self.product($0, names: finding.package) }
    }

    static func product(_ identifier: String, names package: ScannedPackage) -> Bool {
        if identifier == package.reference { return true }
        if let hash = identifier.lastIndex(of: "#"), identifier.hasPrefix("urn:cdx:"), String(identifier[identifier.index(after: hash)...]) == package.reference { return true }
        guard identifier.hasPrefix("pkg:"), let purl = package.purl else { return false }
        func strip(_ text: String) -> String { String(text.split(separator: "?", maxSplits: 1)[0].split(separator: "#", maxSplits: 1)[0]) }
        let wanted = strip(identifier).lowercased(), have = strip(purl).lowercased()
        if wanted == have { return true }
        // A purl without a version names the package in every version.
        return !wanted.contains("@") && have.hasPrefix(wanted + "@")
    }

    /// The largest VEX document read.
    public static let maximumVEXBytes = 64 << 20

    /// The suppressing statements of one VEX file (at most `maximumVEXBytes`).
    public static func read(path: String, maximumVEXBytes: Int = maximumVEXBytes) throws(VouchError) -> [VEXStatement] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VouchError(FileManager.default.fileExists(atPath: path) ? .ioFailure : .fileNotFound, "could not read the VEX document", path: path)
        }
        guard data.count <= maximumVEXBytes else {
            throw VouchError.limitExceeded("maximumVEXBytes", limit: Int64(maximumVEXBytes), found: Int64(data.count), path: path, what: "VEX document size")
        }
        let root = try JSONNode(parsing: [UInt8](data), path: path)
        if let statements = root["statements"]?.array {
            return statements.compactMap { statement in
                guard let status = statement["status"]?.string, status == "not_affected" || status == "fixed" else { return nil }
                let vulnerability = statement["vulnerability"]
                var ids = [vulnerability?["name"]?.string, vulnerability?["@id"]?.string, vulnerability?.string].compactMap { $0 }
                ids += (vulnerability?["aliases"]?.array ?? []).compactMap(\.string)
                var products: [String] = []
                for product in statement["products"]?.array ?? [] {
                    products += [product.string, product["@id"]?.string, product["identifiers"]?["purl"]?.string].compactMap { $0 }
                    for sub in product["subcomponents"]?.array ?? [] {
                        products += [sub.string, sub["@id"]?.string, sub["identifiers"]?["purl"]?.string].compactMap { $0 }
                    }
                }
                // A product with subcomponents is the image: the subcomponents say which packages.
                let hasSubcomponents = (statement["products"]?.array ?? []).contains { !($0["subcomponents"]?.array ?? []).isEmpty }
                if hasSubcomponents {
                    products = (statement["products"]?.array ?? []).flatMap { product in
                        (product["subcomponents"]?.array ?? []).flatMap { sub in [sub.string, sub["@id"]?.string, sub["identifiers"]?["purl"]?.string].compactMap { $0 } }
                    }
                }
                return VEXStatement(vulnerabilities: ids, products: products, status: status, justification: statement["justification"]?.string, document: path)
            }
        }
        if root["bomFormat"]?.string == "CycloneDX" {
            return (root["vulnerabilities"]?.array ?? []).compactMap { vulnerability in
                guard let state = vulnerability["analysis"]?["state"]?.string, ["not_affected", "resolved", "false_positive"].contains(state),
                      let id = vulnerability["id"]?.string else { return nil }
                let ids = [id] + (vulnerability["references"]?.array ?? []).compactMap { $0["id"]?.string }
                let products = (vulnerability["affects"]?.array ?? []).compactMap { $0["ref"]?.string }
                return VEXStatement(vulnerabilities: ids, products: products, status: state,
                                    justification: vulnerability["analysis"]?["justification"]?.string, document: path)
            }
        }
        throw VouchError(.unsupportedInput, "neither an OpenVEX document (statements) nor a CycloneDX BOM with vulnerabilities", path: path)
    }
}
