public import VouchCore
public import VouchFiles

/// The report formats of `vouch secrets scan`.
public enum SecretReportFormat: String, CaseIterable, Sendable {
    case text, json, sarif, csv, junit

    /// A writer of this format on `output`; `rules` are listed where the format wants them (SARIF).
    public func writer(output: OutputFile, rules: [SecretRule], colour: Bool) -> any SecretReportWriter {
        switch self {
        case .text: return TextReportWriter(output: output, colour: colour)
        case .json: return JSONReportWriter(output: output)
        case .sarif: return SARIFReportWriter(output: output, rules: rules)
        case .csv: return CSVReportWriter(output: output)
        case .junit: return JUnitReportWriter(output: output)
        }
    }
}

/// Writes findings as they come (memory stays bounded however many there are), then the summary.
public protocol SecretReportWriter: AnyObject {
    func begin() throws(VouchError)
    func write(_ finding: SecretFinding) throws(VouchError)
    /// Writes the closing part and commits the output.
    func finish(_ summary: SecretScanSummary) throws(VouchError)
}
