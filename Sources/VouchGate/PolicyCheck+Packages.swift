import VouchCore
import VouchImage
import VouchPolicy
import VouchSBOM

extension PolicyCheck {
    /// The image's packages: from a verified SBOM attestation bound to `subject` when there is one (that is
    /// what was signed off), else computed from the image's filesystem. Nil when neither is possible.
    func packages(
        _ attestations: [AttestationEvidence], subject: Digest, filesystem: ImageFileResolver?
    ) throws(VouchError) -> ([PackageEvidence]?, String?) {
        let sbomTypes = PredicateType.accepted("spdx") + PredicateType.accepted("cyclonedx")
        for attestation in attestations
        where attestation.verifiedBy != nil && attestation.subjectDigests.contains(subject) && sbomTypes.contains(attestation.predicateType) {
            if let predicate = attestation.predicate, let packages = try AttestedSBOM.packages(fromPredicate: predicate, path: attestation.source) {
                return (packages, "from the attested SBOM \(attestation.source), signed by '\(attestation.verifiedBy!)'")
            }
        }
        guard let filesystem else { return (nil, nil) }
        let document = try SBOMGenerator(clock: clock).generate(filesystem)
        let packages = document.packages.map {
            PackageEvidence(ecosystem: Self.purlType($0.ecosystem), name: $0.name, version: $0.version, license: $0.license.expression)
        }
        return (packages, "computed from the image: no signed SBOM attestation was given")
    }

    /// The purl type of an ecosystem, the names attested SBOMs use too (purl-spec PURL-TYPES).
    static func purlType(_ ecosystem: PackageEcosystem) -> String {
        switch ecosystem {
        case .python: "pypi"
        case .debian: "deb"
        case .swift: "swift"
        case .embedded: "embedded"
        }
    }
}
