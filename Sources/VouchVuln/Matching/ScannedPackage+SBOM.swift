public import VouchSBOM

extension ScannedPackage {
    /// The packages of an SBOM document in matching terms: Python distributions (installed, vendored, or
    /// declared with a `pkg:pypi` purl) as `PyPI`; Debian packages as `Debian:<VERSION_ID>` of their
    /// distribution (the major release: trivy's `debian-11.6` is `Debian:11`) with their source package
    /// and source version. A Debian package whose distribution is unknown, or not Debian, gets no
    /// ecosystem (reported as unmatchable, never guessed). Packages without a version are left out.
    public static func packages(of document: SBOMDocument) -> [ScannedPackage] {
        document.packages.compactMap { package in
            guard !package.version.isEmpty else { return nil }
            let isPyPI = package.ecosystem == .python || package.purl?.hasPrefix("pkg:pypi/") == true
            let isDebian = package.ecosystem == .debian || package.purl?.hasPrefix("pkg:deb/") == true
            if isPyPI {
                return ScannedPackage(ecosystem: "PyPI", name: package.name, version: package.version, purl: package.purl,
                                      reference: package.id, location: package.location)
            }
            if isDebian {
                return ScannedPackage(ecosystem: debianEcosystem(package.distro), name: package.name, version: package.version,
                                      sourceName: package.sourcePackage, sourceVersion: package.sourceVersion, purl: package.purl,
                                      reference: package.id, location: package.location)
            }
            return ScannedPackage(ecosystem: nil, name: package.name, version: package.version, purl: package.purl,
                                  reference: package.id, location: package.location)
        }
    }

    /// `debian-12` -> `Debian:12`, `debian-11.6` -> `Debian:11`; nil for anything else.
    static func debianEcosystem(_ distro: String?) -> String? {
        guard let distro, distro.lowercased().hasPrefix("debian-") else { return nil }
        let version = distro.dropFirst("debian-".count)
        let major = version.split(separator: ".").first.map(String.init) ?? ""
        guard !major.isEmpty, major.allSatisfy(\.isNumber) else { return nil }
        return "Debian:\(major)"
    }
}
