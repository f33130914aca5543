public import VouchCore

/// SwiftPM's lock file, `Package.resolved` (also `.package.resolved`): the exact revision and version of
/// every package a build resolved. Three layouts exist: version 1 (`object.pins[]` with `package`,
/// `repositoryURL`), and versions 2 and 3 (`pins[]` with `identity`, `kind`, `location`; 3 adds
/// `originHash`). SwiftPM's `PinsStore` writes all three; syft reads them too.
public struct PackageResolved: Hashable, Sendable {
    /// The largest lock file read: real ones are a few kilobytes per pin.
    public static let maximumBytes = 8 << 20

    /// One resolved package.
    public struct Pin: Hashable, Sendable {
        /// SwiftPM's identity (v2, v3: `identity`, the lowercased last path component of the location), or
        /// the package name (v1: `package`).
        public var identity: String
        /// `remoteSourceControl`, `localSourceControl`, `registry` or `fileSystem` (v1: always source control).
        public var kind: String
        /// The repository URL or path; empty for a registry pin.
        public var location: String
        public var revision: String?
        /// The version tag it resolved to; nil when pinned to a branch or a revision.
        public var version: String?
        public var branch: String?
    }

    /// The file format's version: 1, 2 or 3.
    public var formatVersion: Int
    public var pins: [Pin]

    /// Parses the lock file at `path` (named in errors).
    public init(parsing bytes: [UInt8], path: String) throws(VouchError) {
        let root = try JSONNode(parsing: bytes, path: path)
        guard root.kind == .object else { throw VouchError(.malformedInput, "a Package.resolved is a JSON object", path: path) }
        guard let number = root["version"]?.number, let version = Int(exactly: number) else {
            throw VouchError(.malformedInput, "has no numeric \"version\" field (SwiftPM writes 1, 2 or 3)", path: path)
        }
        formatVersion = version
        let items: [JSONNode]?
        switch version {
        case 1: items = root["object"]?["pins"]?.array
        case 2, 3: items = root["pins"]?.array
        default: throw VouchError(.unsupportedInput, "Package.resolved version \(version) is not one of the known formats 1, 2 and 3", path: path)
        }
        guard let items else {
            let field = version == 1 ? "\"object.pins\"" : "\"pins\""
            throw VouchError(.malformedInput, "a version \(version) Package.resolved has no \(field) array", path: path)
        }
        var pins: [Pin] = []
        for (index, item) in items.enumerated() {
            let identity = version == 1 ? item["package"]?.string : item["identity"]?.string
            guard let identity, !identity.isEmpty else {
                throw VouchError(.malformedInput, "pin \(index + 1) has no \(version == 1 ? "\"package\"" : "\"identity\"") string", path: path)
            }
            let state = item["state"]
            pins.append(Pin(
                identity: identity,
                kind: version == 1 ? "remoteSourceControl" : (item["kind"]?.string ?? "remoteSourceControl"),
                location: (version == 1 ? item["repositoryURL"]?.string : item["location"]?.string) ?? "",
                revision: state?["revision"]?.string, version: state?["version"]?.string, branch: state?["branch"]?.string))
        }
        self.pins = pins
    }
}
