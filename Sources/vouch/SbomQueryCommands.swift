import ArgumentParser
import Foundation
import VouchCore
import VouchFiles
import VouchPolicy
import VouchSBOM
import VouchSBOMAudit

/// `--select` for `vouch sbom query`: comma-separated fields.
struct SelectArgument: ExpressibleByArgument {
    let fields: [ComponentField]
    init?(argument: String) {
        var fields: [ComponentField] = []
        for word in argument.split(separator: ",") {
            guard let field = ComponentField(rawValue: word.trimmingCharacters(in: .whitespaces).lowercased()) else { return nil }
            fields.append(field)
        }
        guard !fields.isEmpty else { return nil }
        self.fields = fields
    }
    static var allValueStrings: [String] { ComponentField.allCases.map(\.rawValue) }
}

/// `vouch sbom query`: components of any SBOM by field.
struct SbomQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "List the components of any SBOM that match --where filters, with the fields --select names.",
        discussion: """
            Filters (repeat --where; a component must pass all of them; field names and values ignore case):
              FIELD=GLOB    the whole value matches the glob (* any run, ? one character)
              FIELD!=GLOB   it does not
              FIELD~TEXT    the value contains TEXT
              FIELD!~TEXT   it does not
            A value the SBOM does not give (absent, NOASSERTION, NONE) is empty: `--where supplier=` \
            lists the components without a supplier.

            Fields: name, version, purl, ecosystem (the purl type: pypi, deb, cargo, ...; empty without a purl), license (the \
            concluded license when the SBOM asserts one, else the declared one: what the gate's license \
            rule judges), license-declared, license-concluded, supplier, id (SPDXID or bom-ref), hashes \
            (ALG:value ...), cpe, role (primary, component or other). Default --select: \
            name,version,purl,license. Components are the described (primary) component, the packages \
            (in the SBOM reader's order: by element id), then the other elements (an operating \
            system, files).

            Reads SPDX 2.3 JSON and tag-value, CycloneDX 1.4-1.7 JSON and XML from any producer.

            Exit status: 0 some component matched; 1 none did (as grep); 2 the file could not be read; \
            64 a bad --where or --select.

            Examples:
              vouch sbom query app.spdx.json --where 'name=pydantic*'
              vouch sbom query app.cdx.json --where license~GPL --select name,version,license
              vouch sbom query app.cdx.json --where ecosystem=pypi --where supplier= --format json
            """
    )

    @Argument(help: "An SPDX or CycloneDX SBOM.")
    var file: String

    @Option(name: .customLong("where"), help: ArgumentHelp("A filter: FIELD=GLOB, FIELD!=GLOB, FIELD~TEXT or FIELD!~TEXT (repeatable, all must match).", valueName: "filter"))
    var filters: [String] = []

    @Option(help: ArgumentHelp("Comma-separated fields to print (default: name,version,purl,license).", valueName: "fields"))
    var select: SelectArgument?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "No header line in text output.")
    var noHeader = false

    @OptionGroup var outputOptions: OutputOptions

    /// Parsed here rather than as an argument type, so the usage error says what is wrong with the filter.
    func parsedFilters() throws -> [ComponentFilter] {
        do { return try filters.map { (text) throws(ComponentFilterError) in try ComponentFilter(parsing: text) } } catch { throw ValidationError(error.description) }
    }

    func validate() throws { _ = try parsedFilters() }

    func run() throws {
        let document = try SBOMReader.read(path: file)
        let fields = select?.fields ?? [.name, .version, .purl, .license]
        let result = SBOMQueryResult.run(document, filters: try parsedFilters(), fields: fields, file: file)
        switch format {
        case .json: try StandardOutput.write(JSONOutput.encode(result))
        case .text:
            try StandardOutput.write(result.text(header: !noHeader))
            if !OutputStyle.quiet { StandardError.write("\(result.rows.count) of \(result.total) components\n") }
        }
        try ExitStatus.conclude(result)
    }
}

/// `vouch sbom licenses`: the license breakdown of any SBOM, and the gate's license rule on it.
struct SbomLicensesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "licenses",
        abstract: "Count the licenses of any SBOM's packages; with --policy, apply the deploy gate's license rule to them.",
        discussion: """
            Each package's license is the concluded one when the SBOM asserts one (SPDX licenseConcluded, \
            CycloneDX acknowledgement "concluded"), else the declared one, as `vouch policy check` judges \
            it. Expressions are parsed with SPDX 2.3 Annex D and counted in canonical form.

            With --policy, the policy file's `licenses:` rule (allow, deny, exceptions, allowUnknown; see \
            README "Policy") is applied exactly as the gate applies it: `A OR B` passes when either side \
            is acceptable, `A AND B` when both are, `L WITH E` is judged as `L WITH E` if listed, else as \
            `L`. Other rules of the policy are not applied (they are about an image, not an SBOM).

            Exit status: 0 no policy, or every package passes; 1 some package fails the license rule; \
            2 a file could not be read, or the policy has no licenses rule.

            Examples:
              vouch sbom licenses app.spdx.json
              vouch sbom licenses syft.cdx.json --policy policy.yaml
              vouch sbom licenses app.cdx.json --policy policy.yaml --format json
            """
    )

    @Argument(help: "An SPDX or CycloneDX SBOM.")
    var file: String

    @Option(help: "A policy file (YAML or JSON) whose licenses rule is applied.")
    var policy: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let rule: LicenseRule?
        if let policy {
            guard let licenses = try Policy(contentsOf: policy).licenses else {
                throw VouchError(.invalidArgument, "the policy has no licenses rule to apply", path: policy)
            }
            rule = licenses
        } else {
            rule = nil
        }
        let document = try SBOMReader.read(path: file)
        let report = LicenseReport.make(document, rule: rule, policyPath: policy, file: file)
        switch format {
        case .json: try StandardOutput.write(JSONOutput.encode(report))
        case .text: try StandardOutput.write(report.text())
        }
        try ExitStatus.conclude(report)
    }
}
