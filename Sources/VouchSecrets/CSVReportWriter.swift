import VouchCore
import VouchFiles

/// RFC 4180 CSV: a header row, then one row per finding.
final class CSVReportWriter: SecretReportWriter {
    let output: OutputFile
    static let header = ["RuleID", "Description", "File", "Line", "Column", "EndLine", "Secret", "Match", "Entropy",
                         "Fingerprint", "Commit", "Author", "Email", "Date", "Layer", "Tags"]

    init(output: OutputFile) { self.output = output }

    func begin() throws(VouchError) { try output.write(CSVReportWriter.header.joined(separator: ",") + "\r\n") }

    func write(_ finding: SecretFinding) throws(VouchError) {
        let fields = [finding.ruleID, finding.description, finding.file, "\(finding.line)", "\(finding.column)", "\(finding.endLine)",
                      finding.secret, finding.match, "\(finding.entropy)", finding.fingerprint, finding.commit ?? "",
                      finding.author ?? "", finding.email ?? "", finding.date ?? "", finding.layer.map { "\($0)" } ?? "",
                      finding.tags.joined(separator: " ")]
        try output.write(fields.map(CSVReportWriter.quote).joined(separator: ",") + "\r\n")
    }

    func finish(_ summary: SecretScanSummary) throws(VouchError) { try output.commit() }

    /// Quotes a field that holds a comma, quote, CR or LF, doubling its quotes.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }
}
