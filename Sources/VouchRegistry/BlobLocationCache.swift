#if canImport(Glibc)
import Glibc
#endif
import Foundation
public import VouchCore
import VouchFiles
import VouchImage

/// Where blobs were seen: (registry, digest) -> the repositories of that registry that hold the blob, so that a
/// push to a new repository mounts what the registry already has elsewhere (distribution-spec v1.1.1, "Mounting
/// a blob from another repository") instead of sending it again; skopeo's blob-info cache does the same.
///
/// One JSON file, `<user cache>/registry/blob-locations.json` (``UserCacheDirectory``), written after each
/// successful pull and push: `{"version":1,"entries":[{"registry":"...","digest":"sha256:...","repositories":[...]}]}`,
/// most recently seen first. It is bounded (``maxEntries`` digests, ``maxRepositoriesPerBlob`` repositories each,
/// ``maxFileBytes`` read, the limit `maxBlobCacheBytes`) and replaced through a temporary file and a rename, so a crash leaves the old file or
/// the new one. It is only a hint: the registry checks every mount, a mount it declines falls back to an upload,
/// and a file that cannot be read (corrupt, too large) counts as empty and is replaced. Nothing about it ever
/// fails a transfer; what went wrong is reported once (``PushReport/cacheWarning``).
public struct BlobLocationCache: Sendable {
    /// Digests kept; the least recently seen are dropped first.
    public static let maxEntries = 4096
    /// Repositories kept per blob, most recent first.
    public static let maxRepositoriesPerBlob = 4
    /// Mounts tried per blob before it is uploaded.
    public static let maxMountAttempts = 3
    /// The largest file read (`maxBlobCacheBytes`); a larger one is treated as corrupt.
    public static let maxFileBytes = 8 << 20
    /// The environment variable that turns the cache off (`VOUCH_NO_BLOB_CACHE=1`).
    public static let disableVariable = "VOUCH_NO_BLOB_CACHE"

    /// The cache file.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The user's cache (``UserCacheDirectory`` + `registry/blob-locations.json`); nil when
    /// `VOUCH_NO_BLOB_CACHE` is set to anything but empty or `0`, or there is no cache directory.
    public static func standard(environment: [String: String]? = nil) -> BlobLocationCache? {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let off = environment[disableVariable], !off.isEmpty, off != "0" { return nil }
        return UserCacheDirectory.path(environment: environment).map { BlobLocationCache(path: $0 + "/registry/blob-locations.json") }
    }

    /// One blob seen in one repository.
    public struct Sighting: Sendable, Hashable {
        public var registry: String
        public var digest: Digest
        public var repository: String

        public init(registry: String, digest: Digest, repository: String) {
            self.registry = registry
            self.digest = digest
            self.repository = repository
        }
    }

    /// What the file held when it was read.
    public struct Snapshot: Sendable {
        struct Key: Hashable { var registry: String; var digest: Digest }
        fileprivate var entries: [FileFormat.Entry]
        private var positions: [Key: Int]

        /// `entries` hold each (registry, digest) once.
        fileprivate init(entries: [FileFormat.Entry]) {
            self.entries = entries
            positions = [:]
            for (position, entry) in entries.enumerated() { positions[Key(registry: entry.registry, digest: entry.digest)] = position }
        }

        /// The repositories of `registry` known to hold `digest`, most recent first, without `excluding`.
        public func repositories(registry: String, digest: Digest, excluding: String? = nil) -> [String] {
            guard let position = positions[Key(registry: registry, digest: digest)] else { return [] }
            return entries[position].repositories.filter { $0 != excluding }
        }

        /// `sightings` moved to the front (each blob's repository first in its list), then bounded.
        fileprivate func adding(_ sightings: [Sighting]) -> Snapshot {
            var entries = entries
            for sighting in sightings.reversed() {
                var repositories = [sighting.repository]
                if let found = entries.firstIndex(where: { $0.digest == sighting.digest && $0.registry == sighting.registry }) {
                    repositories += entries[found].repositories.filter { $0 != sighting.repository }
                    entries.remove(at: found)
                }
                entries.insert(FileFormat.Entry(
                    registry: sighting.registry, digest: sighting.digest, repositories: Array(repositories.prefix(BlobLocationCache.maxRepositoriesPerBlob))), at: 0)
            }
            return Snapshot(entries: Array(entries.prefix(BlobLocationCache.maxEntries)))
        }
    }

    fileprivate struct FileFormat: Codable {
        struct Entry: Codable {
            var registry: String
            var digest: Digest
            var repositories: [String]
        }
        var version: Int
        var entries: [Entry]
    }

    /// The file's contents: empty when there is none; empty with the reason when it cannot be read or is not a
    /// cache file of this version (it is replaced on the next write). A file over ``maxFileBytes`` is the limit
    /// error `maxBlobCacheBytes`.
    public func read() -> (snapshot: Snapshot, problem: VouchError?) {
        var status = stat()
        if stat(path, &status) != 0, errno == ENOENT || errno == ENOTDIR { return (Snapshot(entries: []), nil) }
        let bytes: [UInt8]
        do throws(VouchError) {
            bytes = try BoundedFileReader.read(path, limit: Self.maxFileBytes, limitName: "maxBlobCacheBytes", what: "blob cache size")
        } catch {
            return (Snapshot(entries: []), error)
        }
        let decoded: FileFormat
        do throws(VouchError) {
            decoded = try JSONValue.decode(
                FileFormat.self, from: bytes, path: path, limits: JSONLimits(maxBytes: Self.maxFileBytes + 1, maxBytesName: "maxBlobCacheBytes", maxJSONDepth: 8))
        } catch {
            return (Snapshot(entries: []), VouchError(.malformedInput, "not a blob cache file (\(error.reason))", path: path))
        }
        guard decoded.version == 1 else {
            return (Snapshot(entries: []), VouchError(.unsupportedInput, "blob cache version \(decoded.version) (1 is read)", path: path))
        }
        // A name the reference grammar refuses is not used in a request (the file is a hint, not trusted input);
        // a blob listed twice keeps its first (most recent) entry.
        var seen: Set<Snapshot.Key> = []
        let valid = decoded.entries.compactMap { entry -> FileFormat.Entry? in
            guard seen.insert(Snapshot.Key(registry: entry.registry, digest: entry.digest)).inserted else { return nil }
            let repositories = entry.repositories.filter { repository in
                RegistryReference(parsing: "\(entry.registry)/\(repository)").map { $0.registry == entry.registry && $0.path == repository } == true
            }
            return repositories.isEmpty ? nil : FileFormat.Entry(registry: entry.registry, digest: entry.digest, repositories: Array(repositories.prefix(Self.maxRepositoriesPerBlob)))
        }
        return (Snapshot(entries: Array(valid.prefix(Self.maxEntries))), nil)
    }

    /// Adds `sightings` to the file as it is now (read again: another process may have written it) and
    /// replaces it; returns why that failed, nil when it worked. A file that cannot be read is replaced.
    /// The read and the replace happen under an exclusive lock on `<path>.lock` (flock), so writers at once
    /// each add to what the other wrote instead of one replacing the other's addition; a lock still held
    /// after ``lockWait`` (a stuck process) is given up on and the file written without it: it is only a hint.
    @discardableResult
    public func record(_ sightings: [Sighting]) -> VouchError? {
        guard !sightings.isEmpty else { return nil }
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        do throws(VouchError) {
            try Self.makeDirectories(directory)
            let lock = Self.lock(path + ".lock")
            defer { if lock >= 0 { close(lock) } }
            let updated = read().snapshot.adding(sightings)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            guard let data = try? encoder.encode(FileFormat(version: 1, entries: updated.entries)) else {
                return VouchError(.ioFailure, "the blob cache could not be encoded", path: path)
            }
            try OutputFile.write([UInt8](data), to: path, mode: 0o600)
            return nil
        } catch {
            return error
        }
    }

    /// The warning for a cache that could not be read: it is replaced on the next write.
    static func warning(reading error: VouchError) -> String {
        "the blob cache is not used (\(error.description)); it is replaced"
    }

    /// The warning for a cache that could not be written.
    static func warning(writing error: VouchError) -> String {
        "cannot write the blob cache (\(error.description)); blobs are uploaded instead of mounted from where they were seen"
    }

    /// How long ``record(_:)`` waits for another writer's lock.
    static let lockWait: Duration = .seconds(2)

    /// An exclusive flock on `lockPath`, as an open descriptor (closing it releases the lock), or -1 when the
    /// file cannot be opened or the lock is not free within ``lockWait``.
    private static func lock(_ lockPath: String) -> Int32 {
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return -1 }
        let clock = ContinuousClock()
        let deadline = clock.now + lockWait
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, clock.now < deadline else {
                close(descriptor)
                return -1
            }
            usleep(2_000)
        }
        return descriptor
    }

    /// `mkdir -p` with mode 0700 for what it creates.
    private static func makeDirectories(_ directory: String) throws(VouchError) {
        guard !directory.isEmpty else { return }
        var current = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o700) != 0, errno != EEXIST { throw VouchError.system(errno: errno, operation: "mkdir", path: current) }
        }
        var status = stat()
        guard stat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw VouchError(.ioFailure, "not a directory", path: directory)
        }
    }
}
