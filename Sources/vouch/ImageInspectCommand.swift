import ArgumentParser
import VouchCore
import VouchImage
import VouchFiles
import VouchRegistry

struct ImageInspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show an image's format, tags, digests, platform, layers and history.",
        discussion: """
            Reads and checks the documents only (index, manifest, config), not the layers; use \
            `vouch image verify` for that.

            Examples:
              vouch image inspect app.tar
              vouch image inspect --format json ./layout
              vouch image inspect ghcr.io/org/app:1.0

            A registry reference (see 'Image references' in the README) is fetched and checked into a \
            private temporary layout first, removed afterwards.
            """
    )

    @OptionGroup var options: ImageOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var registry: RegistryFlags

    func run() async throws {
        let (options, argument) = try await self.options.resolved(.documents, registry: registry, format: format)
        defer { withExtendedLifetime(argument) {} }
        var summary = ImageSummary(try options.load())
        if argument.remote != nil { summary.path = argument.displayName }
        switch format {
        case .json:
            try StandardOutput.write(JSONOutput.encode(summary))
        case .text:
            try StandardOutput.write(ImageText.summary(summary))
            if let created = summary.created { try StandardOutput.line("created: \(created.terminalEscaped)") }
            try StandardOutput.line("layers:")
            for layer in summary.layers {
                try StandardOutput.line("  \(layer.index): \((layer.digest?.description ?? layer.path).terminalEscaped)  \(layer.size.map { "\($0) bytes" } ?? "-")  \(layer.mediaType.terminalEscaped)")
                try StandardOutput.line("     diff_id: \(layer.diffID?.description ?? "-")")
            }
            if !summary.history.isEmpty {
                try StandardOutput.line("history:")
                for entry in summary.history {
                    try StandardOutput.line("  \((entry.created ?? "-").terminalEscaped)  \(entry.emptyLayer == true ? "(empty) " : "")\((entry.createdBy ?? entry.comment ?? "").terminalEscaped)")
                }
            }
        }
    }
}
