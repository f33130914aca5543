import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import VouchCore
import VouchImage
import VouchRegistry

/// The options every `vouch image` subcommand takes: which image, which tag, which platform.
struct ImageOptions: ParsableArguments {
    @Argument(help: "An OCI layout directory, an oci-archive tar, a docker-save tar (IMAGE:TAG picks a tag), or a registry reference.")
    var image: String

    @Option(help: "The tag to pick when the container holds several images.")
    var tag: String?

    @Option(help: "Platform os/arch[/variant] to select from an index (default: the host's, linux/amd64 here).")
    var platform: String?

    func validate() throws {
        if let platform {
            do {
                _ = try Platform(parsing: platform)
            } catch {
                throw ValidationError(error.reason)
            }
        }
    }

    var reference: ImageReference { ImageReference(argument: image, tag: tag) { access($0, F_OK) == 0 } }

    var requestedPlatform: Platform? {
        get throws(VouchError) { try platform.map { (text) throws(VouchError) in try Platform(parsing: text) } }
    }

    func load() throws(VouchError) -> LoadedImage {
        try ImageLoader().load(reference, platform: try requestedPlatform)
    }

    /// The options with a registry reference fetched into a temporary layout (``ImageArgument``); the
    /// returned argument keeps that layout alive.
    func resolved(_ contents: StagedImage.Contents, registry: RegistryFlags, format: OutputFormat = .text) async throws -> (ImageOptions, ImageArgument) {
        let argument = try await ImageArgument.resolve(image, tag: tag, contents: contents, registry: registry, format: format)
        var options = self
        options.image = argument.path
        options.tag = argument.tag
        return (options, argument)
    }

    /// The image the options name; without a tag, every image of a container that holds several.
    func inspectEach() throws(VouchError) -> [ImageLoader.Outcome] {
        let reference = reference
        if reference.tag != nil { return [try ImageLoader().inspect(reference, platform: try requestedPlatform)] }
        return try ImageLoader().inspectEach(path: reference.path, platform: try requestedPlatform)
    }
}
