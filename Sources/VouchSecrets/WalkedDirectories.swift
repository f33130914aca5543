#if canImport(Glibc)
import Glibc
#endif

/// The directories of a walked tree, by index: each one's path, and the handle the walk read it with,
/// kept open (up to ``keptOpenLimit``) so that scanning threads open its files with `openat(2)` relative
/// to it instead of opening the directory again by its whole path, once per thread (on C headers and
/// node_modules that was a sixth of all system calls).
///
/// `@unchecked Sendable`, the C-handle box exception: handles are added only while one thread walks,
/// then only read while threads scan; they are closed in `deinit`.
final class WalkedDirectories: @unchecked Sendable {
    private(set) var paths: [String] = []
    /// Per directory: its open `DIR`, or nil past the limit.
    private var handles: [OpaquePointer?] = []
    /// Per directory: the descriptor of its handle, or -1.
    private var descriptors: [Int32] = []
    private let keptOpenLimit: Int
    private var openCount = 0

    /// How many directory handles a walk keeps open: half the process's descriptor limit
    /// (`RLIMIT_NOFILE`, not raised), at most 4096 (each handle is a descriptor and glibc's 32 KiB buffer).
    static func defaultKeptOpenLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        return Int(min(limit.rlim_cur / 2, 4096))
    }

    init(keptOpenLimit: Int = WalkedDirectories.defaultKeptOpenLimit()) {
        self.keptOpenLimit = keptOpenLimit
    }

    deinit {
        for case let handle? in handles { closedir(handle) }
    }

    /// Records a directory the walk has read; its handle is kept or closed here.
    func append(_ path: String, handle: OpaquePointer) -> Int {
        paths.append(path)
        if openCount < keptOpenLimit {
            handles.append(handle)
            descriptors.append(dirfd(handle))
            openCount += 1
        } else {
            closedir(handle)
            handles.append(nil)
            descriptors.append(-1)
        }
        return paths.count - 1
    }

    /// The kept descriptor of directory `index`, or -1 when it was closed after the walk read it.
    func descriptor(_ index: Int) -> Int32 { descriptors[index] }
}
