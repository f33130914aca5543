#if canImport(Glibc)
import Glibc
#endif
import VouchCore

/// Lists the regular files under a directory, sorted, without following symbolic links (so nothing
/// outside the tree is read) and without descending into `.git`.
struct TreeWalker {
    struct Entry {
        /// Path to open.
        var path: String
        /// Path shown in findings: the root as given, then the relative path.
        var display: String
    }

    var symlinksSkipped = 0
    var errors: [SkippedInput] = []

    mutating func files(under root: String) -> [Entry] {
        var entries: [Entry] = []
        let base = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        walk(directory: base, into: &entries)
        return entries
    }

    private mutating func walk(directory: String, into entries: inout [Entry]) {
        guard let handle = opendir(directory) else {
            errors.append(SkippedInput(path: directory, reason: VouchError.system(errno: errno, operation: "opendir", path: directory).reason))
            return
        }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        closedir(handle)
        names.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for name in names {
            let path = directory == "/" ? "/" + name : directory + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0 else {
                errors.append(SkippedInput(path: path, reason: VouchError.system(errno: errno, operation: "lstat", path: path).reason))
                continue
            }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                if name == ".git" { continue }
                walk(directory: path, into: &entries)
            case S_IFREG:
                entries.append(Entry(path: path, display: path))
            case S_IFLNK:
                symlinksSkipped += 1
            default:
                continue
            }
        }
    }
}
