/// A package to look up: what a cataloger or an SBOM says is installed, in the terms OSV matches on.
public struct ScannedPackage: Sendable, Hashable, Codable {
    /// The OSV ecosystem (`PyPI`, `Debian:11`); nil for a package Vouch cannot match (a Debian package
    /// of an image whose os-release names no VERSION_ID, a component of another ecosystem).
    public var ecosystem: String?
    /// The name as installed.
    public var name: String
    /// The version as installed.
    public var version: String
    /// The name OSV records use: the PyPI name, or the Debian *source* package.
    public var sourceName: String
    /// The version OSV records compare: the installed version, or the Debian *source* version (dpkg's
    /// `Source: name (version)`, which differs from the binary version for binNMUs and some packages).
    public var sourceVersion: String
    public var purl: String?
    /// The SBOM id or bom-ref, for VEX product matching and reports.
    public var reference: String
    /// Where it was found (a `.dist-info`, a status file).
    public var location: String?

    public init(ecosystem: String?, name: String, version: String, sourceName: String? = nil, sourceVersion: String? = nil,
                purl: String? = nil, reference: String? = nil, location: String? = nil) {
        self.ecosystem = ecosystem
        self.name = name
        self.version = version
        self.sourceName = sourceName ?? name
        self.sourceVersion = sourceVersion ?? version
        self.purl = purl
        self.reference = reference ?? purl ?? "\(ecosystem ?? "?"):\(name)@\(version)"
        self.location = location
    }
}
