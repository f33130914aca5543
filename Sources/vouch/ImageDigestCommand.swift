import ArgumentParser
import VouchCore
import VouchImage
import VouchFiles
import VouchRegistry

struct ImageDigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Print the image's digest: what a registry would call it.",
        discussion: """
            For an image behind an index (multi-platform), prints the top-level index digest; \
            --manifest prints the selected platform's manifest digest instead. A Docker <= 24 \
            docker-save archive has no manifest, so there is no registry digest; the command then \
            fails and names the image ID (the config digest).

            Examples:
              vouch image digest app-oci.tar
              vouch image digest --manifest --platform linux/arm64 multi.tar
              vouch image digest ghcr.io/org/app:1.0

            A registry reference (see 'Image references' in the README) is fetched and checked into a \
            private temporary layout first, removed afterwards.
            """
    )

    @OptionGroup var options: ImageOptions

    @Flag(help: "Print the selected platform's manifest digest, not the index digest.")
    var manifest = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var registry: RegistryFlags

    func run() async throws {
        let (options, argument) = try await self.options.resolved(.documents, registry: registry, format: format)
        defer { withExtendedLifetime(argument) {} }
        var summary = ImageSummary(try options.load())
        if argument.remote != nil { summary.path = argument.displayName }
        guard let digest = manifest ? summary.manifestDigest : summary.imageDigest else {
            throw VouchError(
                .unsupportedInput,
                "a legacy docker-save archive has no manifest, so no registry digest; its image ID (config digest) is \(summary.configDigest)",
                path: summary.path)
        }
        switch format {
        case .text: try StandardOutput.line(digest.description)
        case .json: try StandardOutput.write(JSONOutput.encode(["digest": digest.description]))
        }
    }
}
