import VouchCore
import VouchImage
import VouchPolicy
import VouchSBOM

extension PolicyCheck {
    /// The first verified SBOM attestation bound to `subject`, read by the one SBOM reader, and how to name
    /// where its packages came from. A signed SBOM the reader refuses (malformed, a repeated key, a member of
    /// the wrong type, neither SPDX nor CycloneDX) is an error naming the attestation, never skipped: the
    /// gate would otherwise judge the image's own packages in place of what was signed off.
    func attestedSBOM(_ attestations: [AttestationEvidence], subject: Digest) throws(VouchError) -> (document: SBOMDocument, source: String)? {
        let sbomTypes = PredicateType.accepted("spdx") + PredicateType.accepted("cyclonedx")
        for attestation in attestations
        where attestation.verifiedBy != nil && attestation.subjectDigests.contains(subject) && sbomTypes.contains(attestation.predicateType) {
            guard let predicate = attestation.predicate else { continue }
            let document = try SBOMReader.read([UInt8](predicate), path: attestation.source)
            return (document, "from the attested SBOM \(attestation.source), signed by '\(attestation.verifiedBy!)'")
        }
        return nil
    }

    /// The image's packages: from a verified SBOM attestation bound to `subject` when there is one (that is
    /// what was signed off), else computed from the image's filesystem. Nil when neither is possible.
    func packages(
        _ attestations: [AttestationEvidence], subject: Digest, filesystem: ImageFileResolver?
    ) throws(VouchError) -> ([PackageEvidence]?, String?) {
        if let attested = try attestedSBOM(attestations, subject: subject) {
            return (attested.document.packages.map(Self.evidence), attested.source)
        }
        guard let filesystem else { return (nil, nil) }
        let document = try SBOMGenerator(clock: clock).generate(filesystem)
        return (document.packages.map(Self.evidence), "computed from the image: no signed SBOM attestation was given")
    }

    /// One package as the package and license rules see it (``PackageEvidence/init(_:)``).
    static func evidence(_ package: SBOMPackage) -> PackageEvidence { PackageEvidence(package) }
}
