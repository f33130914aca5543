import Foundation
import VouchCore

/// SPDX 2.3 JSON (SPDX 2.3 Annex, `spdx-schema.json`) into the model: the package the document
/// `DESCRIBES` is the source, every other package a package, `CONTAINS` between packages the nesting and
/// `DEPENDS_ON` the edges.
///
/// Typed access throughout: a member the reader uses that holds the wrong type is an error naming its
/// JSON path (`$.packages[1].name: expected a string, found a number`), never read as absent, so a gate
/// judging an attested SBOM cannot be shown a package with no name or a license it cannot see.
struct SPDXJSONReading {
    let root: JSONNode
    let path: String

    func document() throws(VouchError) -> SBOMDocument {
        let nodes = try root.optionalArray("packages")
        try SBOMReader.checkCount(nodes.count, path: path)
        var described = Set<String>()
        for id in try root.optionalArray("documentDescribes") { described.insert(try id.stringValue()) }
        var contains: [(String, String)] = []
        var depends: [(String, String)] = []
        for relationship in try root.optionalArray("relationships") {
            guard let element = try relationship.optionalString("spdxElementId"),
                  let related = try relationship.optionalString("relatedSpdxElement"),
                  let type = try relationship.optionalString("relationshipType") else { continue }
            switch type {
            case "DESCRIBES" where element == "SPDXRef-DOCUMENT": described.insert(related)
            case "CONTAINS": contains.append((element, related))
            case "DEPENDS_ON": depends.append((element, related))
            case "DEPENDENCY_OF": depends.append((related, element))
            default: break
            }
        }
        var source = SBOMSource(kind: .directory, name: try root.optionalString("name") ?? path)
        var idsBySPDXID: [String: String] = [:]
        var packages: [SBOMPackage] = []
        var usedIDs: Set<String> = []
        // A described package that has no purl, or an image's `pkg:oci/` purl, is the source (Vouch's and
        // syft's root); a described package with another purl is itself an installed package (a PEP 770
        // document about one distribution).
        var roots = Set<String>()
        for node in nodes {
            guard let spdxID = try node.optionalString("SPDXID"), described.contains(spdxID) else { continue }
            if let purl = try Self.purl(node), !purl.hasPrefix("pkg:oci/") { continue }
            roots.insert(spdxID)
        }
        var distro: String?
        for node in nodes {
            let name = try node.string("name")
            // SPDX requires an SPDXID; a package without one is still a package (no relationship can name it).
            let spdxID = try node.optionalString("SPDXID")
            let purpose = try node.optionalString("primaryPackagePurpose")
            let isRoot = spdxID.map(roots.contains) ?? false
            // trivy's operating system, scanned filesystem and similar elements are not packages; the
            // operating system names the distribution.
            if let purpose, ["OPERATING-SYSTEM", "SOURCE", "FILE"].contains(purpose), !isRoot {
                if purpose == "OPERATING-SYSTEM", let version = try node.optionalString("versionInfo") { distro = "\(name)-\(version)" }
                continue
            }
            if isRoot {
                source.name = name
                source.purl = try Self.purl(node)
                let version = try node.optionalString("versionInfo")
                source.version = version == "NOASSERTION" ? nil : version
                if purpose == "CONTAINER" {
                    source.kind = .image
                    // The manifest digest is the checksum; the version may be `--subject-version`'s.
                    var checksum: String?
                    for entry in try node.optionalArray("checksums") {
                        guard try entry.optionalString("algorithm") == "SHA256" else { continue }
                        checksum = try entry.optionalString("checksumValue")
                        break
                    }
                    source.digest = checksum.map { "sha256:" + $0 } ?? version
                }
                continue
            }
            var package = try package(node, name: name, spdxID: spdxID ?? "")
            var id = package.id
            var copy = 1
            while usedIDs.contains(id) { copy += 1; id = "\(package.id)#\(copy)" }
            package.id = id
            usedIDs.insert(id)
            if let spdxID { idsBySPDXID[spdxID] = id }
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
        let created = try root.optionalMember("creationInfo")?.optionalString("created").flatMap { ISO8601DateFormatter().date(from: $0) }
            ?? Date(timeIntervalSince1970: 0)
        var document = SBOMDocument(source: source, packages: packages.sorted { $0.id < $1.id }, dependencies: edges.sorted(),
                                    unsatisfied: [], created: created, includesFiles: false)
        document.info = info()
        return document
    }

    /// The package's first `purl` external reference.
    static func purl(_ node: JSONNode) throws(VouchError) -> String? {
        for reference in try node.optionalArray("externalRefs") {
            guard try reference.optionalString("referenceType") == "purl" else { continue }
            return try reference.string("referenceLocator")
        }
        return nil
    }

    /// A `licenseDeclared`/`licenseConcluded` value: NOASSERTION and NONE say nothing about the license.
    private static func license(_ text: String?) -> PackageLicense? {
        guard let text, text != "NOASSERTION", text != "NONE" else { return nil }
        return PackageLicense(expression: text, source: .embeddedSBOM)
    }

    func package(_ node: JSONNode, name: String, spdxID: String) throws(VouchError) -> SBOMPackage {
        let version = try node.optionalString("versionInfo") ?? ""
        let purlText = try Self.purl(node)
        let purl = purlText.flatMap(SBOMReader.ParsedPURL.init)
        let comment = try node.optionalString("comment") ?? ""
        var notes: [String: String] = [:]
        for line in comment.split(separator: "\n") {
            for key in ["source package: ", "source version: ", "distro: "] where line.hasPrefix(key) { notes[key] = String(line.dropFirst(key.count)) }
        }
        let sourceInfo = try node.optionalString("sourceInfo")
        var ecosystem = SBOMReader.ecosystem(purl: purl, location: nil)
        if purl == nil {
            // No purl: Vouch's own ids say the ecosystem (`SPDXRef-Package-python-...`), trivy's sourceInfo a Debian package.
            if spdxID.hasPrefix("SPDXRef-Package-python-") { ecosystem = .python }
            if spdxID.hasPrefix("SPDXRef-Package-deb-") || sourceInfo?.hasPrefix("built package from: ") == true { ecosystem = .debian }
            // The ids the readers give (`debian:<name>@<version>`), once written by Vouch: the ecosystem survives a second round trip.
            if spdxID.hasPrefix("SPDXRef-Package-debian-") { ecosystem = .debian }
            if spdxID.hasPrefix("SPDXRef-Package-swift-") { ecosystem = .swift }
        }
        var package = SBOMPackage(
            id: "\(ecosystem.rawValue):\(name)@\(version)", ecosystem: ecosystem, name: name, version: version, purl: purlText,
            license: Self.license(try node.optionalString("licenseDeclared")) ?? .noAssertion,
            summary: try node.optionalString("summary"), homepage: try node.optionalString("homepage"), location: path)
        package.concludedLicense = Self.license(try node.optionalString("licenseConcluded"))
        package.architecture = purl?.qualifiers["arch"]
        package.evidence = Self.evidence(node)
        if ecosystem == .debian {
            let fromPURL = SBOMReader.debianSource(purl)
            // trivy: "built package from: openssl 1.1.1n-0+deb11u4".
            var fromInfo: (String, String)?
            if let info = sourceInfo, info.hasPrefix("built package from: ") {
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
