import ArgumentParser
import VouchCore
import VouchFiles
import VouchSBOM

struct LicenseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "license",
        abstract: "Identify license texts against the SPDX license list.",
        subcommands: [LicenseIdentifyCommand.self]
    )
}

struct LicenseIdentifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identify",
        abstract: "Print the SPDX license expression of each license file, with its score and method.",
        discussion: """
            Each file is compared with the SPDX license list's templates under the SPDX matching \
            guidelines (case, punctuation, bullets and copyright notices ignored; replaceable and \
            omittable text honoured). A file is identified when every license in it matches at a score \
            of 0.95 or more and nothing else of substance is left; several licenses are joined with AND. \
            A text that fits several ids equally (GPL-3.0-only and GPL-3.0-or-later without a notice) is \
            not identified: nothing is guessed.

            Exit codes: 0 every file identified; 1 a file was not identified; 2 a file could not be \
            read; 64 usage.

            Examples:
              vouch license identify LICENSE
              vouch license identify --format json .venv/lib/python3.12/site-packages/*.dist-info/licenses/*
            """
    )

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    @Argument(help: "License files to identify.")
    var files: [String]

    func run() throws {
        let report = try LicenseFileReport.identify(files)
        switch format {
        case .text:
            for entry in report.files {
                if let expression = entry.expression {
                    try StandardOutput.line("\(entry.file)\t\(expression)\tscore \(Self.format(entry.score))\t\(entry.method ?? "")")
                } else {
                    let found = entry.matches.map { $0.ids.joined(separator: "|") + " " + Self.format($0.score) }.joined(separator: ", ")
                    try StandardOutput.line("\(entry.file)\tNOASSERTION\t\(entry.problem ?? "")" + (found.isEmpty ? "" : "\tfound: \(found)"))
                }
            }
        case .json:
            try StandardOutput.write(try JSONOutput.encode(report))
        }
        if !report.unidentified.isEmpty { throw ExitStatus.negativeVerdict.exitCode }
    }

    static func format(_ score: Double?) -> String { LicenseTextMatch.format(score ?? 0) }
}
