/// Read-only access to a file tree, so that catalogers read a directory and an image's squashed
/// filesystem the same way (the model of syft's file resolvers).
///
/// Paths are absolute within the tree: `/` is the tree's root (the image root, or the directory the
/// resolver was made for), components are separated by `/`, and `..` never leaves the root. An
/// implementation never follows a link outside its root and never writes.
public protocol FileResolver: AnyObject {
    /// A name for the tree in messages and documents: a directory path, or an image reference.
    var displayName: String { get }

    /// What is at `path`, or nil when nothing is. Symlinks are reported as such, not followed.
    func info(_ path: String) throws(VouchError) -> FileInfo?

    /// The contents of the regular file at `path` (symlinks followed inside the root), at most
    /// `maximumBytes`; a larger file is an error naming the limit, never a silent truncation.
    func contents(of path: String, maximumBytes: Int) throws(VouchError) -> [UInt8]

    /// The start of the regular file at `path`: read in chunks until `isComplete` holds for the bytes read
    /// so far (a header block has ended, say) or the file ends. The same limit and errors as
    /// ``contents(of:maximumBytes:)``; the result may run past the point `isComplete` looks for.
    func leadingContents(of path: String, maximumBytes: Int, until isComplete: ([UInt8]) -> Bool) throws(VouchError) -> [UInt8]

    /// The names (not paths) of the entries of the directory at `path`, sorted; empty if it is not one.
    func list(_ path: String) throws(VouchError) -> [String]

    /// The entries of the directory at `path` with their kinds (symlinks not followed), sorted by name;
    /// empty if it is not one. ``list(_:)`` plus ``info(_:)`` of each, which a tree on disk answers in one
    /// directory read.
    func entries(_ path: String) throws(VouchError) -> [(name: String, kind: FileInfo.Kind)]

    /// Which of `names` are entries of the directory at `path`, sorted: ``list(_:)`` filtered, which a
    /// tree on disk can answer without naming every other entry.
    func entries(_ path: String, named names: Set<String>) throws(VouchError) -> [String]

    /// Every path whose components match `pattern` (`*` and `?` within one component, `**` across any
    /// number), sorted.
    func glob(_ pattern: String) throws(VouchError) -> [String]
}

extension FileResolver {
    /// Reads the whole file: right for trees whose files are already in memory.
    public func leadingContents(of path: String, maximumBytes: Int, until isComplete: ([UInt8]) -> Bool) throws(VouchError) -> [UInt8] {
        try contents(of: path, maximumBytes: maximumBytes)
    }

    public func entries(_ path: String) throws(VouchError) -> [(name: String, kind: FileInfo.Kind)] {
        var entries: [(name: String, kind: FileInfo.Kind)] = []
        for name in try list(path) {
            entries.append((name, try info(path.hasSuffix("/") ? path + name : path + "/" + name)?.kind ?? .other))
        }
        return entries
    }

    public func entries(_ path: String, named names: Set<String>) throws(VouchError) -> [String] {
        try list(path).filter(names.contains)
    }
}

/// What a ``FileResolver`` knows about one path.
public struct FileInfo: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case regular, directory, symlink, other
    }

    /// The absolute path within the tree.
    public var path: String
    public var kind: Kind
    public var size: Int64
    /// Permission bits (`0o7777`).
    public var mode: UInt32
    /// For a symlink, its target as stored.
    public var linkTarget: String?

    public init(path: String, kind: Kind, size: Int64 = 0, mode: UInt32 = 0o644, linkTarget: String? = nil) {
        self.path = path
        self.kind = kind
        self.size = size
        self.mode = mode
        self.linkTarget = linkTarget
    }
}
