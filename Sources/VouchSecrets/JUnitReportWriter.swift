#if canImport(Glibc)
import Glibc
#endif
import Foundation
import VouchCore

/// JUnit XML: one `<testcase>` per finding, failed. The suite's counts come first in the document, so
/// test cases are streamed to a temporary file and copied after the header once the count is known.
final class JUnitReportWriter: SecretReportWriter {
    let output: ReportOutput
    private var body: ReportOutput?
    private var bodyPath = ""
    private var count = 0

    init(output: ReportOutput) { self.output = output }

    func begin() throws(VouchError) {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        bodyPath = "\(directory)/vouch-junit-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        body = try ReportOutput(path: bodyPath)
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
        try body?.commit()
        defer { unlink(bodyPath) }
        let tests = max(count, 1)
        try output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vouch secrets\" tests=\"\(tests)\" failures=\"\(count)\">\n"
            + "  <testsuite name=\"vouch secrets scan\" tests=\"\(tests)\" failures=\"\(count)\" errors=\"0\" skipped=\"0\">\n")
        if count == 0 {
            try output.write("    <testcase classname=\"vouch.secrets\" name=\"no secrets found in \(summary.filesScanned) files\"/>\n")
        } else {
            let descriptor = open(bodyPath, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw VouchError.system(errno: errno, operation: "open", path: bodyPath) }
            defer { close(descriptor) }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let read = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
                if read < 0 && errno == EINTR { continue }
                if read < 0 { throw VouchError.system(errno: errno, operation: "read", path: bodyPath) }
                if read == 0 { break }
                try output.write(bytes: chunk[0..<read])
            }
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
