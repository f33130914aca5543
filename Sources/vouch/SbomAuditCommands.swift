import ArgumentParser
import Foundation
import VouchCore
import VouchFiles
import VouchSBOM
import VouchSBOMAudit

/// `vouch sbom validate`: schema validity and referential integrity of any SBOM.
struct SbomValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check an SBOM against its format's schema and for dangling references, duplicate ids and cycles.",
        discussion: """
            CycloneDX 1.4-1.7 JSON is validated against the official JSON schema of its specVersion \
            (bundled: Schemas/sbom/, from cyclonedx-python-lib 11.12.0). SPDX 2.3 JSON is validated against \
            the official SPDX 2.3 JSON schema (bundled, from spdx/spdx-spec v2.3) and, like SPDX 2.2, \
            against the specification's mandatory fields and value syntax (Schemas/sbom/README.md). \
            Both are checked for referential \
            integrity: every bom-ref / SPDXID unique, every dependency, composition and relationship \
            naming an element of the document. Dependency cycles are listed but do not fail: both \
            formats allow them.

            Exit status: 0 valid; 1 schema or integrity problems; 2 the file could not be read or is \
            not an SPDX/CycloneDX JSON document of a supported version.

            Examples:
              vouch sbom validate app.cdx.json
              vouch sbom validate --format json trivy.spdx.json
            """
    )

    @Argument(help: "An SPDX 2.3 JSON or CycloneDX 1.4-1.7 JSON SBOM.")
    var file: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let report = try SBOMValidator.validate(try SBOMReader.bytes(path: file), path: file)
        switch format {
        case .json:
            try StandardOutput.write(JSONOutput.encode(report))
        case .text:
            for problem in report.schemaProblems { try StandardOutput.line("schema: \(problem)".terminalEscaped) }
            for problem in report.integrityProblems { try StandardOutput.line("integrity: \(problem)".terminalEscaped) }
            for cycle in report.cycles { try StandardOutput.line("cycle: \((cycle + [cycle[0]]).joined(separator: " -> "))".terminalEscaped) }
            let verdict = report.passed ? "VALID" : "INVALID"
            try StandardOutput.line("\(verdict): \(report.format) \(report.specVersion), \(report.schemaProblems.count) schema problem\(report.schemaProblems.count == 1 ? "" : "s"), \(report.integrityProblems.count) integrity problem\(report.integrityProblems.count == 1 ? "" : "s"), \(report.cycles.count) cycle\(report.cycles.count == 1 ? "" : "s") (\(report.schema))".terminalEscaped)
        }
        try ExitStatus.conclude(report)
    }
}

/// `--profile` for `vouch sbom check`.
struct ProfileArgument: ExpressibleByArgument {
    let value: SBOMProfile
    init?(argument: String) {
        guard let value = SBOMProfile(rawValue: argument) else { return nil }
        self.value = value
    }
    static var allValueStrings: [String] { SBOMProfile.allCases.map(\.rawValue) }
}

/// `vouch sbom check`: minimum elements under a profile.
struct SbomCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check an SBOM's minimum elements under NTIA 2021, CISA 2026, FSCT 3 or BSI TR-03183-2 v2.1.",
        discussion: """
            For each minimum element of the profile: how many components have it (have/total) and \
            which do not; document-level elements (author, timestamp, ...) count 1 of 1. Each profile \
            is read as its own text reads, and they differ: ntia-2021 accepts a tool as the SBOM author \
            and (for SPDX) the SPDXID as identifier, as ntia-conformance-checker does; cisa-2026 wants a \
            person or organization as author, a signature, component hashes and declared licenses; \
            fsct3 adds concluded licenses, copyright notices and the SBOM type; bsi-2.1 needs CycloneDX \
            1.6+, e-mail or URL contacts of the creators (a supplier is not a creator), SHA-512 hashes \
            of the deployable files and the bsi:component:* properties with their allowed values, and \
            each failing element's note says what is missing and who can supply it (the package's \
            metadata, the producer, or only the SBOM's issuer, as for a concluded licence).

            Reads SPDX 2.3 JSON and CycloneDX 1.4-1.7 JSON from any producer.

            Exit status: 0 every element is met; 1 some element is not; 2 the file could not be read.

            Examples:
              vouch sbom check app.spdx.json --profile ntia-2021
              vouch sbom check app.cdx.json --profile bsi-2.1 --format json
            """
    )

    @Argument(help: "An SPDX 2.3 JSON or CycloneDX 1.4-1.7 JSON SBOM.")
    var file: String

    @Option(help: "The profile: ntia-2021, cisa-2026, fsct3 or bsi-2.1.")
    var profile: ProfileArgument

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Components listed per failing element in text output (json lists all).")
    var show: Int = 10

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let document = try SBOMReader.read(path: file)
        let report = MinimumElements.check(document, profile: profile.value, file: file)
        switch format {
        case .json:
            try StandardOutput.write(JSONOutput.encode(report))
        case .text:
            try StandardOutput.line("\(report.profileTitle): \(report.passed ? "PASS" : "FAIL") (\(report.format) \(report.specVersion), \(report.components) components) \(file)".terminalEscaped)
            let width = report.elements.map(\.element.count).max() ?? 0
            for element in report.elements {
                try StandardOutput.line("  \(element.passed ? "PASS" : "FAIL")  \(element.element.padding(toLength: width, withPad: " ", startingAt: 0))  \(element.have)/\(element.total)  \(element.requirement)")
                if !element.failing.isEmpty {
                    let shown = element.failing.prefix(max(show, 0)).joined(separator: ", ")
                    try StandardOutput.line(("        missing: \(shown)" + (element.failing.count > show ? " (+\(element.failing.count - max(show, 0)) more)" : "")).terminalEscaped)
                }
                if let note = element.note { try StandardOutput.line("        note: \(note)") }
            }
        }
        try ExitStatus.conclude(report)
    }
}

/// `vouch sbom score`: sbomqs-compatible quality score.
struct SbomScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score an SBOM's quality from 0 to 10 as sbomqs v2.0.12 scores it.",
        discussion: """
            sbomqs v2.0.12's seven categories and weights (Identification 10, Provenance 12, Integrity 15, \
            Completeness 12, Licensing 15, Vulnerability 10, Structural 8), its feature keys, per-feature \
            weights and formulas: a per-component feature scores 10 x have/total (at most 9.9 while one \
            component lacks it), a document feature 10 or 0; a feature sbomqs ignores for the document \
            (no components; SPDX's signature and dependency completeness) is n/a and its category \
            renormalized; purl and CPE count as one OR group. sbomqs scores SPDX 0 on sbom_supplier, \
            sbom_lifecycle and sbom_completeness_declared, and so does this. Grades: A >= 9, B >= 8, \
            C >= 7, D >= 5, F. The schema feature is `vouch sbom validate` (JSON only, as in sbomqs).

            Model followed: \(QualityScore.sbomqsModel) (also the JSON output's `sbomqs`).

            Exit status: 0 scored (whatever the score); 2 the file could not be read.

            Examples:
              vouch sbom score app.cdx.json
              vouch sbom score --format json app.spdx.json
            """
    )

    @Argument(help: "An SPDX 2.3 JSON or CycloneDX 1.4-1.7 JSON SBOM.")
    var file: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let bytes = try SBOMReader.bytes(path: file)
        let document = try SBOMReader.read(bytes, path: file)
        let valid = try SBOMValidator.validate(bytes, path: file).passed
        let score = QualityScore.score(document, schemaValid: valid, file: file)
        switch format {
        case .json:
            try StandardOutput.write(JSONOutput.encode(score))
        case .text:
            try StandardOutput.line("SBOM quality score: \(Self.number(score.score))/10.0  grade \(score.grade)  \(score.format) \(score.specVersion)  \(score.components) components  \(file)".terminalEscaped)
            for category in score.categories {
                try StandardOutput.line("\(category.name) (weight \(Int(category.weight))): \(Self.number(category.score))")
                for feature in category.features {
                    let value = feature.score.map { Self.number($0) } ?? "n/a"
                    try StandardOutput.line("  \(feature.name.padding(toLength: 32, withPad: " ", startingAt: 0)) \(value.padding(toLength: 5, withPad: " ", startingAt: 0)) \(feature.description)".terminalEscaped)
                }
            }
        }
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// `--fail-on` values for `vouch sbom diff`.
struct DiffFailOn: ExpressibleByArgument {
    let kinds: [SBOMDiffReport.ChangeKind]

    init?(argument: String) {
        var kinds: [SBOMDiffReport.ChangeKind] = []
        for word in argument.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            switch word {
            case "none": continue
            case "any": kinds += SBOMDiffReport.ChangeKind.allCases
            default:
                guard let kind = SBOMDiffReport.ChangeKind(rawValue: word) else { return nil }
                kinds.append(kind)
            }
        }
        self.kinds = kinds
    }

    static var allValueStrings: [String] { SBOMDiffReport.ChangeKind.allCases.map(\.rawValue) + ["any", "none"] }
}

/// `--format` for `vouch sbom diff`.
enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

/// `vouch sbom diff`: changes between two SBOMs.
struct SbomDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two SBOMs: added, removed, upgraded, downgraded components, license, supplier, hash and edge changes.",
        discussion: """
            Components are matched by purl without version (PyPI names normalized; Python idna and \
            Rust idna are different components), else by ecosystem and name. Versions compare in their \
            ecosystem's order (PEP 440, Debian), so a downgrade is told from an upgrade. A hash that \
            changed while the version did not (for an algorithm both SBOMs give) means different bytes \
            under the same name and version: by default that fails.

            --fail-on takes a comma-separated list of change kinds (added, removed, upgraded, \
            downgraded, version-changed, license-changed, supplier-changed, hash-changed), `any` or \
            `none`; default hash-changed. --format markdown fits a pull-request comment.

            Exit status: 0 no change of a failing kind; 1 some; 2 a file could not be read.

            Examples:
              vouch sbom diff old.cdx.json new.cdx.json
              vouch sbom diff old.spdx.json new.spdx.json --format markdown > comment.md
              vouch sbom diff a.json b.json --fail-on downgraded,hash-changed,license-changed
            """
    )

    @Argument(help: "The earlier SBOM.")
    var old: String

    @Argument(help: "The later SBOM.")
    var new: String

    @Option(help: "Output format: text, json or markdown.")
    var format: DiffFormat = .text

    @Option(name: .customLong("fail-on"), help: "Change kinds that exit 1 (comma-separated, repeatable; default hash-changed).")
    var failOn: [DiffFailOn] = []

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let before = try SBOMReader.read(path: old)
        let after = try SBOMReader.read(path: new)
        let kinds = failOn.isEmpty ? [.hashChanged] : failOn.flatMap(\.kinds)
        var unique: [SBOMDiffReport.ChangeKind] = []
        for kind in kinds where !unique.contains(kind) { unique.append(kind) }
        let report = SBOMDiff.compare(before, after, oldName: old, newName: new, failOn: unique)
        switch format {
        case .json: try StandardOutput.write(JSONOutput.encode(report))
        case .text: try StandardOutput.write(report.text())
        case .markdown: try StandardOutput.write(report.markdown())
        }
        try ExitStatus.conclude(report)
    }
}
