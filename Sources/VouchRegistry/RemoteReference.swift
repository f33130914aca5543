public import VouchCore
public import VouchImage

/// A registry reference as the registry client addresses it, `[REGISTRY/]REPOSITORY[:TAG][@DIGEST]`:
/// parsed by the one reference parser, ``RegistryReference`` in VouchImage (distribution's grammar, as
/// docker, cosign and skopeo's `docker://` read it), then normalised.
///
/// Docker Hub is normalised as docker does: no registry means `docker.io`, a one-component repository
/// gets `library/`, and the API host of `docker.io` is `registry-1.docker.io`. Neither tag nor digest
/// means `latest`.
public struct RemoteReference: Hashable, Sendable, CustomStringConvertible {
    /// The registry as named (`ghcr.io`, `127.0.0.1:5000`, `docker.io`).
    public var registry: String
    /// The repository path, lowercase components joined by `/`.
    public var repository: String
    public var tag: String?
    public var digest: Digest?

    public init(registry: String, repository: String, tag: String? = nil, digest: Digest? = nil) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// The host the API is reached at.
    public var apiHost: String { registry == "docker.io" ? "registry-1.docker.io" : registry }

    /// The digest when there is one, else the tag (`latest` when neither is given): what `/manifests/` takes.
    public var manifestReference: String { digest?.description ?? tag ?? "latest" }

    /// `REGISTRY/REPOSITORY`: what cosign writes as the simple-signing `docker-reference`.
    public var repositoryName: String { "\(registry)/\(repository)" }

    /// The same repository with another tag and no digest.
    public func tagged(_ tag: String) -> RemoteReference {
        RemoteReference(registry: registry, repository: repository, tag: tag, digest: nil)
    }

    /// The same repository by digest.
    public func pinned(_ digest: Digest) -> RemoteReference {
        RemoteReference(registry: registry, repository: repository, tag: nil, digest: digest)
    }

    public var description: String {
        var text = repositoryName
        if let tag { text += ":" + tag }
        if let digest { text += "@" + digest.description }
        return text
    }

    /// Parses `text` with the one reference parser, ``RegistryReference/init(parsing:)`` (distribution's
    /// grammar), then normalises Docker Hub as docker does. Throws ``VouchError/Code/invalidArgument``
    /// saying what the grammar is.
    public init(parsing text: String) throws(VouchError) {
        guard let parsed = RegistryReference(parsing: text) else {
            throw VouchError(
                .invalidArgument,
                "'\(text.prefix(300))' is not an image reference [REGISTRY/]REPOSITORY[:TAG][@sha256:HEX]: the repository is lowercase " +
                    "components of [a-z0-9] joined by '.', '_', '__' or '-', separated by '/', at most \(RegistryReference.maxNameLength) " +
                    "bytes with the registry; a tag is 1-128 of [A-Za-z0-9_.-], not starting with '.' or '-'; a digest is sha256:<64 hex>")
        }
        self.init(normalizing: parsed)
    }

    /// `reference` as the registry client addresses it: no registry (a short name) is `docker.io`, whose
    /// other spellings (`index.docker.io`, `registry-1.docker.io`) are `docker.io` too, and a one-component
    /// Docker Hub path is under `library/`.
    public init(normalizing reference: RegistryReference) {
        var registry = reference.registry ?? "docker.io"
        if registry == "index.docker.io" || registry == "registry-1.docker.io" { registry = "docker.io" }
        let path = registry == "docker.io" && !reference.path.contains("/") ? "library/" + reference.path : reference.path
        self.init(registry: registry, repository: path, tag: reference.tag, digest: reference.digest)
    }

    /// The repository as cosign writes it into a signature's `docker-reference` (``RegistryReference/cosignRepository``:
    /// Docker Hub as `index.docker.io/...`).
    public var cosignRepository: String {
        RegistryReference(parsing: repositoryName)?.cosignRepository ?? repositoryName
    }
}
