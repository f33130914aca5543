import VouchCore
import VouchImage
import VouchPolicy
import VouchSecrets

extension PolicyCheck {
    /// Secret findings in every layer of the image (so a secret a later layer deleted still counts), with
    /// the built-in rules.
    func secretFindings(_ reference: ImageReference) throws(VouchError) -> [SecretFindingEvidence] {
        let scan = SecretScan(detector: try SecretDetector(ruleset: .builtin))
        var findings: [SecretFindingEvidence] = []
        _ = try scan.scanImage(reference) { (finding: SecretFinding) throws(VouchError) in
            let layer = finding.layer.map { "layer \($0): " } ?? ""
            findings.append(SecretFindingEvidence(
                ruleID: finding.ruleID, location: "\(layer)\(finding.file):\(finding.line)", fingerprint: finding.fingerprint))
        }
        return findings
    }
}
