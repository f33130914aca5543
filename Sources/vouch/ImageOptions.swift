import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import VouchCore
import VouchImage

/// The options every `vouch image` subcommand takes: which image, which tag, which platform.
struct ImageOptions: ParsableArguments {
    @Argument(help: "An OCI layout directory, an oci-archive tar, or a docker-save tar; IMAGE:TAG picks a tag.")
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

    func load() throws(VouchError) -> LoadedImage {
        let reference = ImageReference(argument: image, tag: tag) { access($0, F_OK) == 0 }
        return try ImageLoader().load(reference, platform: try platform.map { (text) throws(VouchError) in try Platform(parsing: text) })
    }
}
