#if canImport(Glibc)
import Glibc
#endif
import VouchCore

/// Lists the regular files under a directory, sorted, without following symbolic links (so nothing
/// outside the tree is read) and without descending into `.git`.
///
/// The kind of each entry comes from `getdents64`'s `d_type` (no `lstat` per entry; `fstatat` only
/// on file systems that report `DT_UNKNOWN`), and each file is named by its directory and its name,
/// so a scanner opens it with `openat(2)` relative to the directory instead of walking the whole path;
/// the walk keeps the directories it read open for that (``WalkedDirectories``).
struct TreeWalker {
    struct Entry {
        /// Index into ``directories`` of the directory holding the file, or -1 for a path given alone.
        var directory: Int
        /// The file's name in its directory (the whole path when `directory` is -1).
        var name: String
        /// Path shown in findings: the root as given, then the relative path.
        var display: String
        /// The scanned root (absolute) and the path relative to it; nil for standard input.
        var root: String?
        var relative: String?
    }

    let directories = WalkedDirectories()
    var symlinksSkipped = 0
    var errors: [SkippedInput] = []

    mutating func files(under root: String) -> [Entry] {
        var entries: [Entry] = []
        let base = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        let absolute = TreeWalker.absolute(base)
        walk(directory: base, relative: "", root: absolute, into: &entries)
        return entries
    }

    /// `path` made absolute and resolved (`realpath(3)`), or as given when that fails.
    static func absolute(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private mutating func walk(directory: String, relative: String, root: String, into entries: inout [Entry]) {
        guard let handle = opendir(directory) else {
            errors.append(SkippedInput(path: directory, reason: VouchError.system(errno: errno, operation: "opendir", path: directory).reason))
            return
        }
        let descriptor = dirfd(handle)
        var children: [(name: String, type: UInt8)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                var status = stat()
                if fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 {
                    switch status.st_mode & S_IFMT {
                    case S_IFDIR: type = UInt8(DT_DIR)
                    case S_IFREG: type = UInt8(DT_REG)
                    case S_IFLNK: type = UInt8(DT_LNK)
                    default: type = UInt8(DT_UNKNOWN)
                    }
                } else {
                    let path = directory + "/" + name
                    errors.append(SkippedInput(path: path, reason: VouchError.system(errno: errno, operation: "lstat", path: path).reason))
                    continue
                }
            }
            children.append((name, type))
        }
        let index = directories.append(directory, handle: handle)
        children.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        for (name, type) in children {
            let path = directory == "/" ? "/" + name : directory + "/" + name
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            switch type {
            case UInt8(DT_DIR):
                if name == ".git" { continue }
                walk(directory: path, relative: childRelative, root: root, into: &entries)
            case UInt8(DT_REG):
                entries.append(Entry(directory: index, name: name, display: path, root: root, relative: childRelative))
            case UInt8(DT_LNK):
                symlinksSkipped += 1
            default:
                continue
            }
        }
    }
}
