import VouchCore
import VouchFiles

/// JUnit XML: one `<testcase>` per finding, failed. The suite's counts come first in the document, so
/// test cases are streamed to an unlinked ``ScratchFile`` and copied after the header once the count is known.
final class JUnitReportWriter: SecretReportWriter {
    let output: OutputFile
    private var body: ScratchFile?
    private var count = 0

    init(output: OutputFile) { self.output = output }

    func begin() throws(VouchError) {
        body = try ScratchFile()
    }

    func write(_ finding: SecretFinding) throws(VouchError) {
        count += 1
        let location = finding.file + (finding.line > 0 ? ":\(finding.line)" : "")
        var detail = "Secret: \(finding.secret)\nFingerprint: \(finding.fingerprint)\n"
        if let commit = finding.commit { detail += "Commit: \(commit)\n" }
        try body?.write("    <testcase classname=\"\(JUnitReportWriter.escape(finding.ruleID))\" name=\"\(JUnitReportWriter.escape(location))\">\n"
            + "      <failure message=\"\(JUnitReportWriter.escape(finding.description)) in \(JUnitReportWriter.escape(location))\" type=\"\(JUnitReportWriter.escape(finding.ruleID))\">"
            + JUnitReportWriter.escape(detail) + "</failure>\n    </testcase>\n")
    }

    func finish(_ summary: SecretScanSummary) throws(VouchError) {
        let tests = max(count, 1)
        try output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vouch secrets\" tests=\"\(tests)\" failures=\"\(count)\">\n"
            + "  <testsuite name=\"vouch secrets scan\" tests=\"\(tests)\" failures=\"\(count)\" errors=\"0\" skipped=\"0\">\n")
        if count == 0 {
            try output.write("    <testcase classname=\"vouch.secrets\" name=\"no secrets found in \(summary.filesScanned) files\"/>\n")
        } else {
            try body?.readBack { (chunk) throws(VouchError) in try output.write(bytes: chunk) }
        }
        try output.write("  </testsuite>\n</testsuites>\n")
        try output.commit()
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\n", "\t", "\r": result.unicodeScalars.append(scalar)
            default:
                // XML 1.0 cannot carry other control characters at all.
                if scalar.value < 0x20 { result += "?" } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}
