import ArgumentParser
import VouchCore
import VouchRegistry
import VouchFiles
import VouchCrypto
import VouchImage
import VouchVuln

/// `vouch vuln`: offline vulnerability matching against OSV databases.
struct VulnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vuln",
        abstract: "Match installed packages against an OSV vulnerability database, offline.",
        subcommands: [VulnScanCommand.self, VulnDatabaseCommand.self]
    )
}

struct VulnScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Report the known vulnerabilities of a venv, filesystem, image or SBOM.",
        discussion: """
            SOURCE is anything 'vouch sbom' reads (a venv, site-packages, a root filesystem directory, an \
            image as OCI layout, OCI archive or docker-save tar, or a registry reference, fetched and checked \
            into a private temporary layout first); --sbom FILE reads an SPDX 2.3 (JSON or \
            tag-value) or CycloneDX 1.4-1.7 (JSON or XML) SBOM instead (Vouch's, syft's, trivy's). Python distributions match PyPI records; \
            Debian packages match Debian:<VERSION_ID> records by source package and source version.

            --db takes osv.dev's export zip (PyPI/all.zip, Debian/all.zip; read without unpacking), a \
            directory of OSV JSON searched recursively (GHSA and pypa repository layouts, osv-scanner's \
            offline cache DIR/osv-scanner/<ECOSYSTEM>/all.zip), or one record; repeat it to merge \
            databases (the newer 'modified' of a record id wins). An export zip is indexed on first use \
            into $XDG_CACHE_HOME/vouch/vuln/<sha256 of the zip>.idx (else ~/.cache/vouch/vuln), so later \
            scans decode only the records naming a scanned package; --no-cache reads the zip whole.

            Severity is the record's own rating when it has one, else the highest CVSS v3/v4 base score \
            of the records sharing the vulnerability's ids, else UNKNOWN. --severity CRITICAL,HIGH reports \
            only those, and says how many UNKNOWN findings it left out.

            Exit status: 0 no finding remains (after --ignore, --vex and --severity); 1 (or --exit-code) \
            findings remain; 2 the scan could not run; 64 usage error.

            Examples:
              vouch vuln scan .venv --db osv/PyPI/all.zip
              vouch vuln scan app.oci.tar --db osv/PyPI/all.zip --db osv/Debian/all.zip --severity CRITICAL,HIGH
              vouch vuln scan --sbom app.cdx.json --db ~/.cache/osv-scanner --format sarif -o vuln.sarif
              vouch vuln scan ghcr.io/org/app:1.0 --db osv/Debian/all.zip
              vouch vuln scan .venv --db osv/ --ignore PYSEC-2023-74 --vex app.openvex.json
              vouch vuln scan app.oci.tar --db osv/PyPI/all.zip --format cosign-vuln -o vuln.json --exit-code 0
              vouch attest app.oci.tar --predicate vuln.json --type vuln --key release.key --output vuln.intoto.jsonl
            """
    )

    @Argument(help: "A venv, site-packages or root filesystem directory, or an image (OCI layout, OCI archive, docker-save tar; IMAGE:tag).")
    var source: String?

    @OptionGroup var registry: RegistryFlags

    @Option(help: "Scan the packages an SBOM lists (SPDX 2.3 JSON or tag-value, CycloneDX 1.4-1.7 JSON or XML) instead of a SOURCE.")
    var sbom: String?

    @Option(name: .long, help: "An OSV database: export zip, directory of OSV JSON, or one record (repeatable, at least one).")
    var db: [String] = []

    @Option(help: "Report only these severities, comma-separated: CRITICAL,HIGH,MEDIUM,LOW,NONE,UNKNOWN (default: all).")
    var severity: String?

    @Option(help: "Leave out a vulnerability by id or alias (repeatable).")
    var ignore: [String] = []

    @Option(help: "An OpenVEX or CycloneDX VEX document whose not_affected / fixed statements suppress findings (repeatable).")
    var vex: [String] = []

    @Option(help: "Report format: text, json, sarif, cyclonedx (1.6 with vulnerabilities), openvex, cosign-vuln (cosign's vuln predicate, for vouch attest --type vuln).")
    var format: VulnFormatArgument = VulnFormatArgument(value: .text)

    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .shortAndLong, help: "Write the report to FILE (atomically) instead of standard output.")
    var output: String?

    @Option(help: "Exit status when findings remain (default 1; 0 never fails).")
    var exitCode: Int32 = 1

    @Option(help: "Warn when the database's newest record is older than this: 7d, 48h, 0 (never warn).")
    var maxDbAge: String = "7d"

    @Option(help: "For a multi-platform image: os/arch[/variant], e.g. linux/arm64.")
    var platform: String?

    @Flag(help: "Neither read nor write the compiled index of export zips ($XDG_CACHE_HOME/vouch/vuln); read each zip whole.")
    var noCache = false

    func validate() throws {
        if (source == nil) == (sbom == nil) { throw ValidationError("Give a SOURCE or --sbom FILE (one of them).") }
        if db.isEmpty { throw ValidationError("Give at least one --db (an OSV export zip, a directory of OSV JSON, or a record).") }
        _ = try severities()
        _ = try maximumAge()
        if !(0...255).contains(exitCode) { throw ValidationError("--exit-code must be 0-255.") }
    }

    func severities() throws -> Set<SeverityLevel>? {
        guard let severity else { return nil }
        var levels: Set<SeverityLevel> = []
        for name in severity.split(separator: ",") {
            guard let level = SeverityLevel(name: String(name).trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("Unknown severity '\(name)'; use CRITICAL, HIGH, MEDIUM, LOW, NONE, UNKNOWN.")
            }
            levels.insert(level)
        }
        return levels
    }

    /// Seconds, or nil for `0` (never warn).
    func maximumAge() throws -> Double? {
        guard let unit = maxDbAge.last, let number = Double(maxDbAge.dropLast()) ?? (maxDbAge == "0" ? 0 : nil) else {
            throw ValidationError("--max-db-age must be a number of days or hours: 7d, 48h, or 0.")
        }
        if maxDbAge == "0" { return nil }
        switch unit {
        case "d": return number * 86_400
        case "h": return number * 3_600
        default: throw ValidationError("--max-db-age must end in d (days) or h (hours): 7d, 48h, or 0.")
        }
    }

    func run() async throws {
        var argument: ImageArgument?
        if let source { argument = try await ImageArgument.resolve(source, tag: nil, contents: .image, registry: registry) }
        defer { withExtendedLifetime(argument) {} }
        let scan = VulnerabilityScan(databases: db, severities: try severities(), ignores: ignore.map { VulnerabilityIgnore(id: $0) },
                                     vexFiles: vex, maximumDatabaseAge: try maximumAge(),
                                     cacheDirectory: noCache ? nil : VulnerabilityDatabase.defaultCacheDirectory)
        var report: VulnerabilityReport
        if let sbom {
            report = try scan.scan(sbom: sbom)
        } else {
            let platform = try self.platform.map { text throws(VouchError) in try Platform(parsing: text) }
            report = try scan.scan(source: argument!.path, platform: platform)
            if let argument, argument.remote != nil { report.source.name = argument.displayName }
        }
        for warning in report.warnings { OutputStyle.warn(warning) }
        let bytes = try format.value.render(report)
        if let output {
            try OutputFile.write(bytes, to: output, overwrite: true)
        } else {
            try StandardOutput.write(bytes)
        }
        if !report.passed, exitCode != 0 { throw ExitCode(exitCode) }
    }
}

struct VulnDatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Inspect OSV vulnerability databases.",
        subcommands: [VulnDatabaseInfoCommand.self]
    )
}

struct VulnDatabaseInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "What a database holds: ecosystems, record counts, newest modified, withdrawn, and what was skipped and why.",
        discussion: """
            Reads every database given (merged as a scan would merge them) and checks every range of every \
            entry Vouch can match: ranges whose bounds do not parse in their ecosystem's order are counted \
            by reason, as are entries no scan can match (unknown ecosystem, no package).

            Examples:
              vouch vuln db info osv/PyPI/all.zip
              vouch vuln db info --format json osv/PyPI/all.zip osv/Debian/all.zip
            """
    )

    @Argument(help: "OSV databases: export zips, directories of OSV JSON, or records.")
    var paths: [String]

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Neither read nor write the compiled index of export zips ($XDG_CACHE_HOME/vouch/vuln); read each zip whole.")
    var noCache = false

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let database = try VulnerabilityDatabase(loading: paths, cacheDirectory: noCache ? nil : VulnerabilityDatabase.defaultCacheDirectory)
        for failure in database.cacheWriteFailures { OutputStyle.warn(failure) }
        let info = database.info
        switch format {
        case .json:
            try StandardOutput.write(Array(try JSONOutput.encode(info).utf8))
        case .text:
            var text = "sources: \(info.sources.joined(separator: ", "))\n"
            text += "records: \(info.records) (\(info.withdrawn) withdrawn, \(info.superseded) replaced by a newer record with the same id)\n"
            text += "newest modified: \(info.newestModified ?? "none")\n"
            text += "ecosystems:\n" + info.ecosystems.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value) records\n" }.joined()
            func section(_ title: String, _ counts: [String: Int]) -> String {
                counts.isEmpty ? "\(title): none\n" : "\(title):\n" + counts.sorted { $0.key < $1.key }.map { "  \($0.value) \($0.key)\n" }.joined()
            }
            text += section("records skipped", info.skipped)
            text += section("entries no scan can match", info.unmatchableEntries)
            text += section("ranges that cannot be evaluated", info.unusableRanges)
            try StandardOutput.write(Array(text.utf8))
        }
    }
}

/// `--format` parsed into a ``VulnerabilityReportFormat``.
struct VulnFormatArgument: ExpressibleByArgument {
    let value: VulnerabilityReportFormat
    init(value: VulnerabilityReportFormat) { self.value = value }
    init?(argument: String) {
        guard let value = VulnerabilityReportFormat(rawValue: argument) else { return nil }
        self.value = value
    }
    static var allValueStrings: [String] { VulnerabilityReportFormat.allCases.map(\.rawValue) }
}
