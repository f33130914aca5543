import VouchCore
import VouchSecrets

/// The secret scanner with the built-in rules over arbitrary bytes.
enum SecretTargets {
    nonisolated(unsafe) static var detector: SecretDetector?

    /// Findings point inside the input (lines and columns from 1, the end not before the start), name the
    /// file, and a second scan with the same detector finds the same (no state kept between files).
    static let secrets = FuzzTarget(name: "secrets", dictionary: nil, prepare: {
        do throws(VouchError) {
            detector = try SecretDetector(ruleset: .builtin, cacheDirectory: nil)
        } catch {
            fatalError("vouch-fuzz: the built-in rules do not load: \(error)")
        }
    }) { bytes in
        guard let detector else { return }
        let target = ScanTarget(path: "fuzz.txt")
        do throws(VouchError) {
            let findings = try detector.findings(in: bytes, target: target)
            let lines = bytes.count(where: { $0 == 0x0A }) + 1
            for finding in findings {
                require(finding.file == "fuzz.txt", "a finding in '\(finding.file)'")
                require(finding.line >= 1 && finding.line <= lines, "\(finding.ruleID): line \(finding.line) of \(lines)")
                require(finding.endLine >= finding.line && finding.endLine <= lines, "\(finding.ruleID): end line \(finding.endLine), line \(finding.line) of \(lines)")
                require(finding.column >= 1, "\(finding.ruleID): column \(finding.column)")
                require(!finding.secret.isEmpty, "\(finding.ruleID): an empty secret")
                require(finding.entropy.isFinite && finding.entropy >= 0, "\(finding.ruleID): entropy \(finding.entropy)")
            }
            let again = try detector.findings(in: bytes, target: target)
            require(again == findings, "a second scan of the same bytes found \(again.count) findings, the first \(findings.count)")
        } catch {
            requireWellFormed(error, file: "fuzz.txt")
        }
    }
}
