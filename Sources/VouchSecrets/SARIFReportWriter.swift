import Foundation
import VouchCore
import VouchFiles

/// SARIF 2.1.0 (OASIS), in the shape GitHub code scanning accepts: one run, the rules that produced
/// results in `tool.driver.rules` (§3.19.23), one `result` per finding with `ruleId`/`ruleIndex`
/// (§3.27.5-6), a physical location with a region (§3.30), and the content fingerprint in
/// `partialFingerprints` (§3.27.17) so code scanning tracks a finding across line moves.
///
/// Locations are relative to the scanned root (the repository's top level in git mode) with
/// `uriBaseId` `%SRCROOT%`, and the run's `originalUriBaseIds` (§3.14.14) says where that root was;
/// code scanning maps a relative URI to the repository, a bare absolute path it cannot. Results stream
/// as they come; the rules and base URIs, known only at the end, follow them in the run object.
final class SARIFReportWriter: SecretReportWriter {
    let output: OutputFile
    let rules: [SecretRule]
    private let ruleByID: [String: SecretRule]
    /// The rules that produced results, in order of first result; a result's `ruleIndex` points here.
    private var reported: [String] = []
    private var reportedIndex: [String: Int] = [:]
    /// Scanned roots, in order of first result: the first is `%SRCROOT%`, the next `ROOT2`, …
    private var roots: [String] = []
    private var count = 0

    init(output: OutputFile, rules: [SecretRule]) {
        self.output = output
        self.rules = rules
        var byID: [String: SecretRule] = [:]
        for rule in rules { byID[rule.id] = rule }
        ruleByID = byID
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
        var level: String
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        var properties: [String: String]?
    }
    struct Location: Encodable { var physicalLocation: PhysicalLocation }
    struct PhysicalLocation: Encodable { var artifactLocation: ArtifactLocation; var region: Region? }
    struct ArtifactLocation: Encodable { var uri: String; var uriBaseId: String? }
    struct Region: Encodable { var startLine: Int; var startColumn: Int; var endLine: Int; var snippet: Message }
    struct BaseURI: Encodable { var uri: String }

    func begin() throws(VouchError) {
        try output.write("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
            + "      \"columnKind\": \"utf16CodeUnits\",\n      \"results\": [")
    }

    func write(_ finding: SecretFinding) throws(VouchError) {
        var properties: [String: String] = ["confidence": finding.confidence.rawValue]
        if let commit = finding.commit { properties["commit"] = commit }
        if let author = finding.author { properties["author"] = author }
        if let email = finding.email { properties["email"] = email }
        if let date = finding.date { properties["date"] = date }
        if let layer = finding.layer { properties["layer"] = "\(layer)" }
        let region = finding.line > 0
            ? Region(startLine: finding.line, startColumn: max(1, finding.column), endLine: max(finding.line, finding.endLine), snippet: Message(text: finding.match))
            : nil
        if reportedIndex[finding.ruleID] == nil {
            reportedIndex[finding.ruleID] = reported.count
            reported.append(finding.ruleID)
        }
        let artifact: ArtifactLocation
        if let root = finding.root, let relative = finding.relativeFile {
            if !roots.contains(root) { roots.append(root) }
            artifact = ArtifactLocation(uri: SARIFReportWriter.uri(relative), uriBaseId: SARIFReportWriter.baseID(roots.firstIndex(of: root)!))
        } else {
            artifact = ArtifactLocation(uri: SARIFReportWriter.uri(finding.file), uriBaseId: nil)
        }
        let result = Result(
            ruleId: finding.ruleID, ruleIndex: reportedIndex[finding.ruleID],
            // GitHub code scanning shows `error` as an alert to fix; a low-confidence finding is a `note`.
            level: finding.confidence == .high ? "error" : (finding.confidence == .medium ? "warning" : "note"),
            message: Message(text: "\(finding.description.isEmpty ? finding.ruleID : finding.description) found: \(finding.secret)"),
            locations: [Location(physicalLocation: PhysicalLocation(artifactLocation: artifact, region: region))],
            partialFingerprints: ["vouchSecretFingerprint/v1": finding.fingerprint],
            properties: properties)
        try output.write((count == 0 ? "\n        " : ",\n        ") + (try JSONOutput.encodeLine(result)))
        count += 1
    }

    func finish(_ summary: SecretScanSummary) throws(VouchError) {
        let descriptors = reported.map { id in
            let rule = ruleByID[id]
            let description = rule.map { $0.description.isEmpty ? id : $0.description } ?? id
            return ReportingDescriptor(id: id, name: SARIFReportWriter.ruleName(id), shortDescription: Message(text: description),
                                       fullDescription: Message(text: description), defaultConfiguration: .init(),
                                       properties: .init(tags: ["security", "secret"] + (rule?.tags ?? [])))
        }
        let driver = try JSONOutput.encodeLine(Driver(semanticVersion: VouchVersion.current, rules: descriptors))
        var text = count == 0 ? "],\n" : "\n      ],\n"
        if !roots.isEmpty {
            var bases: [String] = []
            for (index, root) in roots.enumerated() {
                bases.append("\"\(SARIFReportWriter.baseID(index))\": " + (try JSONOutput.encodeLine(BaseURI(uri: SARIFReportWriter.directoryURI(root)))))
            }
            text += "      \"originalUriBaseIds\": {" + bases.joined(separator: ", ") + "},\n"
        }
        text += "      \"tool\": {\"driver\": \(driver)}\n    }\n  ]\n}\n"
        try output.write(text)
        try output.commit()
    }

    static func baseID(_ index: Int) -> String { index == 0 ? "%SRCROOT%" : "ROOT\(index + 1)" }

    /// A relative URI reference for a path (§3.4.3): `./` dropped, unsafe characters percent-encoded.
    static func uri(_ path: String) -> String {
        var trimmed = path
        while trimmed.hasPrefix("./") { trimmed.removeFirst(2) }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/!$&'()*+,;=:@")
        return trimmed.addingPercentEncoding(withAllowedCharacters: allowed) ?? trimmed
    }

    /// `file:///abs/root/` for an absolute directory (§3.14.14: a base URI ends in a slash).
    static func directoryURI(_ directory: String) -> String {
        let path = directory.hasSuffix("/") ? directory : directory + "/"
        return "file://" + uri(path.hasPrefix("/") ? path : "/" + path)
    }

    /// `github-pat` -> `GithubPat` (the `name` property is meant to be an identifier).
    static func ruleName(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
