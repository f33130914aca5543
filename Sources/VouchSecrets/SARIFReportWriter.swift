import Foundation
import VouchCore
import VouchFiles

/// SARIF 2.1.0 (OASIS), in the shape GitHub code scanning accepts: one run, the tool's rules in
/// `tool.driver.rules` (§3.19.23), one `result` per finding with `ruleId`/`ruleIndex` (§3.27.5-6), a
/// physical location with a region (§3.30), and the content fingerprint in `partialFingerprints`
/// (§3.27.17) so code scanning tracks a finding across line moves.
final class SARIFReportWriter: SecretReportWriter {
    let output: OutputFile
    let rules: [SecretRule]
    private let ruleIndex: [String: Int]
    private var count = 0

    init(output: OutputFile, rules: [SecretRule]) {
        self.output = output
        self.rules = rules
        var index: [String: Int] = [:]
        for (offset, rule) in rules.enumerated() { index[rule.id] = offset }
        ruleIndex = index
    }

    struct Message: Encodable { var text: String }
    struct ReportingDescriptor: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var defaultConfiguration: Configuration
        var properties: Properties
        struct Configuration: Encodable { var level = "error" }
        struct Properties: Encodable { var tags: [String]; var precision = "high"; var securitySeverity = "8.0"
            enum CodingKeys: String, CodingKey { case tags, precision; case securitySeverity = "security-severity" } }
    }
    struct Driver: Encodable {
        var name = "vouch"
        var informationUri = "https://github.com/vouch/vouch"
        var semanticVersion: String
        var rules: [ReportingDescriptor]
    }
    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int?
        var level = "error"
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        var properties: [String: String]?
    }
    struct Location: Encodable { var physicalLocation: PhysicalLocation }
    struct PhysicalLocation: Encodable { var artifactLocation: ArtifactLocation; var region: Region? }
    struct ArtifactLocation: Encodable { var uri: String }
    struct Region: Encodable { var startLine: Int; var startColumn: Int; var endLine: Int; var snippet: Message }

    func begin() throws(VouchError) {
        let descriptors = rules.map { rule in
            ReportingDescriptor(id: rule.id, name: SARIFReportWriter.ruleName(rule.id), shortDescription: Message(text: rule.description.isEmpty ? rule.id : rule.description),
                                fullDescription: Message(text: rule.description.isEmpty ? rule.id : rule.description),
                                defaultConfiguration: .init(), properties: .init(tags: ["security", "secret"] + rule.tags))
        }
        let driver = try JSONOutput.encodeLine(Driver(semanticVersion: VouchVersion.current, rules: descriptors))
        try output.write("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
            + "      \"tool\": {\"driver\": \(driver)},\n      \"columnKind\": \"utf16CodeUnits\",\n      \"results\": [")
    }

    func write(_ finding: SecretFinding) throws(VouchError) {
        var properties: [String: String] = [:]
        if let commit = finding.commit { properties["commit"] = commit }
        if let author = finding.author { properties["author"] = author }
        if let email = finding.email { properties["email"] = email }
        if let date = finding.date { properties["date"] = date }
        if let layer = finding.layer { properties["layer"] = "\(layer)" }
        let region = finding.line > 0
            ? Region(startLine: finding.line, startColumn: max(1, finding.column), endLine: max(finding.line, finding.endLine), snippet: Message(text: finding.match))
            : nil
        let result = Result(
            ruleId: finding.ruleID, ruleIndex: ruleIndex[finding.ruleID],
            message: Message(text: "\(finding.description.isEmpty ? finding.ruleID : finding.description) found: \(finding.secret)"),
            locations: [Location(physicalLocation: PhysicalLocation(artifactLocation: ArtifactLocation(uri: SARIFReportWriter.uri(finding.file)), region: region))],
            partialFingerprints: ["vouchSecretFingerprint/v1": finding.fingerprint],
            properties: properties.isEmpty ? nil : properties)
        try output.write((count == 0 ? "\n        " : ",\n        ") + (try JSONOutput.encodeLine(result)))
        count += 1
    }

    func finish(_ summary: SecretScanSummary) throws(VouchError) {
        try output.write((count == 0 ? "]\n" : "\n      ]\n") + "    }\n  ]\n}\n")
        try output.commit()
    }

    /// A relative URI reference for a path (§3.4.3): `./` dropped, unsafe characters percent-encoded.
    static func uri(_ path: String) -> String {
        var trimmed = path
        while trimmed.hasPrefix("./") { trimmed.removeFirst(2) }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/!$&'()*+,;=:@")
        return trimmed.addingPercentEncoding(withAllowedCharacters: allowed) ?? trimmed
    }

    /// `github-pat` -> `GithubPat` (the `name` property is meant to be an identifier).
    static func ruleName(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
