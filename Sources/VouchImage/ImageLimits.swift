#if canImport(Glibc)
import Glibc
#endif
public import VouchArchive

/// Named limits that an untrusted image meets. Going past one stops with a ``VouchCore/VouchError``
/// whose `limit` names it and the value found.
public struct ImageLimits: Hashable, Sendable {
    /// Largest index, manifest, config or `manifest.json` document, in bytes.
    public var maxJSONBytes: Int64
    /// Deepest nesting of arrays and objects in one JSON document.
    public var maxJSONDepth: Int
    /// Deepest chain of image indexes (an index listing an index listing ...).
    public var maxIndexDepth: Int
    /// Most descriptors one index may list.
    public var maxIndexEntries: Int
    /// Most layers one manifest may list.
    public var maxLayers: Int
    /// Most members the outer tar of an oci-archive or docker-save file may hold.
    public var maxArchiveMembers: Int
    /// Most symlink hops when resolving a member of a docker-save tar (`layer.tar` links).
    public var maxMemberLinkHops: Int
    /// Limits each layer's tar stream and its decompression meet.
    public var layer: ArchiveLimits
    /// Most bytes of a tar image read from a pipe, FIFO or `-`, or inflated from a gzip-compressed tar, that
    /// are copied to a temporary file to be read in place. Default 64 GiB; `VOUCH_MAX_SPOOLED_ARCHIVE_BYTES`
    /// (a byte count) sets the default.
    public var maxSpooledArchiveBytes: Int64 = ImageLimits.defaultMaxSpooledArchiveBytes

    /// 64 GiB, or `VOUCH_MAX_SPOOLED_ARCHIVE_BYTES` when that is a positive byte count.
    public static var defaultMaxSpooledArchiveBytes: Int64 {
        if let text = getenv("VOUCH_MAX_SPOOLED_ARCHIVE_BYTES").map({ String(cString: $0) }), let value = Int64(text), value > 0 {
            return value
        }
        return 64 << 30
    }

    public init(
        maxJSONBytes: Int64 = 4 << 20,
        maxJSONDepth: Int = 64,
        maxIndexDepth: Int = 8,
        maxIndexEntries: Int = 4096,
        maxLayers: Int = 1024,
        maxArchiveMembers: Int = 100_000,
        maxMemberLinkHops: Int = 8,
        layer: ArchiveLimits = ArchiveLimits()
    ) {
        self.maxJSONBytes = maxJSONBytes
        self.maxJSONDepth = maxJSONDepth
        self.maxIndexDepth = maxIndexDepth
        self.maxIndexEntries = maxIndexEntries
        self.maxLayers = maxLayers
        self.maxArchiveMembers = maxArchiveMembers
        self.maxMemberLinkHops = maxMemberLinkHops
        self.layer = layer
    }
}
