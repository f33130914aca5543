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
        let topLevel = try root.optionalArray("components")
        var pending: [(node: JSONNode, parent: String?)] = topLevel.map { ($0, nil) }
        var index = 0
        while index < pending.count {
            let (node, parent) = pending[index]
            index += 1
            try SBOMReader.checkCount(pending.count, path: path)
            let name = try node.string("name")
            // The operating system, a file, the container itself and data are not packages; what they
            // nest still is (a gate must not lose a library because it sits under a `container`).
            if let type = try node.optionalString("type"), ["operating-system", "file", "container", "data"].contains(type) {
                pending += try node.optionalArray("components").map { ($0, parent) }
                continue
            }
            var package = try package(node, name: name)
            package.parentID = parent
            if package.parentID != nil, package.containment == .installed { package.containment = .declared }
            var id = package.id
            var copy = 1
            while usedIDs.contains(id) { copy += 1; id = "\(package.id)#\(copy)" }
            package.id = id
            usedIDs.insert(id)
            if let ref = try node.optionalString("bom-ref") { idsByRef[ref] = id }
            packages.append(package)
            pending += try node.optionalArray("components").map { ($0, id) }
        }
        var edges: [DependencyEdge] = []
        for dependency in try root.optionalArray("dependencies") {
            guard let from = idsByRef[try dependency.string("ref")] else { continue }
            for target in try dependency.optionalArray("dependsOn") {
                if let to = idsByRef[try target.stringValue()] { edges.append(DependencyEdge(from: from, to: to)) }
            }
        }
        let metadata = try root.optionalMember("metadata")
        let component = try metadata?.optionalMember("component")
        let properties = try Self.properties(component)
        let componentType = try component?.optionalString("type")
        let kind = properties["vouch:source-kind"].flatMap(SBOMSource.Kind.init(rawValue:))
            ?? (componentType == "container" ? .image : .directory)
        var source = SBOMSource(kind: kind, name: try component?.optionalString("name") ?? path)
        source.version = try component?.optionalString("version")
        source.purl = try component?.optionalString("purl")
        if kind == .image {
            // The manifest digest is the SHA-256 hash; the version may be `--subject-version`'s.
            var hash: String?
            for entry in try component?.optionalArray("hashes") ?? [] {
                guard try entry.optionalString("alg") == "SHA-256" else { continue }
                hash = try entry.optionalString("content")
                break
            }
            source.digest = hash.map { "sha256:" + $0 } ?? source.version
        }
        source.interpreter = properties["vouch:python-interpreter"]
        // trivy names the distribution in an operating-system component.
        var os: JSONNode?
        for candidate in topLevel {
            guard try candidate.optionalString("type") == "operating-system" else { continue }
            os = candidate
            break
        }
        if let os, let version = try os.optionalString("version") {
            let family = try os.string("name")
            for index in packages.indices where packages[index].ecosystem == .debian && packages[index].distro == nil {
                packages[index].distro = "\(family)-\(version)"
            }
        }
        let timestamp = try metadata?.optionalString("timestamp").flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date(timeIntervalSince1970: 0)
        var document = SBOMDocument(source: source, packages: packages.sorted { $0.id < $1.id }, dependencies: edges.sorted(),
                                    unsatisfied: [], created: timestamp, includesFiles: false)
        document.info = info()
        return document
    }

    /// `properties[]` by name (the first of a repeated name); a property without a value is left out.
    static func properties(_ node: JSONNode?) throws(VouchError) -> [String: String] {
        var out: [String: String] = [:]
        for property in try node?.optionalArray("properties") ?? [] {
            let name = try property.string("name")
            if let value = try property.optionalString("value"), out[name] == nil { out[name] = value }
        }
        return out
    }

    func package(_ node: JSONNode, name: String) throws(VouchError) -> SBOMPackage {
        let properties = try Self.properties(node)
        let version = try node.optionalString("version") ?? ""
        let purlText = try node.optionalString("purl")
        let purl = purlText.flatMap(SBOMReader.ParsedPURL.init)
        let location = properties["vouch:location"]
        var ecosystem = SBOMReader.ecosystem(purl: purl, location: location)
        if purl == nil, properties["aquasecurity:trivy:PkgType"] == "debian" { ecosystem = .debian }
        // No purl and no telling location (a document Vouch wrote from an SBOM it read): Vouch's own
        // bom-ref `<ecosystem>:<name>@<version>` says the ecosystem, as SPDX ids do in SPDXJSONReading; a
        // second package of the same id read from another document carries the readers' copy suffix `#N`.
        if purl == nil, ecosystem == .embedded, let reference = try node.optionalString("bom-ref"),
           let named = [PackageEcosystem.python, .debian, .swift].first(where: { Self.isVouchReference(reference, "\($0.rawValue):\(name)@\(version)") }) {
            ecosystem = named
        }
        let licenseSource = properties["vouch:license-source"].flatMap(PackageLicense.Source.init(rawValue:)) ?? .embeddedSBOM
        let licenses = try Self.licenses(node, source: licenseSource)
        var package = SBOMPackage(
            id: try node.optionalString("bom-ref") ?? "\(ecosystem.rawValue):\(name)@\(version)", ecosystem: ecosystem, name: name,
            version: version, purl: purlText, license: licenses.declared, summary: try node.optionalString("description"),
            location: location ?? path)
        package.concludedLicense = licenses.concluded
        package.evidence = Self.evidence(node)
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

    /// `licenses[]`, split by CycloneDX 1.6's `acknowledgement`: the choices marked `concluded` give the
    /// concluded license, the rest (marked `declared`, or unmarked as before 1.6) the declared one.
    /// `reference` is Vouch's id `base`, or `base#N` (N >= 2: the copy suffix ``SPDXJSONReading`` gives a
    /// repeated id).
    static func isVouchReference(_ reference: String, _ base: String) -> Bool {
        guard reference.hasPrefix(base) else { return false }
        let rest = reference.dropFirst(base.count)
        guard !rest.isEmpty else { return true }
        guard rest.first == "#", let copy = Int(rest.dropFirst()), copy >= 2, String(copy) == rest.dropFirst() else { return false }
        return true
    }

    private static func licenses(_ node: JSONNode, source: PackageLicense.Source) throws(VouchError) -> (declared: PackageLicense, concluded: PackageLicense?) {
        var declared: [JSONNode] = []
        var concluded: [JSONNode] = []
        for choice in try node.optionalArray("licenses") {
            var acknowledgement = try choice.optionalString("acknowledgement")
            if acknowledgement == nil { acknowledgement = try choice.optionalMember("license")?.optionalString("acknowledgement") }
            if acknowledgement == "concluded" { concluded.append(choice) } else { declared.append(choice) }
        }
        let concludedLicense = try license(concluded, source: source)
        return (try license(declared, source: source), concludedLicense == .noAssertion ? nil : concludedLicense)
    }

    /// One `expression`, or `license.id`s joined with AND; a named license (CycloneDX has no LicenseRef ids)
    /// is kept as a LicenseRef with its name and text.
    private static func license(_ choices: [JSONNode], source: PackageLicense.Source) throws(VouchError) -> PackageLicense {
        var ids: [String] = []
        for choice in choices {
            if let expression = try choice.optionalString("expression") { return PackageLicense(expression: expression, source: source) }
            guard let license = try choice.optionalMember("license") else { continue }
            if let id = try license.optionalString("id") { ids.append(id); continue }
            if let licenseName = try license.optionalString("name") {
                let id = "LicenseRef-" + SPDXExpression.idString(licenseName)
                let text = try license.optionalMember("text")?.optionalString("content") ?? licenseName
                return PackageLicense(expression: id, references: [LicenseReference(id: id, name: licenseName, text: text)], source: source)
            }
        }
        guard !ids.isEmpty else { return .noAssertion }
        return PackageLicense(expression: ids.count == 1 ? ids[0] : ids.joined(separator: " AND "), source: source)
    }
}
