import ArgumentParser

/// `vouch image`: read, verify and list container images offline.
struct ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Inspect and verify container images on disk (OCI layouts, oci-archive and docker-save tars).",
        discussion: """
            IMAGE is an OCI image layout directory, an oci-archive tar, or a `docker save` tar of any \
            Docker version (including containerd exports); the format is detected. When the container \
            holds several images, pick one with IMAGE:TAG or --tag. From an index, the manifest for \
            --platform (default: the host's) is selected; attestation manifests are skipped and another \
            architecture is never substituted.

            Examples:
              vouch image verify app.tar
              vouch image verify --platform linux/arm64 --format json ./oci-layout
              vouch image digest app-oci.tar
              vouch image ls --squashed app.tar
              vouch image verify ghcr.io/org/app:1.0
              vouch image pull ghcr.io/org/app:1.0 --output ./app-layout
            """,
        subcommands: [ImageVerifyCommand.self, ImageInspectCommand.self, ImageDigestCommand.self, ImageListCommand.self,
                      // registry (issue 13)
                      ImagePullCommand.self, ImagePushCommand.self, ImageCopyCommand.self]
    )
}
