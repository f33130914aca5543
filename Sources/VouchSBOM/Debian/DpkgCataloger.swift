public import VouchCore

/// Debian packages from dpkg's database: `/var/lib/dpkg/status` (installed paragraphs only) and the
/// `status.d/` files distroless images use, with the source package, version, architecture, and the
/// license from the machine-readable `/usr/share/doc/<package>/copyright` (DEP-5) where present.
public struct DpkgCataloger: Cataloger {
    public let name = "dpkg"
    /// The largest status file or copyright file read.
    public static let maximumStatusBytes = 64 << 20
    public static let maximumCopyrightBytes = 4 << 20

    public init() {}

    public func catalog(_ resolver: any FileResolver, options: CatalogOptions) throws(VouchError) -> CatalogResult {
        var result = CatalogResult()
        var sources: [String] = []
        if try resolver.info("/var/lib/dpkg/status")?.kind == .regular { sources.append("/var/lib/dpkg/status") }
        for name in try resolver.list("/var/lib/dpkg/status.d") where !name.hasSuffix(".md5sums") {
            sources.append("/var/lib/dpkg/status.d/\(name)")
        }
        guard !sources.isEmpty else { return result }
        let osRelease = try osReleaseFields(resolver)
        let vendor = osRelease["ID"] ?? "debian"
        let distro = osRelease["VERSION_ID"].map { "\(vendor)-\($0)" }
        var seen: Set<String> = []
        var copyrights = CopyrightFiles()
        for source in sources {
            let bytes = try resolver.contents(of: source, maximumBytes: Self.maximumStatusBytes)
            for paragraph in DebianControlParagraphs.parse(bytes) {
                // A paragraph without a package name (`Package:` missing or empty) describes no package.
                guard let name = paragraph.simpleField("package"), !name.isEmpty else { continue }
                if let status = paragraph.simpleField("status"), !status.hasSuffix(" installed") { continue }
                let version = paragraph.simpleField("version") ?? ""
                let architecture = paragraph.simpleField("architecture")
                var sourcePackage = paragraph.simpleField("source")
                var sourceVersion: String?
                if let text = sourcePackage, let space = text.firstIndex(of: " ") {
                    sourcePackage = String(text[..<space])
                    // `Source: zlib (1:1.2.13.dfsg-1)`: the source version, when it differs from the binary's.
                    let rest = String(text[space...]).trimmingSpaces()
                    if rest.hasPrefix("("), rest.hasSuffix(")") { sourceVersion = String(rest.dropFirst().dropLast()).trimmingSpaces() }
                }
                let id = "deb:\(name)@\(version)" + (architecture.map { ":\($0)" } ?? "")
                guard seen.insert(id).inserted else { continue }
                let license = try copyrightLicense(resolver, package: name, files: &copyrights)
                var package = SBOMPackage(
                    id: id, ecosystem: .debian, name: name, version: version,
                    purl: PackageURL.deb(namespace: vendor, name: name, version: version, architecture: architecture),
                    license: license, summary: paragraph.field("description")?.split(separator: "\n").first.map(String.init),
                    homepage: paragraph.simpleField("homepage"), supplier: paragraph.simpleField("maintainer"), location: source,
                    sourcePackage: sourcePackage ?? name, architecture: architecture, sourceVersion: sourceVersion, distro: distro)
                // Debian Policy 5.6.2: `Maintainer: Name <address>`, the package's supplier.
                package.suppliers = MetadataPeople.people(names: nil, emails: paragraph.simpleField("maintainer"))
                package.artifactFileName = Self.debFileName(package: name, version: version, architecture: architecture)
                result.packages.append(package)
            }
        }
        result.packages.sort { $0.id < $1.id }
        return result
    }

    /// The `.deb` a package was installed from, as dpkg-name(1) and the archive name it:
    /// `PACKAGE_VERSION_ARCH.deb`, the version without its epoch (`1:2.3-1` is `2.3-1`). Nil when the
    /// version or architecture is not known, or a part holds a character a file name cannot have.
    static func debFileName(package: String, version: String, architecture: String?) -> String? {
        guard let architecture, !architecture.isEmpty, !version.isEmpty else { return nil }
        let withoutEpoch = version.firstIndex(of: ":").map { String(version[version.index(after: $0)...]) } ?? version
        let parts = [package, withoutEpoch, architecture]
        guard parts.allSatisfy({ !$0.isEmpty && !$0.contains("/") && !$0.contains(" ") }) else { return nil }
        return parts.joined(separator: "_") + ".deb"
    }

    /// `ID` and `VERSION_ID` of os-release(5), quotes removed.
    private func osReleaseFields(_ resolver: any FileResolver) throws(VouchError) -> [String: String] {
        for path in ["/etc/os-release", "/usr/lib/os-release"] where try resolver.info(path) != nil {
            guard let bytes = try? resolver.contents(of: path, maximumBytes: 64 << 10) else { continue }
            var fields: [String: String] = [:]
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
                for key in ["ID", "VERSION_ID"] where line.hasPrefix(key + "=") {
                    let value = line.dropFirst(key.count + 1).trimmingSet("\"' ")
                    if !value.isEmpty { fields[key] = value }
                }
            }
            return fields
        }
        return [:]
    }

    /// A copyright file that is not machine-readable: the licenses its text has, when ``LicenseTextMatcher``
    /// identifies all of it; else NOASSERTION (with the reason in the notes).
    static func identifiedLicense(_ text: String, path: String) -> PackageLicense {
        identifiedLicense(LicenseTextMatcher.identify(text), path: path)
    }

    private static func identifiedLicense(_ found: LicenseTextIdentification, path: String) -> PackageLicense {
        if let expression = found.expression {
            return PackageLicense(expression: SPDXExpression(expression)?.canonical ?? expression, source: .debianCopyright,
                                  notes: ["\(path): \(expression) by \(found.methodDescription)"])
        }
        return PackageLicense(expression: nil, source: .none, notes: ["\(path): not identified (\(found.problem ?? "ambiguous"))"])
    }

    /// The licenses a DEP-5 copyright file names, joined with AND; ids Debian spells differently are mapped
    /// to SPDX, and anything else is kept as a `LicenseRef-` naming the Debian license names.
    private func copyrightLicense(_ resolver: any FileResolver, package: String, files: inout CopyrightFiles) throws(VouchError) -> PackageLicense {
        let path = "/usr/share/doc/\(package)/copyright"
        guard try resolver.info(path) != nil, let bytes = try? resolver.contents(of: path, maximumBytes: Self.maximumCopyrightBytes) else {
            return .noAssertion
        }
        let names: [String]
        switch files.read(bytes) {
        case .text(let found): return Self.identifiedLicense(found, path: path)
        case .licenseNames(let found): names = found
        }
        guard !names.isEmpty else { return .noAssertion }
        var parts: [String] = []
        for name in names {
            guard let expression = DebianLicenseName.spdx(name) else {
                let id = "LicenseRef-deb-" + SPDXExpression.idString(package)
                let text = "Debian copyright file \(path) names: " + names.joined(separator: "; ")
                return PackageLicense(expression: id, references: [LicenseReference(id: id, name: names.joined(separator: ", "), text: text)],
                                      source: .debianCopyright)
            }
            parts.append(names.count > 1 && expression.contains(" ") ? "(\(expression))" : expression)
        }
        return PackageLicense(expression: parts.joined(separator: " AND "), source: .debianCopyright)
    }
}

/// What each distinct copyright file says, read once: the binary packages of one source ship the same
/// file (an image's dozens of `lib*` packages), and reading it (the DEP-5 parse, or identifying the
/// license of its text) is the costly part of cataloging dpkg packages.
private struct CopyrightFiles {
    enum Content {
        /// A machine-readable (DEP-5) file: its `Files` paragraphs' license short names, in order.
        case licenseNames([String])
        /// Any other file: the licenses identified in its text.
        case text(LicenseTextIdentification)
    }

    private var read: [[UInt8]: Content] = [:]

    mutating func read(_ bytes: [UInt8]) -> Content {
        if let known = read[bytes] { return known }
        let content = Self.content(of: bytes)
        read[bytes] = content
        return content
    }

    private static func content(of bytes: [UInt8]) -> Content {
        let paragraphs = DebianControlParagraphs.parse(bytes)
        guard let header = paragraphs.first, header.field("format")?.contains("copyright-format") == true else {
            return .text(LicenseTextMatcher.identify(String(decoding: bytes, as: UTF8.self)))
        }
        var names: [String] = []
        for paragraph in paragraphs.dropFirst() where paragraph.field("files") != nil {
            guard let license = paragraph.field("license") else { continue }
            let short = String(license.split(separator: "\n").first ?? "").trimmingSpaces()
            if !short.isEmpty, !names.contains(short) { names.append(short) }
        }
        return .licenseNames(names)
    }
}

/// DEP-5 short license names (copyright-format 1.0, "License specification") as SPDX expressions.
enum DebianLicenseName {
    static let aliases: [String: String] = [
        "expat": "MIT", "gpl-1": "GPL-1.0-only", "gpl-1+": "GPL-1.0-or-later", "gpl-2": "GPL-2.0-only", "gpl-2+": "GPL-2.0-or-later",
        "gpl-3": "GPL-3.0-only", "gpl-3+": "GPL-3.0-or-later", "lgpl-2": "LGPL-2.0-only", "lgpl-2+": "LGPL-2.0-or-later",
        "lgpl-2.1": "LGPL-2.1-only", "lgpl-2.1+": "LGPL-2.1-or-later", "lgpl-3": "LGPL-3.0-only", "lgpl-3+": "LGPL-3.0-or-later",
        "agpl-3": "AGPL-3.0-only", "agpl-3+": "AGPL-3.0-or-later", "gfdl-1.2": "GFDL-1.2-only", "gfdl-1.2+": "GFDL-1.2-or-later",
        "gfdl-1.3": "GFDL-1.3-only", "gfdl-1.3+": "GFDL-1.3-or-later", "bsd-2-clause": "BSD-2-Clause", "bsd-3-clause": "BSD-3-Clause",
        "bsd-4-clause": "BSD-4-Clause", "mpl-2.0": "MPL-2.0", "apache-2.0": "Apache-2.0", "zlib": "Zlib", "isc": "ISC",
        "artistic-2.0": "Artistic-2.0", "psf-2": "PSF-2.0", "cc0-1.0": "CC0-1.0",
    ]

    /// `GPL-2+ or Artistic` -> `GPL-2.0-or-later OR Artistic-1.0-Perl`; nil when any part is unknown.
    static func spdx(_ name: String) -> String? {
        var out: [String] = []
        for word in name.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) where !word.isEmpty {
            switch word.lowercased() {
            case "or": out.append("OR")
            case "and": out.append("AND")
            default:
                if let alias = aliases[word.lowercased()] { out.append(alias) } else if let id = SPDXLicenseList.license(word) { out.append(id) } else { return nil }
            }
        }
        let expression = out.joined(separator: " ")
        return SPDXExpression(expression)?.canonical
    }
}
