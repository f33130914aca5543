#if canImport(Glibc)
import Glibc
#endif
import VouchCore

/// An OCI image layout directory. A file is readable only if neither it nor any directory between it and
/// the layout root is a symlink, so a blob can never point outside the layout.
struct DirectoryStorage: ImageStorage {
    let root: String
    var displayName: String { root }
    var isArchive: Bool { false }

    func exists(_ relativePath: String) -> Bool {
        var info = stat()
        return lstat(root + "/" + relativePath, &info) == 0
    }

    func lookup(_ relativePath: String, allowSymlinks: Bool) throws(VouchError) -> StoredFileLookup {
        let components = relativePath.split(separator: "/")
        guard !components.contains(".."), !relativePath.hasPrefix("/") else {
            return .refused("path '\(relativePath)' leaves the layout")
        }
        var path = root
        for (index, component) in components.enumerated() {
            path += "/" + component
            var info = stat()
            guard lstat(path, &info) == 0 else {
                if errno == ENOENT || errno == ENOTDIR { return .missing }
                throw VouchError.system(errno: errno, operation: "lstat", path: path)
            }
            let type = info.st_mode & S_IFMT
            if type == S_IFLNK { return .refused("'\(relativePath)' is a symlink (\(path)); blobs must be regular files") }
            let isLast = index == components.count - 1
            if isLast {
                guard type == S_IFREG else { return .refused("'\(relativePath)' is not a regular file") }
                return .found(FileSlice(containerPath: path, offset: 0, length: Int64(info.st_size), displayName: path, refusesSymlink: true))
            }
            guard type == S_IFDIR else { return .missing }
        }
        return .missing
    }
}
