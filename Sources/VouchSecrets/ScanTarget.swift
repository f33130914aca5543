/// Where the bytes being scanned came from, for the findings' location fields.
public struct ScanTarget: Sendable {
    /// The file path shown in findings.
    public var path: String
    public var commit: CommitInfo?
    public var layer: Int?
    /// When the bytes are not a whole file (the added lines of a diff), the file line number of each
    /// line of the bytes, in order; nil means line n of the bytes is line n of the file.
    public var lineNumbers: [Int]?
    /// The scanned root (an absolute directory; the repository's top level in git mode) and the path
    /// relative to it: fingerprints and confidence use the relative path, so a baseline made on one
    /// machine, from one working directory, applies on another. Nil for standard input and images.
    public var root: String?
    public var relativePath: String?

    public init(path: String, commit: CommitInfo? = nil, layer: Int? = nil, lineNumbers: [Int]? = nil, root: String? = nil, relativePath: String? = nil) {
        self.path = path
        self.commit = commit
        self.layer = layer
        self.lineNumbers = lineNumbers
        self.root = root
        self.relativePath = relativePath
    }

    /// The path fingerprints, confidence and allowlists see.
    var stablePath: String { relativePath ?? path }
}

/// The commit a git-mode finding was introduced in.
public struct CommitInfo: Hashable, Sendable {
    public var hash: String
    public var author: String
    public var email: String
    /// ISO 8601 author date.
    public var date: String

    public init(hash: String, author: String, email: String, date: String) {
        self.hash = hash
        self.author = author
        self.email = email
        self.date = date
    }
}
