/// One entry (header) of a tar archive.
public struct TarEntry: Hashable, Sendable {
    /// The path as stored in the archive (PAX and GNU long names resolved), decoded as UTF-8.
    public var path: String
    public var type: EntryType
    /// The target of a symbolic or hard link.
    public var linkTarget: String?
    /// Size of the entry's content in bytes.
    public var size: Int64
    /// Permission bits including setuid, setgid and sticky (`0o7777`).
    public var mode: UInt32
    public var userID: Int64
    public var groupID: Int64
    /// Modification time, seconds since the epoch.
    public var modificationTime: Int64
    /// Everything about this entry that would be unsafe to follow or extract; reported, never acted on.
    public var safetyIssues: [EntrySafetyIssue]

    public init(
        path: String,
        type: EntryType,
        linkTarget: String? = nil,
        size: Int64 = 0,
        mode: UInt32 = 0o644,
        userID: Int64 = 0,
        groupID: Int64 = 0,
        modificationTime: Int64 = 0
    ) {
        self.path = path
        self.type = type
        self.linkTarget = linkTarget
        self.size = size
        self.mode = mode
        self.userID = userID
        self.groupID = groupID
        self.modificationTime = modificationTime
        self.safetyIssues = EntrySafetyIssue.issues(path: path, type: type, linkTarget: linkTarget, mode: mode)
    }

    /// The path without leading `./` or `/` and without trailing `/`: how it sits under the root.
    public var normalizedPath: String { ArchivePath.normalized(path) }
}

/// The kind of a tar entry.
public enum EntryType: String, Hashable, Sendable, Codable {
    case regular, directory, symlink, hardlink
    case characterDevice, blockDevice, fifo, socket
    case unknown
}
