import Foundation
import VouchCore
import VouchImage
import VouchPolicy
import VouchSBOM
import VouchVuln

extension PolicyCheck {
    /// Scans the packages of the verified SBOM attestation bound to `subject` when there is one (read by
    /// the one SBOM reader), else the image's own packages; nil when neither can be had (an image that
    /// failed integrity and no SBOM attestation), which fails the rule.
    func vulnerabilities(_ rule: VulnerabilityRule, attestations: [AttestationEvidence], subject: Digest,
                         filesystem: ImageFileResolver?) throws(VouchError) -> VulnerabilityEvidence? {
        var document: SBOMDocument?
        var source = "computed from the image: no signed SBOM attestation was given"
        if let attested = try attestedSBOM(attestations, subject: subject) { (document, source) = (attested.document, attested.source) }
        if document == nil, let filesystem { document = try SBOMGenerator(clock: clock).generate(filesystem) }
        guard let document else { return nil }
        let scan = VulnerabilityScan(
            databases: rule.databases.map(resolve), severities: nil,
            ignores: rule.ignore.map { VulnerabilityIgnore(id: $0.id, reason: $0.reason, expires: $0.expires) },
            vexFiles: rule.vex.map(resolve), maximumDatabaseAge: nil, clock: clock)
        let report = try scan.scan(document)
        return VulnerabilityEvidence(
            findings: report.findings.map { .init(id: $0.id, package: $0.package.name, version: $0.package.version, severity: $0.severity.level.description) },
            suppressed: (report.ignored + report.suppressedByVEX).map { "\($0.finding.id) in \($0.finding.package.name): \($0.reason)" },
            source: source, newestRecord: report.database.newestModifiedSeconds, packagesScanned: report.packagesScanned)
    }
}
