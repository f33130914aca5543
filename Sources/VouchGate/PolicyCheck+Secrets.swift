import VouchCore
import VouchImage
import VouchPolicy
import VouchSecrets

extension PolicyCheck {
    /// Secret findings in every layer of the image (so a secret a later layer deleted still counts), with
    /// the built-in rules, and what the scan could not read.
    func secretFindings(_ reference: ImageReference) throws(VouchError) -> (findings: [SecretFindingEvidence], gaps: [String]) {
        let scan = SecretScan(detector: try SecretDetector(ruleset: .builtin))
        var findings: [SecretFindingEvidence] = []
        let summary: SecretScanSummary
        do {
            summary = try scan.scanImage(reference) { (finding: SecretFinding) throws(VouchError) in
                let layer = finding.layer.map { "layer \($0): " } ?? ""
                findings.append(SecretFindingEvidence(
                    ruleID: finding.ruleID, location: "\(layer)\(finding.file):\(finding.line)", fingerprint: finding.fingerprint))
            }
        } catch {
            // A layer that cannot be read (the integrity rule says why) leaves the scan incomplete: a gap
            // in the evidence, not a reason the whole check could not run.
            return (findings, ["could not scan \(error.description)"])
        }
        return (findings, summary.errors.map { "could not scan \($0.path): \($0.reason)" })
    }
}
