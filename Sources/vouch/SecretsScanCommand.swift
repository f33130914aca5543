import ArgumentParser
import Foundation
import VouchCore
import VouchRegistry
import VouchSecrets

struct SecretsScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan files, directory trees, standard input, git history or image layers for secrets.",
        discussion: """
            Directories are walked without following symbolic links and without entering '.git'; binary \
            files and files over --max-file-size are skipped and counted. Secrets are redacted to a short \
            prefix unless --no-redact is given.

            Suppressing findings: put 'vouch:allow' (or 'gitleaks:allow') on the line; list fingerprints in a \
            '.vouchignore' at the root of a scanned directory; or pass --baseline with a previous JSON report. \
            Fingerprints are '[commit:]file:rule:<sha256 of the secret, 16 hex>' with the file relative to the \
            scanned directory (the repository's top level with --git), so they survive line moves and apply in \
            any checkout.

            Each finding has a confidence: high for a vendor token format, medium for a generic assignment or \
            a vendor token under a test, fixture, example or docs path, low for a generic one there.

            --config takes a gitleaks TOML config as it is ([[rules]], [allowlist], [[allowlists]], \
            [extend] useDefault/disabledRules), or the same structure as JSON (Schemas/rules.schema.json).

            Archives (.zip, .jar, .whl, .tar, .tar.gz, .gz, …) are opened and their members scanned as \
            'archive!member', nested ones to --max-archive-depth (default 2), within the archive limits; text \
            with a stray NUL byte and UTF-16 text are scanned too.

            With --image every layer is scanned, so a secret deleted by a later layer is still reported, \
            with its layer index; paths are absolute within the image. A registry reference (see 'Image \
            references' in the README) is fetched and checked into a private temporary layout first, \
            removed afterwards.

            Exit status: 0 no findings; 1 (or --exit-code) findings remain; 2 the scan could not run or a \
            file could not be read; 64 usage error.

            Examples:
              vouch secrets scan src/ config/app.env
              git diff | vouch secrets scan -
              vouch secrets scan --git --log-opts='--since=2025-01-01' path/to/repo
              vouch secrets scan --image app.oci.tar --format sarif --report out.sarif
              vouch secrets scan --image ghcr.io/org/app:1.0
              vouch secrets scan --format json --report base.json .
              vouch secrets scan --baseline base.json .
              vouch secrets scan --min-confidence medium --max-archive-depth 0 .
            """
    )

    @Argument(help: "Files, directories, or '-' for standard input (default '.'). With --git: repositories.")
    var paths: [String] = []

    @Flag(help: "Scan the lines added by every commit (git log -p) instead of the files on disk.")
    var git = false

    @Option(help: "Scan every file of every layer of this image (OCI layout, oci-archive or docker-save tar, IMAGE[:tag]; or a registry reference).")
    var image: String?

    @OptionGroup var registry: RegistryFlags

    @Option(help: "With --image: the tag to pick when the container holds several images (as IMAGE:TAG).")
    var tag: String?

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

    @Option(name: .customLong("min-confidence"), help: "Report only findings of at least this confidence: low, medium or high (test, fixture and doc paths, and generic rules, rank lower).")
    var minConfidence: SecretsConfidenceArgument = .low

    @Option(name: .customLong("max-archive-depth"), help: "Open archives (.zip, .jar, .whl, .tar, .gz, …) to this depth; 0 scans archives as files.")
    var maxArchiveDepth: Int = SecretScanOptions().maxArchiveDepth

    func validate() throws {
        if logOptions != nil && !git { throw ValidationError("--log-opts needs --git.") }
        if git && paths.contains("-") { throw ValidationError("--git scans repositories, not standard input.") }
        if image != nil && (git || !paths.isEmpty) { throw ValidationError("--image scans an image alone; give no paths and no --git.") }
        if tag != nil && image == nil { throw ValidationError("--tag picks an image; it needs --image.") }
        _ = try maxFileSize.validated("--max-file-size")
        if let threads, threads < 0 { throw ValidationError("--threads must not be negative (got \(threads)).") }
        if maxArchiveDepth < 0 || maxArchiveDepth > 16 { throw ValidationError("--max-archive-depth must be 0-16.") }
        if exitCode < 0 || exitCode > 255 { throw ValidationError("--exit-code must be 0-255.") }
    }

    func run() async throws {
        var request = SecretScanRequest(paths: paths.isEmpty ? ["."] : paths)
        request.git = git
        var argument: ImageArgument?
        if let image { argument = try await ImageArgument.resolve(image, tag: tag, contents: .image, registry: registry) }
        defer { withExtendedLifetime(argument) {} }
        request.image = argument?.path
        request.imageTag = argument?.tag
        request.logOptions = logOptions.map { $0.split(separator: " ").map(String.init) } ?? []
        request.configPath = config
        request.baselinePath = baseline
        request.format = format.value
        request.reportPath = report
        request.redact = !noRedact
        request.colour = OutputStyle.colour
        request.options.maxFileBytes = try maxFileSize.validated("--max-file-size")
        request.options.threads = threads ?? 0
        request.options.minimumConfidence = minConfidence.value
        request.options.maxArchiveDepth = maxArchiveDepth
        request.notice = { notice in
            switch notice {
            case .compiled(let patterns, let seconds, let cache) where seconds > 1 && isatty(STDERR_FILENO) != 0:
                StandardError.write("vouch: compiled \(patterns) rule patterns in \((seconds * 10).rounded() / 10) s" + (cache.map { "; cached in \($0) for the next scan" } ?? "") + "\n")
            case .cacheNotWritten(let reason) where !OutputStyle.quiet:
                StandardError.write("vouch: warning: cannot write the rule cache (\(reason)); every scan compiles the rules again\n")
            case .compiled, .cacheNotWritten:
                break
            }
        }
        let summary = try request.run()
        for failure in summary.errors { StandardError.write("vouch: error: \(failure.path.terminalEscaped): \(failure.reason.terminalEscaped)\n") }
        try ExitStatus.conclude(summary, negativeStatus: exitCode)
        if !summary.errors.isEmpty { throw ExitStatus.couldNotRun.exitCode }
    }
}

/// `--min-confidence` of `vouch secrets scan`.
enum SecretsConfidenceArgument: String, ExpressibleByArgument, CaseIterable {
    case low, medium, high

    var value: SecretConfidence { SecretConfidence(rawValue: rawValue)! }
}

/// `--format` of `vouch secrets scan`.
enum SecretsReportFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, csv, junit

    var value: SecretReportFormat { SecretReportFormat(rawValue: rawValue)! }
}

