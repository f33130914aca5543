import VouchCore
import VouchFiles

/// Human-readable findings, one block each, with the rule in colour on a terminal, then a summary.
final class TextReportWriter: SecretReportWriter {
    let output: OutputFile
    let colour: Bool

    init(output: OutputFile, colour: Bool) {
        self.output = output
        self.colour = colour
    }

    func begin() throws(VouchError) {}

    func write(_ finding: SecretFinding) throws(VouchError) {
        let rule = colour ? "\u{1b}[1;31m\(finding.ruleID)\u{1b}[0m" : finding.ruleID
        var text = "\(rule): \(finding.description.terminalEscaped)\n"
        text += "  File:        \(finding.file.terminalEscaped)" + (finding.line > 0 ? ":\(finding.line):\(finding.column)" : "") + "\n"
        if let layer = finding.layer { text += "  Layer:       \(layer)\n" }
        text += "  Secret:      \(finding.secret.terminalEscaped)\n"
        text += "  Match:       \((finding.match.count > 200 ? String(finding.match.prefix(200)) + "…" : finding.match).terminalEscaped)\n"
        if let commit = finding.commit {
            text += "  Commit:      \(commit.terminalEscaped)\n"
            text += "  Author:      \((finding.author ?? "").terminalEscaped) <\((finding.email ?? "").terminalEscaped)>\n"
            text += "  Date:        \((finding.date ?? "").terminalEscaped)\n"
        }
        text += "  Entropy:     \(finding.entropy)\n"
        text += "  Confidence:  \(finding.confidence.rawValue)" + (finding.tags.contains("test-key") ? " (a key under a test path)" : "") + "\n"
        text += "  Fingerprint: \(finding.fingerprint.terminalEscaped)\n\n"
        try output.write(text)
    }

    func finish(_ summary: SecretScanSummary) throws(VouchError) {
        var text = "\(summary.findings) finding\(summary.findings == 1 ? "" : "s") in \(summary.filesScanned) file\(summary.filesScanned == 1 ? "" : "s") (\(summary.bytesScanned) bytes)"
        if summary.commitsScanned > 0 { text += " from \(summary.commitsScanned) commits" }
        var skipped: [String] = []
        if summary.binaryFilesSkipped > 0 { skipped.append("\(summary.binaryFilesSkipped) binary") }
        if summary.largeFilesSkipped > 0 { skipped.append("\(summary.largeFilesSkipped) too large") }
        if summary.symlinksSkipped > 0 { skipped.append("\(summary.symlinksSkipped) symlinks") }
        if !summary.errors.isEmpty { skipped.append("\(summary.errors.count) unreadable") }
        if !skipped.isEmpty { text += "; skipped " + skipped.joined(separator: ", ") }
        if summary.suppressed > 0 { text += "; \(summary.suppressed) suppressed by baseline or .vouchignore" }
        if summary.belowMinimumConfidence > 0 { text += "; \(summary.belowMinimumConfidence) under --min-confidence" }
        try output.write(text + "\n")
        try output.commit()
    }
}
