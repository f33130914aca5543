public import VouchSBOM

extension PackageEvidence {
    /// One SBOM package as the package and license rules see it, wherever the SBOM comes from (the gate's
    /// attested or computed SBOM, `vouch sbom licenses` on any file). The license judged is the concluded
    /// one when the SBOM asserts one (SPDX `licenseConcluded`: what the SBOM's author determined, SPDX 2.3
    /// clause 7.13), else the declared one; the ecosystem is the purl type, else the reader's ecosystem.
    public init(_ package: SBOMPackage) {
        self.init(ecosystem: Self.ecosystem(of: package), name: package.name, version: package.version,
                  license: package.concludedLicense?.expression ?? package.license.expression)
    }

    /// `pkg:pypi/requests@2.32.3` -> `pypi`; without a purl, the purl type of the reader's ecosystem.
    public static func ecosystem(of package: SBOMPackage) -> String {
        if let purl = package.purl, purl.hasPrefix("pkg:"), let slash = purl.firstIndex(of: "/") {
            return String(purl[purl.index(purl.startIndex, offsetBy: 4)..<slash]).lowercased()
        }
        return purlType(package.ecosystem)
    }

    /// The purl type of an ecosystem, the names attested SBOMs use too (purl-spec PURL-TYPES).
    public static func purlType(_ ecosystem: PackageEcosystem) -> String {
        switch ecosystem {
        case .python: "pypi"
        case .debian: "deb"
        case .swift: "swift"
        case .embedded: "embedded"
        }
    }
}
