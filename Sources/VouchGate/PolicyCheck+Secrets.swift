import VouchCore
import VouchPolicy
import VouchSecrets

extension PolicyCheck {
    /// Secret findings in every layer of the image (so a secret a later layer deleted still counts), with
    /// the built-in rules, from the scanners that saw each layer's files during the verifying pass, and
    /// what the scan could not read: a layer that could not be read to its end (the integrity rule says
    /// why) leaves the scan incomplete, a gap in the evidence, not a reason the check could not run.
    func secretFindings(_ scan: SecretScan, _ scanners: [LayerSecretScanner]) throws(VouchError) -> (findings: [SecretFindingEvidence], gaps: [String]) {
        var findings: [SecretFindingEvidence] = []
        let summary = try scan.summarize(scanners) { (finding: SecretFinding) throws(VouchError) in
            let layer = finding.layer.map { "layer \($0): " } ?? ""
            findings.append(SecretFindingEvidence(
                ruleID: finding.ruleID, location: "\(layer)\(finding.file):\(finding.line)", fingerprint: finding.fingerprint))
        }
        return (findings, summary.errors.map { "could not scan \($0.path): \($0.reason)" })
    }
}
