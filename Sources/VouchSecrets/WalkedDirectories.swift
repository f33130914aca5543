#if canImport(Glibc)
import Glibc
#endif

/// The directories of a walked tree, by index: each one's path, and a descriptor of it kept open from
/// the walk (up to ``keptOpenLimit``), so that scanning threads open its files with `openat(2)` relative
/// to it instead of opening the directory again by its whole path, once per thread (on C headers and
/// node_modules that was a sixth of all system calls). The walk's `DIR` itself is closed (a duplicate
/// descriptor is kept): an open `DIR` holds glibc's 32 KiB buffer, which closing lets the next reuse.
///
/// `@unchecked Sendable`, the C-handle box exception: descriptors are added only while one thread walks,
/// then only read while threads scan; they are closed in `deinit`.
final class WalkedDirectories: @unchecked Sendable {
    private(set) var paths: [String] = []
    /// Per directory: the kept descriptor, or -1 past the limit.
    private var descriptors: [Int32] = []
    private let keptOpenLimit: Int
    private var openCount = 0

    /// How many directory descriptors a walk keeps open: half the process's descriptor limit
    /// (`RLIMIT_NOFILE`, not raised), at most 4096.
    static func defaultKeptOpenLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        return Int(min(limit.rlim_cur / 2, 4096))
    }

    init(keptOpenLimit: Int = WalkedDirectories.defaultKeptOpenLimit()) {
        self.keptOpenLimit = keptOpenLimit
    }

    deinit {
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
    }

    /// Records a directory the walk has read through `handle`, which this closes.
    func append(_ path: String, handle: OpaquePointer) -> Int {
        paths.append(path)
        var kept: Int32 = -1
        if openCount < keptOpenLimit {
            kept = fcntl(dirfd(handle), F_DUPFD_CLOEXEC, 0)
            if kept >= 0 { openCount += 1 }
        }
        descriptors.append(kept)
        closedir(handle)
        return paths.count - 1
    }

    /// The kept descriptor of directory `index`, or -1 (the scanning thread then opens it by path).
    func descriptor(_ index: Int) -> Int32 { descriptors[index] }
}
