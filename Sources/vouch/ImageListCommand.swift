import ArgumentParser
import VouchCore
import VouchImage
import VouchFiles
import VouchRegistry

struct ImageListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List the files of each layer, of one layer, or of the final (squashed) filesystem.",
        discussion: """
            Without --layer or --squashed, lists every layer's entries in order, whiteouts included. \
            --squashed applies the layers with their whiteouts and lists the result, as a container \
            would see it. Nothing is extracted. The image is verified on the way; failures are printed \
            on standard error and make the exit status 1.

            Examples:
              vouch image ls --squashed app.tar
              vouch image ls --layer 2 --format json ./layout
              vouch image ls --squashed ghcr.io/org/app:1.0

            A registry reference (see 'Image references' in the README) is fetched and checked into a \
            private temporary layout first, removed afterwards.
            """
    )

    @OptionGroup var options: ImageOptions

    @Option(parsing: .unconditional, help: "List only this layer (0-based).")
    var layer: Int?

    @Flag(help: "List the final filesystem with whiteouts applied.")
    var squashed = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var registry: RegistryFlags

    func validate() throws {
        if squashed, layer != nil { throw ValidationError("Give --layer or --squashed, not both.") }
        if let layer, layer < 0 { throw ValidationError("--layer must not be negative (got \(layer)); layers count from 0.") }
    }

    func run() async throws {
        let (options, argument) = try await self.options.resolved(.image, registry: registry, format: format)
        defer { withExtendedLifetime(argument) {} }
        let image = try options.load()
        let listing = try ImageListing.make(image, layer: layer, squashed: squashed)
        switch format {
        case .json:
            try StandardOutput.write(JSONOutput.encode(listing))
        case .text:
            for group in listing.layers {
                if listing.layers.count > 1 { try StandardOutput.line("layer \(group.index):") }
                try StandardOutput.lines(group.files.lazy.map(Self.line))
            }
        }
        for failure in listing.failures { StandardError.write("vouch: \(failure.description.terminalEscaped)\n") }
        try ExitStatus.conclude(listing)
    }

    static func line(_ file: ImageListing.File) -> String {
        let link = file.linkTarget.map { " -> \($0)" } ?? ""
        return "\(file.type.padding(toLength: 9, withPad: " ", startingAt: 0)) \(String(file.mode, radix: 8).leftPadded(4)) \(String(file.size).leftPadded(10))  \(file.path.terminalEscaped)\(link.terminalEscaped)"
    }
}
