import Foundation
import VouchCore

/// SPDX 2.3 JSON (SPDX 2.3 Annex, `spdx-schema.json`) into the model: the package the document
/// `DESCRIBES` is the source, every other package a package, `CONTAINS` between packages the nesting and
/// `DEPENDS_ON` the edges.
struct SPDXJSONReading {
    let root: JSONNode
    let path: String

    func document() throws(VouchError) -> SBOMDocument {
        let nodes = root["packages"]?.array ?? []
        try SBOMReader.checkCount(nodes.count, path: path)
        var described: Set<String> = Set((root["documentDescribes"]?.array ?? []).compactMap(\.string))
        var contains: [(String, String)] = []
        var depends: [(String, String)] = []
        for relationship in root["relationships"]?.array ?? [] {
            guard let element = relationship["spdxElementId"]?.string, let related = relationship["relatedSpdxElement"]?.string,
                  let type = relationship["relationshipType"]?.string else { continue }
            switch type {
            case "DESCRIBES" where element == "SPDXRef-DOCUMENT": described.insert(related)
            case "CONTAINS": contains.append((element, related))
            case "DEPENDS_ON": depends.append((element, related))
            case "DEPENDENCY_OF": depends.append((related, element))
            default: break
            }
        }
        var source = SBOMSource(kind: .directory, name: root["name"]?.string ?? path)
        var idsBySPDXID: [String: String] = [:]
        var packages: [SBOMPackage] = []
        var usedIDs: Set<String> = []
        // A single described package that has no purl is the source (Vouch's and syft's root); a described
        // package with a purl is itself an installed package (a PEP 770 document about one distribution).
        let roots = described.filter { id in
            nodes.first { $0["SPDXID"]?.string == id }.map { Self.purl($0) == nil } ?? false
        }
        var distro: String?
        for node in nodes {
            guard let spdxID = node["SPDXID"]?.string, let name = node["name"]?.string else { continue }
            // trivy's operating system, scanned filesystem and similar elements are not packages; the
            // operating system names the distribution.
            if let purpose = node["primaryPackagePurpose"]?.string, ["OPERATING-SYSTEM", "SOURCE", "FILE"].contains(purpose), !roots.contains(spdxID) {
                if purpose == "OPERATING-SYSTEM", let version = node["versionInfo"]?.string { distro = "\(name)-\(version)" }
                continue
            }
            if roots.contains(spdxID) {
                source.name = name
                if node["primaryPackagePurpose"]?.string == "CONTAINER" {
                    source.kind = .image
                    source.digest = node["versionInfo"]?.string
                }
                continue
            }
            var package = package(node, name: name, spdxID: spdxID)
            var id = package.id
            var copy = 1
            while usedIDs.contains(id) { copy += 1; id = "\(package.id)#\(copy)" }
            package.id = id
            usedIDs.insert(id)
            idsBySPDXID[spdxID] = id
            packages.append(package)
        }
        for (parent, child) in contains {
            guard let parentID = idsBySPDXID[parent], let childID = idsBySPDXID[child],
                  let index = packages.firstIndex(where: { $0.id == childID }) else { continue }
            packages[index].parentID = parentID
            if packages[index].containment == .installed { packages[index].containment = packages[index].ecosystem == .python ? .vendored : .declared }
        }
        if let distro {
            for index in packages.indices where packages[index].ecosystem == .debian && packages[index].distro == nil { packages[index].distro = distro }
        }
        let edges = depends.compactMap { from, to in
            idsBySPDXID[from].flatMap { a in idsBySPDXID[to].map { DependencyEdge(from: a, to: $0) } }
        }
        let created = root["creationInfo"]?["created"]?.string.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date(timeIntervalSince1970: 0)
        return SBOMDocument(source: source, packages: packages.sorted { $0.id < $1.id }, dependencies: edges.sorted(),
                            unsatisfied: [], created: created, includesFiles: false)
    }

    static func purl(_ node: JSONNode) -> String? {
        for reference in node["externalRefs"]?.array ?? [] where reference["referenceType"]?.string == "purl" {
            if let locator = reference["referenceLocator"]?.string { return locator }
        }
        return nil
    }

    private func package(_ node: JSONNode, name: String, spdxID: String) -> SBOMPackage {
        let version = node["versionInfo"]?.string ?? ""
        let purlText = Self.purl(node)
        let purl = purlText.flatMap(SBOMReader.ParsedPURL.init)
        let comment = node["comment"]?.string ?? ""
        var notes: [String: String] = [:]
        for line in comment.split(separator: "\n") {
            for key in ["source package: ", "source version: ", "distro: "] where line.hasPrefix(key) { notes[key] = String(line.dropFirst(key.count)) }
        }
        var ecosystem = SBOMReader.ecosystem(purl: purl, location: nil)
        if purl == nil {
            // No purl: Vouch's own ids say the ecosystem (`SPDXRef-Package-python-...`), trivy's sourceInfo a Debian package.
            if spdxID.hasPrefix("SPDXRef-Package-python-") { ecosystem = .python }
            if spdxID.hasPrefix("SPDXRef-Package-deb-") || node["sourceInfo"]?.string?.hasPrefix("built package from: ") == true { ecosystem = .debian }
            // The ids the readers give (`debian:<name>@<version>`), once written by Vouch: the ecosystem survives a second round trip.
            if spdxID.hasPrefix("SPDXRef-Package-debian-") { ecosystem = .debian }
            if spdxID.hasPrefix("SPDXRef-Package-swift-") { ecosystem = .swift }
        }
        let declared = node["licenseDeclared"]?.string
        let license = declared.map { $0 == "NOASSERTION" || $0 == "NONE" ? PackageLicense.noAssertion : PackageLicense(expression: $0, source: .embeddedSBOM) }
            ?? .noAssertion
        var package = SBOMPackage(
            id: "\(ecosystem.rawValue):\(name)@\(version)", ecosystem: ecosystem, name: name, version: version, purl: purlText,
            license: license, summary: node["summary"]?.string, homepage: node["homepage"]?.string, location: path)
        package.architecture = purl?.qualifiers["arch"]
        if ecosystem == .debian {
            let fromPURL = SBOMReader.debianSource(purl)
            // trivy: "built package from: openssl 1.1.1n-0+deb11u4".
            var fromInfo: (String, String)?
            if let info = node["sourceInfo"]?.string, info.hasPrefix("built package from: ") {
                let words = info.dropFirst("built package from: ".count).split(separator: " ")
                if words.count == 2 { fromInfo = (String(words[0]), String(words[1])) }
            }
            package.sourcePackage = notes["source package: "] ?? fromInfo?.0 ?? fromPURL.name ?? name
            package.sourceVersion = notes["source version: "] ?? fromPURL.version ?? fromInfo.flatMap { $0.1 == version ? nil : $0.1 }
            package.distro = notes["distro: "] ?? fromPURL.distro
        }
        return package
    }
}
