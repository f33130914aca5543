import VouchCore
import VouchFiles

/// `{"findings": [...], "summary": {...}, "version": 1}` (schema `Schemas/findings.schema.json`);
/// findings are written one per line as they come.
final class JSONReportWriter: SecretReportWriter {
    let output: OutputFile
    private var count = 0

    init(output: OutputFile) { self.output = output }

    func begin() throws(VouchError) { try output.write("{\n  \"findings\": [") }

    func write(_ finding: SecretFinding) throws(VouchError) {
        try output.write((count == 0 ? "\n    " : ",\n    ") + (try JSONOutput.encodeLine(finding)))
        count += 1
    }

    func finish(_ summary: SecretScanSummary) throws(VouchError) {
        try output.write((count == 0 ? "],\n" : "\n  ],\n") + "  \"summary\": " + (try JSONOutput.encodeLine(summary)) + ",\n  \"version\": 1\n}\n")
        try output.commit()
    }
}
