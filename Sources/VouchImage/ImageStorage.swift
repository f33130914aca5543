public import VouchCore

/// The files of an image container (a layout directory or a tar), looked up by their relative path.
public protocol ImageStorage: Sendable {
    /// The container's path as the user gave it.
    var displayName: String { get }
    /// Whether the container is a tar file (oci-archive, docker-save) rather than a directory.
    var isArchive: Bool { get }
    /// The file at `relativePath`. `allowSymlinks` admits docker-save's `layer.tar` links inside the
    /// archive; blobs of an OCI layout never may be links.
    func lookup(_ relativePath: String, allowSymlinks: Bool) throws(VouchError) -> StoredFileLookup
    /// Whether anything is at `relativePath` (for format detection; nothing is opened).
    func exists(_ relativePath: String) -> Bool
}

/// The outcome of looking a file up in an ``ImageStorage``.
public enum StoredFileLookup: Hashable, Sendable {
    case found(FileSlice)
    case missing
    /// The file exists but may not be read: a symlink, or a path leaving the layout.
    case refused(String)
}

extension ImageStorage {
    /// The blob's path in an OCI layout: `blobs/<alg>/<encoded>` (image-layout.md, "Blobs"). The digest
    /// already passed the grammar, so it cannot name anything outside `blobs/`.
    static func blobPath(_ digest: Digest) -> String { "blobs/\(digest.algorithm.name)/\(digest.hex)" }

    func lookupBlob(_ digest: Digest) throws(VouchError) -> StoredFileLookup {
        try lookup(Self.blobPath(digest), allowSymlinks: false)
    }
}
