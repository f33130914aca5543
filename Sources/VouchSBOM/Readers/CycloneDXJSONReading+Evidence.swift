import Foundation
import VouchCore

/// The fields the auditor's tools read from a CycloneDX JSON BOM (CycloneDX 1.4-1.7 `metadata`,
/// `components[]`, `dependencies[]`, `compositions[]`, `signature`), beside the model the reader builds.
extension CycloneDXJSONReading {
    func info() -> SBOMDocumentInfo {
        var info = SBOMDocumentInfo(format: .cycloneDX, specVersion: root["specVersion"]?.string ?? "", encoding: "json")
        info.namespace = root["serialNumber"]?.string
        info.documentVersion = root["version"]?.number.map { Int($0) }
        let metadata = root["metadata"]
        info.authors = (metadata?["authors"]?.array ?? []).compactMap { Self.contact($0) }
        // `manufacture` (1.5, deprecated) and `manufacturer` (1.6+): the organization that made the BOM.
        for key in ["manufacturer", "manufacture"] {
            if let entity = metadata?[key].flatMap(Self.entity) { info.authors.append(entity) }
        }
        info.supplier = metadata?["supplier"].flatMap(Self.entity)
        info.tools = Self.tools(metadata?["tools"])
        info.timestamp = metadata?["timestamp"]?.string
        info.lifecycles = (metadata?["lifecycles"]?.array ?? []).compactMap { $0["phase"]?.string ?? $0["name"]?.string }
        info.dataLicense = (metadata?["licenses"]?.array ?? []).first.flatMap { $0["expression"]?.string ?? $0["license"]?["id"]?.string ?? $0["license"]?["name"]?.string }
        info.signed = root["signature"].map { $0.kind == .object || $0.kind == .array } ?? false
        info.compositions = (root["compositions"]?.array ?? []).map { composition in
            SBOMComposition(aggregate: composition["aggregate"]?.string ?? "",
                            assemblies: (composition["assemblies"]?.array ?? []).compactMap(\.string),
                            dependencies: (composition["dependencies"]?.array ?? []).compactMap(\.string))
        }
        if let component = metadata?["component"], let name = component["name"]?.string {
            // document() has read this node strictly already; a failure there is the document's error.
            info.primary = try? package(component, name: name)
        }
        // What document() leaves out as not a package (trivy's operating system, files, containers, data).
        var pending = root["components"]?.array ?? []
        while let node = pending.popLast() {
            pending += node["components"]?.array ?? []
            if let type = node["type"]?.string, ["operating-system", "file", "container", "data"].contains(type), let name = node["name"]?.string {
                if let other = try? package(node, name: name) { info.otherComponents.append(other) }
            }
        }
        let dependencies = root["dependencies"]?.array ?? []
        info.hasRelationships = !dependencies.isEmpty
        var componentRefs: Set<String> = []
        var nested = root["components"]?.array ?? []
        while let node = nested.popLast() {
            nested += node["components"]?.array ?? []
            if let ref = node["bom-ref"]?.string { componentRefs.insert(ref) }
        }
        for dependency in dependencies {
            guard let ref = dependency["ref"]?.string else { continue }
            info.elementsWithDependencyStatement.insert(ref)
            let dependsOn = dependency["dependsOn"]?.array ?? []
            if !dependsOn.isEmpty { info.hasDependencyEdges = true; info.elementsWithDependsOn.insert(ref) }
            if dependsOn.contains(where: { $0.string.map { !componentRefs.contains($0) } ?? true }) {
                info.elementsWithUnresolvedDependencies.insert(ref)
            }
        }
        return info
    }

    static func evidence(_ node: JSONNode) -> ComponentEvidence {
        var evidence = ComponentEvidence(elementID: node["bom-ref"]?.string)
        evidence.supplier = node["supplier"].flatMap(entity)
        if let manufacturer = node["manufacturer"].flatMap(entity) { evidence.producers.append(manufacturer) }
        evidence.producers += (node["authors"]?.array ?? []).compactMap { contact($0) }
        if let author = node["author"]?.string { evidence.producers.append(SBOMParty(kind: .unknown, name: author)) }
        evidence.hashes = (node["hashes"]?.array ?? []).compactMap { hash in
            guard let algorithm = hash["alg"]?.string, let value = hash["content"]?.string else { return nil }
            return ComponentHash(algorithm: algorithm, value: value)
        }
        var declared: [String] = []
        var concluded: [String] = []
        for choice in node["licenses"]?.array ?? [] {
            let text = choice["expression"]?.string ?? choice["license"]?["id"]?.string ?? choice["license"]?["name"]?.string
            guard let text else { continue }
            let acknowledgement = choice["acknowledgement"]?.string ?? choice["license"]?["acknowledgement"]?.string
            if acknowledgement == "concluded" { concluded.append(text) } else { declared.append(text) }
        }
        evidence.declaredLicense = declared.isEmpty ? nil : declared.joined(separator: " AND ")
        evidence.concludedLicense = concluded.isEmpty ? nil : concluded.joined(separator: " AND ")
        evidence.copyright = node["copyright"]?.string
        if let cpe = node["cpe"]?.string { evidence.cpes.append(cpe) }
        if let tag = node["swid"]?["tagId"]?.string { evidence.otherIdentifiers.append(tag) }
        for key in ["omniborId", "swhid"] { evidence.otherIdentifiers += (node[key]?.array ?? []).compactMap(\.string) }
        evidence.purpose = node["type"]?.string
        for reference in node["externalReferences"]?.array ?? [] {
            if ["distribution", "distribution-intake"].contains(reference["type"]?.string) {
                evidence.distributionHashes += (reference["hashes"]?.array ?? []).compactMap { hash in
                    guard let algorithm = hash["alg"]?.string, let value = hash["content"]?.string else { return nil }
                    return ComponentHash(algorithm: algorithm, value: value)
                }
            }
            guard let url = reference["url"]?.string else { continue }
            switch reference["type"]?.string {
            case "vcs": evidence.sourceCode = evidence.sourceCode ?? url
            case "distribution": evidence.downloadLocation = evidence.downloadLocation ?? url
            default: break
            }
        }
        evidence.properties = (try? Self.properties(node)) ?? [:]
        return evidence
    }

    /// An `organizationalEntity`: name, `url[]`, `contact[]`.
    static func entity(_ node: JSONNode) -> SBOMParty? {
        guard node.kind == .object else { return nil }
        let contact = node["contact"]?.array?.first
        return SBOMParty(kind: .organization, name: node["name"]?.string ?? contact?["name"]?.string,
                         email: contact?["email"]?.string, url: node["url"]?.array?.first?.string)
    }

    /// An `organizationalContact`: name, email.
    static func contact(_ node: JSONNode) -> SBOMParty? {
        guard node.kind == .object else { return nil }
        return SBOMParty(kind: .person, name: node["name"]?.string, email: node["email"]?.string)
    }

    /// `metadata.tools`: an array of tools (1.4, deprecated later) or `{components, services}` (1.5+).
    static func tools(_ node: JSONNode?) -> [SBOMTool] {
        guard let node else { return [] }
        let items = node.array ?? ((node["components"]?.array ?? []) + (node["services"]?.array ?? []))
        return items.compactMap { item in item["name"]?.string.map { SBOMTool(name: $0, version: item["version"]?.string) } }
    }
}
