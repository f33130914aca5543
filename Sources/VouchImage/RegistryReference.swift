public import VouchCore

/// An image name as a registry knows it: `[HOST[:PORT]/]PATH[:TAG][@DIGEST]`, the grammar of
/// distribution/reference (`reference.go`), which containerd's `io.containerd.image.name`, Docker's
/// `RepoTags` and a fully written `org.opencontainers.image.ref.name` follow.
///
/// This is Vouch's one reference parser: SBOM root naming and the simple-signing `docker-reference` read
/// references with it, and so does every registry command, through VouchRegistry's `RemoteReference`
/// (this value with Docker Hub normalised for the registry client).
///
/// The first path component is the registry when it holds a `.` or a `:`, or is `localhost`, as Docker
/// and go-containerregistry decide it; otherwise the reference is a short name (`nginx:1.0`), which only
/// Docker's convention places on Docker Hub.
public struct RegistryReference: Hashable, Sendable, CustomStringConvertible {
    /// `ghcr.io`, `localhost:5000`; nil for a short name.
    public var registry: String?
    /// The repository path inside the registry: `org/app`, `library/nginx`.
    public var path: String
    public var tag: String?
    public var digest: Digest?

    /// distribution/reference's `NameTotalLengthMax`.
    public static let maxNameLength = 255

    /// Nil when `text` is not a reference by that grammar (a bare tag such as `1.0` parses as a one-component
    /// path: ``naming(_:selectedBy:)`` tells the two apart).
    public init?(parsing text: String) {
        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            guard let digest = try? Digest(parsing: String(rest[rest.index(after: at)...])) else { return nil }
            self.digest = digest
            rest = rest[..<at]
        }
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            let tag = rest[rest.index(after: colon)...]
            guard Self.isTag(tag) else { return nil }
            self.tag = String(tag)
            rest = rest[..<colon]
        }
        guard !rest.isEmpty, rest.utf8.count <= Self.maxNameLength else { return nil }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false)
        if components.count > 1, components[0].contains(".") || components[0].contains(":") || components[0] == "localhost" {
            guard Self.namesRegistry(components[0]) else { return nil }
            registry = String(components.removeFirst())
        }
        guard components.allSatisfy(Self.isPathComponent) else { return nil }
        path = components.joined(separator: "/")
    }

    /// The reference as written: `registry/path:tag@digest`.
    public var description: String {
        repository + (tag.map { ":" + $0 } ?? "") + (digest.map { "@" + $0.description } ?? "")
    }

    /// `registry/path`, or the path of a short name.
    public var repository: String { registry.map { $0 + "/" + path } ?? path }

    /// The last path component (`app` of `ghcr.io/org/app`): the name of the purl `oci` type.
    public var name: String { String(path.split(separator: "/").last ?? Substring(path)) }

    /// The repository as cosign writes it into a signature's `docker-reference`: go-containerregistry's
    /// `Repository.Name()`, which spells `docker.io` as `index.docker.io` and puts a one-component Docker
    /// Hub path under `library/`. Nil for a short name: which registry it means is a convention, not a fact.
    public var cosignRepository: String? {
        guard let registry else { return nil }
        guard registry == "docker.io" || registry == "index.docker.io" else { return repository }
        return "index.docker.io/" + (path.contains("/") ? path : "library/" + path)
    }

    /// The references among an image's tags (`io.containerd.image.name`, `org.opencontainers.image.ref.name`,
    /// `RepoTags`), best first: those matching the tag the image was `selectedBy`, then full references
    /// (with a registry) before short ones, then in the order given. A tag with no `/`, `:` or `@` (`1.0`,
    /// `latest`) names a version in the layout, not a repository, and is left out.
    public static func naming(_ tags: [String], selectedBy selected: String? = nil) -> [RegistryReference] {
        var ranked: [(rank: Int, index: Int, reference: RegistryReference)] = []
        for (index, tag) in tags.enumerated() where tag.contains("/") || tag.contains(":") || tag.contains("@") {
            guard let reference = RegistryReference(parsing: tag) else { continue }
            let matches = selected.map { OCILayout.tag(tag, matches: $0) } ?? true
            ranked.append(((matches ? 0 : 2) + (reference.registry == nil ? 1 : 0), index, reference))
        }
        return ranked.sorted { ($0.rank, $0.index) < ($1.rank, $1.index) }.map(\.reference)
    }

    /// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
    static func isTag(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, text.utf8.count <= 128, isWord(first) else { return false }
        return text.utf8.allSatisfy { isWord($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`.
    static func isPathComponent(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last) else { return false }
        var index = 0
        while index < bytes.count {
            if isLowerAlphanumeric(bytes[index]) { index += 1; continue }
            var end = index
            while end < bytes.count, !isLowerAlphanumeric(bytes[end]) { end += 1 }
            let separator = String(decoding: bytes[index..<end], as: UTF8.self)
            guard separator == "." || separator == "_" || separator == "__" || separator.allSatisfy({ $0 == "-" }) else { return false }
            index = end
        }
        return true
    }

    /// Whether the first component of a reference names a registry (Docker's and go-containerregistry's
    /// rule): it has a `.` or a `:`, or is `localhost`, and is a host name, IPv4 or bracketed IPv6 address
    /// with an optional port. `ImageSource.classify` (VouchRegistry) tells a reference from a path by it.
    public static func namesRegistry(_ component: some StringProtocol) -> Bool {
        let text = Substring(component)
        guard text.contains(".") || text.contains(":") || text == "localhost" else { return false }
        return isRegistry(text)
    }

    /// A host name or IPv4 address with an optional port, or a bracketed IPv6 address with one.
    static func isRegistry(_ text: Substring) -> Bool {
        var host = text
        if let colon = text.lastIndex(of: ":"), !text[colon...].contains("]") {
            let port = text[text.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return false }
            host = text[..<colon]
        }
        if host.hasPrefix("[") {
            return host.hasSuffix("]") && host.count > 2 && host.dropFirst().dropLast().utf8.allSatisfy { isHex($0) || $0 == UInt8(ascii: ":") }
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return !host.isEmpty && labels.allSatisfy { label in
            guard let first = label.utf8.first, let last = label.utf8.last else { return false }
            return isAlphanumeric(first) && isAlphanumeric(last) && label.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func isWord(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || byte == UInt8(ascii: "_") }

    private static func isHex(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }
}
