/// One vulnerability record in the OSV format (OSV schema 1.7.5, https://ossf.github.io/osv-schema/):
/// the fields Vouch's matcher, severity rules and reports use.
public struct OSVRecord: Sendable, Hashable {
    public var id: String
    /// RFC 3339 time of the last change; of two records with one id, the newer one wins.
    public var modified: String
    public var published: String?
    /// Set when the record was withdrawn: it is then never matched.
    public var withdrawn: String?
    public var aliases: [String]
    /// Ids of the upstream advisories this one derives from (Debian's DSAs list their CVEs here).
    public var upstream: [String]
    public var summary: String?
    public var details: String?
    /// Top-level `severity[]`.
    public var severity: [OSVSeverity]
    /// `database_specific.severity`: the vendor's own rating (GHSA's `HIGH`, Debian's urgency...).
    public var vendorSeverity: String?
    public var affected: [OSVAffected]
    /// `references[].url` of type ADVISORY or WEB, for reports.
    public var references: [String]

    public init(id: String, modified: String, published: String? = nil, withdrawn: String? = nil, aliases: [String] = [],
                upstream: [String] = [], summary: String? = nil, details: String? = nil, severity: [OSVSeverity] = [],
                vendorSeverity: String? = nil, affected: [OSVAffected] = [], references: [String] = []) {
        self.id = id
        self.modified = modified
        self.published = published
        self.withdrawn = withdrawn
        self.aliases = aliases
        self.upstream = upstream
        self.summary = summary
        self.details = details
        self.severity = severity
        self.vendorSeverity = vendorSeverity
        self.affected = affected
        self.references = references
    }

    /// The id, then aliases, then upstream ids: every name a VEX statement or an ignore may use.
    public var allIDs: [String] { [id] + aliases + upstream }
}

/// `severity[]`: a scoring system and its vector (`CVSS_V3`, `CVSS_V4`, `Ubuntu`...).
public struct OSVSeverity: Sendable, Hashable {
    public var type: String
    public var score: String

    public init(type: String, score: String) {
        self.type = type
        self.score = score
    }
}

/// One `affected[]` entry: a package and the versions of it the vulnerability is in.
public struct OSVAffected: Sendable, Hashable {
    /// `package.ecosystem`, e.g. `PyPI`, `Debian:11`; nil when the entry has no package.
    public var ecosystem: String?
    public var name: String?
    public var purl: String?
    public var ranges: [OSVRange]
    /// `versions[]`, as written.
    public var versions: [String]
    /// Per-entry `severity[]` (schema 1.5+).
    public var severity: [OSVSeverity]
    /// `ecosystem_specific.severity` / `database_specific.severity` / Debian's `urgency`.
    public var vendorSeverity: String?

    public init(ecosystem: String?, name: String?, purl: String? = nil, ranges: [OSVRange] = [], versions: [String] = [],
                severity: [OSVSeverity] = [], vendorSeverity: String? = nil) {
        self.ecosystem = ecosystem
        self.name = name
        self.purl = purl
        self.ranges = ranges
        self.versions = versions
        self.severity = severity
        self.vendorSeverity = vendorSeverity
    }
}

/// One `ranges[]` entry.
public struct OSVRange: Sendable, Hashable {
    /// `SEMVER`, `ECOSYSTEM` or `GIT`.
    public var type: String
    public var events: [OSVEvent]

    public init(type: String, events: [OSVEvent]) {
        self.type = type
        self.events = events
    }
}

/// One `events[]` entry: exactly one of `introduced`, `fixed`, `last_affected`, `limit`.
public struct OSVEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case introduced
        case fixed
        case lastAffected = "last_affected"
        case limit
    }

    public var kind: Kind
    public var version: String

    public init(_ kind: Kind, _ version: String) {
        self.kind = kind
        self.version = version
    }
}
