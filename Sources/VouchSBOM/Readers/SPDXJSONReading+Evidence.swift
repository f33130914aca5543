import Foundation
import VouchCore

/// The fields the auditor's tools read from an SPDX 2.3 JSON document (`creationInfo`, package
/// `supplier`/`originator`/`checksums`/licenses/`copyrightText`/`externalRefs`), beside the model.
extension SPDXJSONReading {
    func info() -> SBOMDocumentInfo {
        let version = root["spdxVersion"]?.string ?? ""
        var info = SBOMDocumentInfo(format: .spdx, specVersion: version.hasPrefix("SPDX-") ? String(version.dropFirst(5)) : version, encoding: "json")
        info.namespace = root["documentNamespace"]?.string
        let creation = root["creationInfo"]
        for creator in (creation?["creators"]?.array ?? []).compactMap(\.string) {
            let party = SBOMParty(spdx: creator)
            if party.kind == .tool, let name = party.name { info.tools.append(SBOMTool(spdx: name)) } else { info.authors.append(party) }
        }
        info.timestamp = creation?["created"]?.string
        info.creationComment = creation?["comment"]?.string
        info.dataLicense = root["dataLicense"]?.string
        let packages = root["packages"]?.array ?? []
        let packageIDs = Set(packages.compactMap { $0["SPDXID"]?.string })
        var described = (root["documentDescribes"]?.array ?? []).compactMap(\.string)
        for relationship in root["relationships"]?.array ?? [] {
            guard let element = relationship["spdxElementId"]?.string, let related = relationship["relatedSpdxElement"]?.string else { continue }
            switch relationship["relationshipType"]?.string {
            case "DESCRIBES" where element == "SPDXRef-DOCUMENT":
                described.append(related)
                if packageIDs.contains(related) { info.hasRelationships = true }
            case "DESCRIBED_BY" where related == "SPDXRef-DOCUMENT":
                described.append(element)
                if packageIDs.contains(element) { info.hasRelationships = true }
            case "DEPENDS_ON", "CONTAINS":
                info.hasRelationships = true
                info.elementsWithDependencyStatement.insert(element)
            case "DEPENDENCY_OF", "CONTAINED_BY":
                info.hasRelationships = true
                info.elementsWithDependencyStatement.insert(related)
            default: break
            }
        }
        if let first = described.first, let node = packages.first(where: { $0["SPDXID"]?.string == first }), let name = node["name"]?.string,
           // document() has read this node strictly already; a failure there is the document's error.
           var primary = try? package(node, name: name, spdxID: first) {
            primary.evidence = Self.evidence(node)
            info.primary = primary
            info.supplier = primary.evidence?.supplier
        }
        // What document() leaves out as not a package (trivy's operating system and scanned filesystem).
        for node in packages {
            guard let id = node["SPDXID"]?.string, id != described.first, let name = node["name"]?.string,
                  let purpose = node["primaryPackagePurpose"]?.string, ["OPERATING-SYSTEM", "SOURCE", "FILE"].contains(purpose) else { continue }
            if let other = try? package(node, name: name, spdxID: id) { info.otherComponents.append(other) }
        }
        return info
    }

    static func evidence(_ node: JSONNode) -> ComponentEvidence {
        var evidence = ComponentEvidence(elementID: node["SPDXID"]?.string)
        evidence.supplier = node["supplier"]?.string.map(SBOMParty.init(spdx:))
        if let originator = node["originator"]?.string { evidence.producers.append(SBOMParty(spdx: originator)) }
        evidence.hashes = (node["checksums"]?.array ?? []).compactMap { checksum in
            guard let algorithm = checksum["algorithm"]?.string, let value = checksum["checksumValue"]?.string else { return nil }
            return ComponentHash(algorithm: ComponentHash.normalizedAlgorithm(algorithm), value: value)
        }
        evidence.declaredLicense = node["licenseDeclared"]?.string
        evidence.concludedLicense = node["licenseConcluded"]?.string
        evidence.copyright = node["copyrightText"]?.string
        for reference in node["externalRefs"]?.array ?? [] {
            guard let locator = reference["referenceLocator"]?.string else { continue }
            switch reference["referenceType"]?.string {
            case "cpe22Type", "cpe23Type": evidence.cpes.append(locator)
            case "swid", "swh", "gitoid": evidence.otherIdentifiers.append(locator)
            default: break
            }
        }
        evidence.purpose = node["primaryPackagePurpose"]?.string
        evidence.sourceCode = node["sourceInfo"]?.string
        evidence.downloadLocation = node["downloadLocation"]?.string
        return evidence
    }
}
