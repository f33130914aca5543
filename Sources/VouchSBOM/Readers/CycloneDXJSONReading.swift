import Foundation
import VouchCore

/// CycloneDX 1.4-1.6 JSON (`bom-1.x.schema.json`) into the model: `metadata.component` is the source,
/// `components[]` (nested ones with their parent) the packages, `dependencies[]` the edges.
struct CycloneDXJSONReading {
    let root: JSONNode
    let path: String

    func document() throws(VouchError) -> SBOMDocument {
        var packages: [SBOMPackage] = []
        var idsByRef: [String: String] = [:]
        var usedIDs: Set<String> = []
        var pending: [(node: JSONNode, parent: String?)] = (root["components"]?.array ?? []).map { ($0, nil) }
        var index = 0
        while index < pending.count {
            let (node, parent) = pending[index]
            index += 1
            try SBOMReader.checkCount(pending.count, path: path)
            guard let name = node["name"]?.string else { continue }
            if let type = node["type"]?.string, ["operating-system", "file", "container", "data"].contains(type) { continue }
            var package = package(node, name: name)
            package.parentID = parent
            if package.parentID != nil, package.containment == .installed { package.containment = .declared }
            var id = package.id
            var copy = 1
            while usedIDs.contains(id) { copy += 1; id = "\(package.id)#\(copy)" }
            package.id = id
            usedIDs.insert(id)
            if let ref = node["bom-ref"]?.string { idsByRef[ref] = id }
            packages.append(package)
            pending += (node["components"]?.array ?? []).map { ($0, id) }
        }
        var edges: [DependencyEdge] = []
        for dependency in root["dependencies"]?.array ?? [] {
            guard let ref = dependency["ref"]?.string, let from = idsByRef[ref] else { continue }
            for target in dependency["dependsOn"]?.array ?? [] {
                if let to = target.string.flatMap({ idsByRef[$0] }) { edges.append(DependencyEdge(from: from, to: to)) }
            }
        }
        let metadata = root["metadata"]
        let component = metadata?["component"]
        let properties = Self.properties(component)
        let kind = properties["vouch:source-kind"].flatMap(SBOMSource.Kind.init(rawValue:))
            ?? (component?["type"]?.string == "container" ? .image : .directory)
        var source = SBOMSource(kind: kind, name: component?["name"]?.string ?? path)
        if kind == .image { source.digest = component?["version"]?.string }
        source.interpreter = properties["vouch:python-interpreter"]
        // trivy names the distribution in an operating-system component.
        let os = (root["components"]?.array ?? []).first { $0["type"]?.string == "operating-system" }
        if let os, let family = os["name"]?.string, let version = os["version"]?.string {
            for index in packages.indices where packages[index].ecosystem == .debian && packages[index].distro == nil {
                packages[index].distro = "\(family)-\(version)"
            }
        }
        let timestamp = metadata?["timestamp"]?.string.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date(timeIntervalSince1970: 0)
        return SBOMDocument(source: source, packages: packages.sorted { $0.id < $1.id }, dependencies: edges.sorted(),
                            unsatisfied: [], created: timestamp, includesFiles: false)
    }

    static func properties(_ node: JSONNode?) -> [String: String] {
        var out: [String: String] = [:]
        for property in node?["properties"]?.array ?? [] {
            if let name = property["name"]?.string, let value = property["value"]?.string, out[name] == nil { out[name] = value }
        }
        return out
    }

    private func package(_ node: JSONNode, name: String) -> SBOMPackage {
        let properties = Self.properties(node)
        let version = node["version"]?.string ?? ""
        let purlText = node["purl"]?.string
        let purl = purlText.flatMap(SBOMReader.ParsedPURL.init)
        let location = properties["vouch:location"]
        var ecosystem = SBOMReader.ecosystem(purl: purl, location: location)
        if purl == nil, properties["aquasecurity:trivy:PkgType"] == "debian" { ecosystem = .debian }
        // No purl and no telling location (a document Vouch wrote from an SBOM it read): Vouch's own
        // bom-ref `<ecosystem>:<name>@<version>` says the ecosystem, as SPDX ids do in SPDXJSONReading.
        if purl == nil, ecosystem == .embedded, let reference = node["bom-ref"]?.string,
           let named = [PackageEcosystem.python, .debian, .swift].first(where: { reference == "\($0.rawValue):\(name)@\(version)" }) {
            ecosystem = named
        }
        var package = SBOMPackage(
            id: node["bom-ref"]?.string ?? "\(ecosystem.rawValue):\(name)@\(version)", ecosystem: ecosystem, name: name, version: version,
            purl: purlText, license: license(node, source: properties["vouch:license-source"].flatMap(PackageLicense.Source.init(rawValue:)) ?? .embeddedSBOM), summary: node["description"]?.string, location: location ?? path)
        if let containment = properties["vouch:containment"].flatMap(SBOMPackage.Containment.init(rawValue:)) { package.containment = containment }
        package.architecture = properties["vouch:architecture"] ?? purl?.qualifiers["arch"]
        if ecosystem == .debian {
            let fromPURL = SBOMReader.debianSource(purl)
            package.sourcePackage = properties["vouch:source-package"] ?? properties["syft:metadata:source"]
                ?? properties["aquasecurity:trivy:SrcName"] ?? fromPURL.name ?? name
            package.sourceVersion = properties["vouch:source-version"] ?? properties["syft:metadata:sourceVersion"].flatMap { $0.isEmpty ? nil : $0 }
                ?? Self.trivySourceVersion(properties) ?? fromPURL.version
            package.distro = properties["vouch:distro"] ?? fromPURL.distro
        }
        return package
    }

    /// trivy splits the source version into `SrcEpoch`, `SrcVersion` and `SrcRelease`.
    static func trivySourceVersion(_ properties: [String: String]) -> String? {
        guard let version = properties["aquasecurity:trivy:SrcVersion"], !version.isEmpty else { return nil }
        var text = version
        if let epoch = properties["aquasecurity:trivy:SrcEpoch"], epoch != "0", !epoch.isEmpty { text = "\(epoch):\(text)" }
        if let release = properties["aquasecurity:trivy:SrcRelease"], !release.isEmpty { text += "-\(release)" }
        return text
    }

    /// `licenses[]`: one `expression`, or `license.id`s joined with AND (names become no assertion).
    private func license(_ node: JSONNode, source: PackageLicense.Source) -> PackageLicense {
        var ids: [String] = []
        for choice in node["licenses"]?.array ?? [] {
            if let expression = choice["expression"]?.string { return PackageLicense(expression: expression, source: source) }
            if let id = choice["license"]?["id"]?.string { ids.append(id) }
            // A named license (CycloneDX has no LicenseRef ids): kept as a LicenseRef with its name and text.
            if let licenseName = choice["license"]?["name"]?.string {
                let id = "LicenseRef-" + SPDXExpression.idString(licenseName)
                let text = choice["license"]?["text"]?["content"]?.string ?? licenseName
                return PackageLicense(expression: id, references: [LicenseReference(id: id, name: licenseName, text: text)], source: source)
            }
        }
        guard !ids.isEmpty else { return .noAssertion }
        return PackageLicense(expression: ids.count == 1 ? ids[0] : ids.joined(separator: " AND "), source: source)
    }
}
