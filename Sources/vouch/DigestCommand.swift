import ArgumentParser
import VouchCore
import VouchCrypto
import VouchFiles

struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Print the content digest of files, in OCI form (sha256:<hex>).",
        discussion: """
            Prints one line per file: the digest, two spaces, the file name. A file that cannot be read \
            is reported on standard error and the others are still digested; the exit code is then 2.

            Examples:
              vouch digest layer.tar
              vouch digest --algorithm sha512 a.bin b.bin
              cat blob | vouch digest -
            """
    )

    @Option(name: .shortAndLong, help: "Hash algorithm: sha256, sha384 or sha512.")
    var algorithm: AlgorithmArgument = .init(.sha256)

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Argument(help: "Files to digest; '-' reads standard input.")
    var files: [String]

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one file, or '-' for standard input.") }
    }

    func run() throws {
        let report = try FileDigester(algorithm: algorithm.value).digestAll(paths: files)
        switch format {
        case .text:
            try StandardOutput.lines(report.files.lazy.map { "\($0.digest)  \($0.path.terminalEscaped)" })
        case .json:
            try StandardOutput.write(JSONOutput.encode(report))
        }
        for failure in report.errors { StandardError.write("vouch: error: \(failure.path.terminalEscaped): \(failure.reason.terminalEscaped)\n") }
        if !report.errors.isEmpty { throw ExitStatus.couldNotRun.exitCode }
    }
}

/// `--algorithm` parsed into a ``DigestAlgorithm``.
struct AlgorithmArgument: ExpressibleByArgument {
    let value: DigestAlgorithm
    init(_ value: DigestAlgorithm) { self.value = value }
    init?(argument: String) {
        guard let value = DigestAlgorithm(name: argument) else { return nil }
        self.value = value
    }
    var defaultValueDescription: String { value.name }
    static var allValueStrings: [String] { DigestAlgorithm.allCases.map(\.name) }
}
