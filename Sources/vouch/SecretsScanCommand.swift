import ArgumentParser
import VouchCore
import VouchSecrets

struct SecretsScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan files, directory trees, standard input, git history or image layers for secrets.",
        discussion: """
            Directories are walked without following symbolic links and without entering '.git'; binary \
            files and files over --max-file-size are skipped and counted. Secrets are redacted to a short \
            prefix unless --no-redact is given.

            Suppressing findings: put 'vouch:allow' (or 'gitleaks:allow') on the line; list fingerprints in a \
            '.vouchignore' at the root of a scanned directory; or pass --baseline with a previous JSON report. \
            Fingerprints are '[commit:]file:rule:<sha256 of the secret, 16 hex>', so they survive line moves.

            --config takes a gitleaks TOML config as it is ([[rules]], [allowlist], [[allowlists]], \
            [extend] useDefault/disabledRules), or the same structure as JSON (Schemas/rules.schema.json).

            With --image every layer is scanned, so a secret deleted by a later layer is still reported, \
            with its layer index; paths are absolute within the image.

            Exit status: 0 no findings; 1 (or --exit-code) findings remain; 2 the scan could not run or a \
            file could not be read; 64 usage error.

            Examples:
              vouch secrets scan src/ config/app.env
              git diff | vouch secrets scan -
              vouch secrets scan --git --log-opts='--since=2025-01-01' path/to/repo
              vouch secrets scan --image app.oci.tar --format sarif --report out.sarif
              vouch secrets scan --format json --report base.json .
              vouch secrets scan --baseline base.json .
            """
    )

    @Argument(help: "Files, directories, or '-' for standard input (default '.'). With --git: repositories.")
    var paths: [String] = []

    @Flag(help: "Scan the lines added by every commit (git log -p) instead of the files on disk.")
    var git = false

    @Option(help: "Scan every file of every layer of this image (OCI layout, oci-archive or docker-save tar), IMAGE[:tag].")
    var image: String?

    @Option(name: .customLong("log-opts"), help: "Options for 'git log' replacing '--full-history --all', e.g. 'main~5..main'.")
    var logOptions: String?

    @Option(help: "Report format: text, json, sarif, csv or junit.")
    var format: SecretsReportFormatArgument = .text

    @Option(help: "Write the report to this file (created only when the scan completes) instead of standard output.")
    var report: String?

    @Option(help: "A previous JSON report; its findings are not reported again.")
    var baseline: String?

    @Option(help: "A gitleaks TOML config or a Vouch JSON rules file.")
    var config: String?

    @Flag(name: .customLong("no-redact"), help: "Show secrets in full in the report.")
    var noRedact = false

    @Option(name: .customLong("exit-code"), help: "Exit status when findings remain.")
    var exitCode: Int32 = 1

    @Option(name: .customLong("max-file-size"), parsing: .unconditional,
            help: ArgumentHelp("Skip files larger than this: bytes, or with a unit K, M, G (powers of 1024), e.g. 10M.", valueName: "size"))
    var maxFileSize = ByteCountArgument(bytes: SecretScanOptions.defaultMaxFileBytes)

    @Option(parsing: .unconditional, help: "Threads scanning files in parallel (default: one per CPU).")
    var threads: Int?

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if logOptions != nil && !git { throw ValidationError("--log-opts needs --git.") }
        if git && paths.contains("-") { throw ValidationError("--git scans repositories, not standard input.") }
        if image != nil && (git || !paths.isEmpty) { throw ValidationError("--image scans an image alone; give no paths and no --git.") }
        _ = try maxFileSize.validated("--max-file-size")
        if let threads, threads < 0 { throw ValidationError("--threads must not be negative (got \(threads)).") }
        if exitCode < 0 || exitCode > 255 { throw ValidationError("--exit-code must be 0-255.") }
    }

    func run() throws {
        var request = SecretScanRequest(paths: paths.isEmpty ? ["."] : paths)
        request.git = git
        request.image = image
        request.logOptions = logOptions.map { $0.split(separator: " ").map(String.init) } ?? []
        request.configPath = config
        request.baselinePath = baseline
        request.format = format.value
        request.reportPath = report
        request.redact = !noRedact
        request.colour = OutputStyle.colour
        request.options.maxFileBytes = try maxFileSize.validated("--max-file-size")
        request.options.threads = threads ?? 0
        let summary = try request.run()
        for failure in summary.errors { StandardError.write("vouch: error: \(failure.path.terminalEscaped): \(failure.reason.terminalEscaped)\n") }
        if summary.findings > 0 { throw ExitCode(exitCode) }
        if !summary.errors.isEmpty { throw ExitStatus.couldNotRun.exitCode }
    }
}

/// `--format` of `vouch secrets scan`.
enum SecretsReportFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, csv, junit

    var value: SecretReportFormat { SecretReportFormat(rawValue: rawValue)! }
}

