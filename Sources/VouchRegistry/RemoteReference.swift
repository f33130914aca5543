public import VouchCore
import VouchImage

/// A registry reference, `[REGISTRY/]REPOSITORY[:TAG][@DIGEST]` (distribution's reference grammar, as
/// docker, cosign and skopeo's `docker://` read it).
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

    /// The repository as cosign writes it into a signature's `docker-reference` and an attestation's subject
    /// name (``RegistryReference/cosignRepository``: Docker Hub as `index.docker.io/...`).
    public var cosignRepository: String {
        RegistryReference(parsing: repositoryName)?.cosignRepository ?? repositoryName
    }

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

    /// Parses `text`. Throws ``VouchError/Code/invalidArgument`` naming what is wrong.
    public init(parsing text: String) throws(VouchError) {
        guard !text.isEmpty, text.utf8.count <= 1024 else {
            throw VouchError(.invalidArgument, "'\(text.prefix(80))' is not an image reference (empty or longer than 1024 bytes)")
        }
        var rest = Substring(text)
        var digest: Digest?
        if let at = rest.firstIndex(of: "@") {
            do {
                digest = try Digest(parsing: String(rest[rest.index(after: at)...]))
            } catch {
                throw VouchError(.invalidArgument, "image reference '\(text)': \(error.reason)")
            }
            rest = rest[..<at]
        }
        var tag: String?
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            let candidate = String(rest[rest.index(after: colon)...])
            guard Self.isValidTag(candidate) else {
                throw VouchError(.invalidArgument, "image reference '\(text)': tag '\(candidate)' must be 1-128 of [A-Za-z0-9_.-], not starting with '.' or '-'")
            }
            tag = candidate
            rest = rest[..<colon]
        }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var registry = "docker.io"
        if components.count > 1, Self.looksLikeHost(components[0]) {
            registry = components.removeFirst()
            if registry == "index.docker.io" || registry == "registry-1.docker.io" { registry = "docker.io" }
        }
        if registry == "docker.io", components.count == 1 { components.insert("library", at: 0) }
        guard !components.isEmpty, components.allSatisfy(Self.isValidPathComponent) else {
            throw VouchError(
                .invalidArgument,
                "image reference '\(text)': the repository must be lowercase components of [a-z0-9] joined by '.', '_', '__' or '-', separated by '/'")
        }
        self.init(registry: registry, repository: components.joined(separator: "/"), tag: tag, digest: digest)
    }

    /// A first component is a registry host when it has a `.` or a `:` or is `localhost` (docker's rule).
    static func looksLikeHost(_ component: String) -> Bool {
        guard !component.isEmpty, component != ".", component != ".." else { return false }
        guard component.contains(".") || component.contains(":") || component == "localhost" else { return false }
        return component.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-.:[]".contains($0)) }
    }

    static func isValidTag(_ tag: String) -> Bool {
        guard let first = tag.first, tag.count <= 128, first != ".", first != "-" else { return false }
        return tag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
    }

    static func isValidPathComponent(_ component: String) -> Bool {
        guard let first = component.first, let last = component.last else { return false }
        let alphanumeric: (Character) -> Bool = { $0.isASCII && ($0.isLowercase || $0.isNumber) }
        guard alphanumeric(first), alphanumeric(last) else { return false }
        return component.allSatisfy { alphanumeric($0) || "._-".contains($0) } && !component.contains("..") && !component.contains("___")
    }
}
