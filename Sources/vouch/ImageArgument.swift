import ArgumentParser
import VouchCore
import VouchFiles
import VouchRegistry

/// The image argument of a command that reads images on disk, resolved by ``ImageSource/classify(_:exists:)``:
/// a path is read as given; a registry reference is fetched first (``StagedImage``, checked as `image pull`
/// checks it) into a private temporary layout, which the command then reads like any layout. This is the
/// one way those commands reach a registry, and nothing is contacted unless the argument is a reference.
struct ImageArgument {
    /// The path the command reads (the staged layout for a reference) and the tag to pick in it.
    var path: String
    var tag: String?
    /// The fetched image; it keeps the temporary layout alive while the command reads it.
    var staged: StagedImage?

    var remote: RemoteReference? { staged?.reference }

    /// The name to show for the image: the reference for a registry image, else the argument.
    let displayName: String

    /// Resolves `argument` (with the command's `--tag`, which only applies to a path). A registry image the
    /// registry served tampered bytes of is reported on standard output, and the command ends with
    /// status 1: nothing of it is read.
    static func resolve(
        _ argument: String, tag: String?, contents: StagedImage.Contents, registry: RegistryFlags, signatureRepository: String? = nil,
        format: OutputFormat = .text
    ) async throws -> ImageArgument {
        guard tag == nil, case .registry(let reference) = try ImageSource.of(argument) else {
            // skopeo's oci:, oci-archive: and docker-archive: prefixes name the path explicitly.
            if ["oci:", "oci-archive:", "docker-archive:"].contains(where: { argument.hasPrefix($0) }), case .local(let path, let named) = try ImageSource.of(argument) {
                return ImageArgument(path: path, tag: tag ?? named, staged: nil, displayName: argument)
            }
            return ImageArgument(path: argument, tag: tag, staged: nil, displayName: argument)
        }
        let signatures = contents == .imageWithArtifacts
            ? try RegistrySignatures.signatureRepository(for: reference, flag: signatureRepository) : nil
        let staged = try await StagedImage.fetch(reference, contents: contents, signatureRepository: signatures, options: try registry.options())
        guard staged.intact else {
            if format == .json {
                try StandardOutput.write(try JSONOutput.encode(staged.report))
            } else {
                try StandardOutput.line("NOT INTACT: \(reference.description.terminalEscaped): the registry served documents or blobs that do not match their digests")
                for failure in staged.report.failures { try StandardOutput.line("  \(failure.description.terminalEscaped)") }
            }
            try ExitStatus.conclude(staged.report)
            throw ExitStatus.negativeVerdict.exitCode
        }
        return ImageArgument(path: staged.layoutPath, tag: nil, staged: staged, displayName: staged.displayName)
    }
}
