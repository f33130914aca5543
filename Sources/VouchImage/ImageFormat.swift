/// The container formats Vouch reads, auto-detected.
public enum ImageFormat: String, Hashable, Sendable, Codable, CustomStringConvertible {
    /// An OCI image layout directory (image-spec image-layout.md).
    case ociLayout = "oci-layout"
    /// The same layout as a tar file.
    case ociArchive = "oci-archive"
    /// A `docker save` tar of Docker 25+ or a containerd export: an OCI layout plus Docker's `manifest.json`.
    case dockerArchive = "docker-archive"
    /// A `docker save` tar of Docker 24 and earlier: `manifest.json`, `<id>/layer.tar`, `<config>.json`.
    case dockerLegacyArchive = "docker-archive-legacy"

    public var description: String { rawValue }
}

/// Which image of a container to read.
public struct ImageReference: Hashable, Sendable {
    /// The directory or tar file.
    public var path: String
    /// A tag (`org.opencontainers.image.ref.name`, or a docker `RepoTags` entry) when the container holds several.
    public var tag: String?

    public init(path: String, tag: String? = nil) {
        self.path = path
        self.tag = tag
    }

    /// `IMAGE[:TAG]`: the whole argument when it names an existing file; else the longest prefix before a
    /// `:` that names an existing file is the path and the rest the tag, which may itself hold `:`
    /// (`app.tar:gw:1.0` is `app.tar` tagged `gw:1.0`, the form skopeo writes). When no prefix exists the
    /// argument is split at the last `:` not followed by a `/`, so the error names the intended path.
    public init(argument: String, tag: String?, exists: (String) -> Bool) {
        if tag != nil || exists(argument) {
            self.init(path: argument, tag: tag)
            return
        }
        var colon = argument.lastIndex(of: ":")
        while let at = colon {
            let prefix = String(argument[..<at])
            if !prefix.isEmpty, exists(prefix) {
                self.init(path: prefix, tag: String(argument[argument.index(after: at)...]))
                return
            }
            colon = argument[..<at].lastIndex(of: ":")
        }
        if let colon = argument.lastIndex(of: ":"), !argument[colon...].contains("/") {
            self.init(path: String(argument[..<colon]), tag: String(argument[argument.index(after: colon)...]))
        } else {
            self.init(path: argument, tag: nil)
        }
    }
}
