import ArgumentParser
import Foundation
import VouchCore
import VouchImage
import VouchSBOM
import VouchFiles
import VouchRegistry

/// `vouch sbom`: SBOMs of a venv, a site-packages directory or a root filesystem, and RECORD verification.
struct SbomCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sbom",
        abstract: "Write SPDX / CycloneDX SBOMs of a Python environment or filesystem, or verify its RECORD hashes.",
        subcommands: [SbomGenerateCommand.self, SbomVerifyRecordCommand.self,
                      SbomValidateCommand.self, SbomCheckCommand.self, SbomScoreCommand.self, SbomDiffCommand.self,
                      SbomQueryCommand.self, SbomLicensesCommand.self, SbomReportCommand.self],
        defaultSubcommand: SbomGenerateCommand.self
    )
}

struct SbomGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write an SBOM of SOURCE: a venv, a site-packages or root filesystem directory, or a container image.",
        discussion: """
            Finds Python distributions (*.dist-info, *.egg-info, in every site-packages), the packages \
            they vendor, the components their own SBOMs declare (PEP 770, .dist-info/sboms/), Debian \
            packages (var/lib/dpkg/status, status.d/), and Swift packages (Package.resolved pins, \
            Package.swift's products). An image (OCI layout, OCI archive, docker-save \
            tar, IMAGE:tag) is read through its squashed filesystem and described by its manifest \
            digest; its layers must verify. A registry reference (see 'Image references' in the README) \
            is fetched and checked into a private temporary layout first, removed afterwards, and named \
            by the reference. Dependencies are the Requires-Dist entries whose \
            markers hold for the environment's Python (from pyvenv.cfg), extras followed only where a \
            dependent asked for them; requirements nothing installed satisfies are listed in the document.

            Nothing in a venv records what the project itself asked for. The root's direct dependencies \
            and their extras (uvicorn[standard]) come from the project's lock or requirement file: \
            --lock FILE, --project DIR, or found next to the venv (project/.venv: project/uv.lock, \
            pylock.toml, requirements.txt, pyproject.toml, in that order). The lock's hash of the \
            artifact each distribution was installed from (the wheel its WHEEL tags name) becomes the \
            component's hash. Without a lock, the root depends on the distributions nothing else \
            requires, and an extra of theirs whose requirements are all installed is inferred and \
            marked so (vouch:inferred-extra, an SPDX relationship comment).

            Formats: spdx-json, spdx-tag-value (SPDX 2.3), cyclonedx-json, cyclonedx-xml (CycloneDX 1.6, \
            or 1.5 with --spec-version). Give --format/--output pairs to write several in one run; a \
            --format without an --output goes to standard output. syft's -o FORMAT[=FILE] works too \
            (-o cyclonedx-json=app.cdx.json). Files are written atomically.

            The root component is what the SBOM describes. An image is named by its registry \
            reference (io.containerd.image.name, a docker-save RepoTag, a full \
            org.opencontainers.image.ref.name), never by the local path it was read from, and \
            versioned by its manifest digest, with a pkg:oci purl; an image that names no repository \
            is named after its file and tag. A venv is named and versioned by the project whose \
            pyproject.toml is in it or next to it, else by its directory (project/.venv is project). \
            --name and --subject-version (syft's --source-name, --source-version) say it instead. \
            --supplier names who supplies it (nothing in a venv or image says so; without it the \
            root's supplier is NOASSERTION and the SBOM lacks an NTIA minimum element, with a warning). \
            A package vendored into or declared by a distribution whose own metadata names no one is \
            supplied by that distribution's supplier (SPDX's "actual distribution source"), and says so.

            Output is reproducible: the same input gives byte-identical documents; the time is \
            SOURCE_DATE_EPOCH when set, and the SPDX namespace / CycloneDX serial number is a UUIDv5 of \
            the content.

            Examples:
              vouch sbom .venv
              vouch sbom .venv --format spdx-json -o a.spdx.json \\
                               --format cyclonedx-xml -o a.cdx.xml
              SOURCE_DATE_EPOCH=0 vouch sbom site-packages \\
                               --format cyclonedx-json --spec-version 1.5
              vouch sbom .venv --files --format spdx-tag-value -o files.spdx
              vouch sbom .venv -o spdx-json=a.spdx.json -o cyclonedx-json    (syft's -o)
              vouch sbom app.tar --platform linux/arm64 -o image.spdx.json
              vouch sbom ./app-layout --name ghcr.io/acme/app:1.0 -o app.spdx.json
              vouch sbom ghcr.io/acme/app:1.0 -o app.spdx.json
              vouch sbom .venv --author "Example Org (sbom@example.com)" -o app.spdx.json
              vouch sbom app.tar --supplier "Acme (security@acme.example)" -o app.spdx.json
              vouch sbom .venv --lock uv.lock --format cyclonedx-json -o app.cdx.json
            """
    )

    @Argument(help: "A venv, a site-packages directory, a root filesystem directory, or an image (OCI layout, OCI archive, docker-save tar; IMAGE:tag).")
    var source: String

    @Option(help: "For a multi-platform image: os/arch[/variant], e.g. linux/arm64.")
    var platform: String?

    @Option(help: "For an image container holding several images: the tag to pick (as IMAGE:TAG).")
    var tag: String?

    @Option(name: .long, help: "Output format (repeatable): spdx-json, spdx-tag-value, cyclonedx-json, cyclonedx-xml.")
    var format: [FormatArgument] = []

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Output file for the --format at the same position, or syft's FORMAT[=FILE] (repeatable).",
        discussion: "-o spdx-json writes that format to standard output and -o cyclonedx-json=app.cdx.json to the "
            + "file, as syft does; a file named like a format is ./spdx-json."))
    var output: [String] = []

    @Option(name: .long, help: "CycloneDX specification version: 1.6 or 1.5.")
    var specVersion: String = "1.6"

    @Option(name: .long, help: "Who the SBOM is by, \"Org (email)\": an SPDX Organization creator, CycloneDX metadata.authors and manufacturer.")
    var author: String?

    @Option(name: .long, help: "Who supplies the root component, \"Org (email)\": its SPDX supplier and CycloneDX supplier (an NTIA minimum element nothing in a venv or image states).")
    var supplier: String?

    @Option(name: .long, help: "The project's lock or requirement file (uv.lock, pylock.toml, requirements*.txt, pyproject.toml): the root's direct dependencies, the extras asked for, the artifacts' hashes.")
    var lock: String?

    @Option(name: .long, help: "The project directory whose lock file to read (uv.lock, then pylock.toml, requirements.txt, pyproject.toml).")
    var project: String?

    @Flag(name: .long, help: "Read no lock file, even one next to the venv.")
    var noLock = false

    @Flag(name: .long, help: "List each package's installed files (RECORD) with SHA-256, and SHA-1 for SPDX.")
    var files = false

    @Option(name: .long, help: "The Python version markers are evaluated for, e.g. 3.12.1 (default: from pyvenv.cfg or the lib/pythonX.Y path).")
    var pythonVersion: String?

    @Option(name: .long, help: "platform_machine for marker evaluation (default: this machine's).")
    var machine: String?

    @Option(
        name: [.long, .customLong("source-name")],
        help: "The root component's name (default: an image's registry reference, a venv's project name).")
    var name: String?

    @Option(
        name: [.long, .customLong("source-version")],
        help: "The root component's version (default: an image's manifest digest, a venv's project version).")
    var subjectVersion: String?

    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var registry: RegistryFlags

    /// The `-o` values written in syft's form, `FORMAT` or `FORMAT=FILE`: nil when none is.
    private var syftOutputs: [SBOMOutput]? {
        let parsed = output.map(SyftOutputArgument.init(argument:))
        guard parsed.contains(where: { $0 != nil }) else { return nil }
        return parsed.compactMap { $0?.output }
    }

    func validate() throws {
        if let syftOutputs {
            if syftOutputs.count != output.count {
                throw ValidationError("Give every -o as FORMAT[=FILE] (syft's form) or every -o as a file paired with a --format, not both.")
            }
            if !format.isEmpty {
                throw ValidationError("-o FORMAT[=FILE] names its own format: give no --format with it.")
            }
            if syftOutputs.filter({ $0.path == nil }).count > 1 {
                throw ValidationError("Only one document can go to standard output: give the other -o values a =FILE.")
            }
        }
        let formats = format.isEmpty ? 1 : format.count
        if syftOutputs == nil, !output.isEmpty, output.count != formats {
            throw ValidationError("Give one --output per --format (got \(formats) formats and \(output.count) outputs).")
        }
        if output.isEmpty, formats > 1 {
            throw ValidationError("Several --format values need an --output each; only one document can go to standard output.")
        }
        if !["1.5", "1.6"].contains(specVersion) { throw ValidationError("--spec-version must be 1.5 or 1.6.") }
        for (flag, value) in [("--name", name), ("--subject-version", subjectVersion)] {
            if let value, value.trimmingCharacters(in: .whitespaces).isEmpty || value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw ValidationError("\(flag) must be a non-empty name without control characters.")
            }
        }
        if [lock != nil, project != nil, noLock].filter({ $0 }).count > 1 {
            throw ValidationError("Give at most one of --lock, --project and --no-lock.")
        }
        if let pythonVersion, !PythonInterpreter.isVersion(pythonVersion) {
            throw ValidationError("--python-version '\(pythonVersion)' is not a Python version such as 3.12 or 3.12.1.")
        }
    }

    private var encodingOptions: SBOMEncodingOptions {
        var options = SBOMEncodingOptions(cycloneDXVersion: specVersion)
        options.author = author.flatMap(SBOMEncodingOptions.author)
        return options
    }

    func run() async throws {
        let argument = try await ImageArgument.resolve(source, tag: tag, contents: .image, registry: registry)
        defer { withExtendedLifetime(argument) {} }
        let formats = format.isEmpty ? [SBOMFormat.spdxJSON] : format.map(\.value)
        let outputs = syftOutputs ?? formats.enumerated().map { index, format in
            SBOMOutput(format: format, path: output.isEmpty ? nil : output[index])
        }
        let machine = self.machine ?? PythonInterpreter.hostMachine
        let interpreter = pythonVersion.map { PythonInterpreter(fullVersion: $0, machine: machine) }
        let platform = try self.platform.map { text throws(VouchError) in try Platform(parsing: text) }
        let result = try SBOMExport.run(
            source: argument.path, outputs: outputs,
            catalog: catalogOptions(interpreter: interpreter, machine: machine),
            encoding: encodingOptions, platform: platform,
            clock: try SystemWallClock(validating: ProcessInfo.processInfo.environment), tag: argument.tag,
            // A registry image is named by its reference, as a layout is by the reference in its tags.
            subject: SBOMSubject(name: name ?? argument.remote.map { _ in argument.displayName }, version: subjectVersion,
                                 supplier: supplier.flatMap(SBOMEncodingOptions.author)),
            lock: lockRequest)
        for warning in result.document.warnings { OutputStyle.warn(warning) }
        try StandardOutput.write(result.standardOutput)
    }
}

struct SbomVerifyRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-record",
        abstract: "Re-hash every installed file against its distribution's RECORD and report tampering.",
        discussion: """
            For each *.dist-info in every site-packages of SOURCE, hashes each file RECORD lists and \
            compares it with the recorded SHA-256 and size. Reports modified files (hash or size \
            differs), missing files, and unrecorded files (in site-packages but in no RECORD, e.g. a \
            dropped .pth file; __pycache__/*.pyc are ignored). A console script whose only difference \
            is its #! line, now naming this environment's own interpreter, with the rest exactly the \
            launcher pip writes for an entry point the distribution declares and RECORD's size fitting, \
            is reported as relocated (the venv was moved after installation): not tampering, unless \
            --strict.

            Exit status: 0 every file matches (relocated scripts allowed); 1 something was modified, \
            missing or unrecorded (or relocated, with --strict); 2 the source could not be read or held \
            no RECORD.

            Examples:
              vouch sbom verify-record .venv
              vouch sbom verify-record --format json /opt/app/venv
            """
    )

    @Argument(help: "A venv or site-packages directory, or an image (OCI layout, OCI archive, docker-save tar).")
    var source: String

    @Option(help: "For a multi-platform image: os/arch[/variant], e.g. linux/arm64.")
    var platform: String?

    @Option(help: "For an image container holding several images: the tag to pick (as IMAGE:TAG).")
    var tag: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Fail on relocated console scripts too (only their #! line differs from RECORD).")
    var strict = false

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let platform = try self.platform.map { text throws(VouchError) in try Platform(parsing: text) }
        let report = try RecordVerifier(strict: strict).verify(source: source, tag: tag, platform: platform)
        switch format {
        case .json:
            try StandardOutput.write(JSONOutput.encode(report))
        case .text:
            for finding in report.findings {
                var line = "\(finding.kind.rawValue): \(finding.path)"
                if let distribution = finding.distribution { line += " (\(distribution))" }
                if let expected = finding.expected { line += " expected \(expected)" + (finding.actual.map { ", found \($0)" } ?? "") }
                if let explanation = finding.explanation { line += ": \(explanation)" }
                try StandardOutput.line(line.terminalEscaped)
            }
            let relocated = report.findings.filter { $0.kind == .relocated }.count
            let relocatedNote = relocated > 0 ? ", \(relocated) relocated script\(relocated == 1 ? "" : "s")\(strict ? " (--strict)" : " (not tampering)")" : ""
            try StandardOutput.line("\(report.passed ? "OK" : "TAMPERED"): \(report.distributions) distributions, \(report.filesChecked) files checked, \(report.findings.count - relocated) findings\(relocatedNote)")
        }
        try ExitStatus.conclude(report)
    }
}

extension SbomGenerateCommand {
    /// `--lock`, `--project`, `--no-lock`, else the lock next to a venv.
    private var lockRequest: ProjectLock.Request {
        if let lock { return .file(lock) }
        if let project { return .project(project) }
        return noLock ? .none : .automatic
    }

    private func catalogOptions(interpreter: PythonInterpreter?, machine: String) -> CatalogOptions {
        var options = CatalogOptions(includeFiles: files, interpreter: interpreter, defaultMachine: machine)
        options.machineIsExplicit = self.machine != nil
        return options
    }
}

/// An `-o` value in syft's form: a format name alone (standard output) or `FORMAT=FILE`. Anything else is a
/// plain output path paired with a `--format`.
struct SyftOutputArgument {
    let output: SBOMOutput
    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard let format = SBOMFormat(rawValue: String(parts[0])) else { return nil }
        if parts.count == 2 {
            guard !parts[1].isEmpty else { return nil }
            output = SBOMOutput(format: format, path: String(parts[1]))
        } else {
            output = SBOMOutput(format: format, path: nil)
        }
    }
}

/// `--format` parsed into an ``SBOMFormat``.
struct FormatArgument: ExpressibleByArgument {
    let value: SBOMFormat
    init?(argument: String) {
        guard let value = SBOMFormat(rawValue: argument) else { return nil }
        self.value = value
    }
    static var allValueStrings: [String] { SBOMFormat.allCases.map(\.rawValue) }
}
