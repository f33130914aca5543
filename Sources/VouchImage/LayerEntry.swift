public import VouchArchive

/// One tar entry of a layer, as listed by `vouch image ls --layer N`.
public struct LayerEntry: Hashable, Sendable, Codable {
    /// `/`-rooted, normalized path.
    public var path: String
    public var type: EntryType
    public var size: Int64
    /// Permission bits (`0o7777`).
    public var mode: UInt32
    public var linkTarget: String?
    /// The entry's position in the layer's tar stream (0-based), to find it again.
    public var ordinal: Int
    /// True for whiteout markers (`.wh.<name>` and `.wh..wh..opq`).
    public var isWhiteout: Bool

    public init(path: String, type: EntryType, size: Int64, mode: UInt32, linkTarget: String?, ordinal: Int, isWhiteout: Bool) {
        self.path = path
        self.type = type
        self.size = size
        self.mode = mode
        self.linkTarget = linkTarget
        self.ordinal = ordinal
        self.isWhiteout = isWhiteout
    }
}

/// Something about a layer entry worth reporting that does not make the image fail: a setuid binary, a
/// device node, a symlink whose target climbs above the root (runtimes clamp it at the root).
public struct LayerFinding: Hashable, Sendable, Codable, CustomStringConvertible {
    public var layer: Int
    public var path: String
    public var finding: String

    public init(layer: Int, path: String, finding: String) {
        self.layer = layer
        self.path = path
        self.finding = finding
    }

    public var description: String { "layer \(layer): \(path): \(finding)" }
}
