#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import VouchCore
import VouchImage

/// A directory on disk seen as a ``FileResolver``: `/` is the directory itself.
///
/// Symlinks are resolved the way a chroot would: an absolute target starts again at the directory, and
/// `..` stops at it, so no path given to this resolver ever reaches a file outside the directory (a
/// venv's `bin/python -> /usr/bin/python3` is reported as a symlink and never read). ``glob(_:)`` does not
/// descend through symlinked directories, so a tree with `lib64 -> lib` is walked once.
public final class DirectoryFileResolver: FileResolver {
    /// The host path of the directory, without a trailing `/`.
    public let rootPath: String
    public let displayName: String

    /// The most symlinks followed while resolving one path (Linux's own limit is 40).
    public static let maximumSymlinkHops = 40

    /// Host paths (below the root) already known to be real directories, so resolving a deep path does
    /// not lstat every parent again.
    private var knownDirectories: Set<String> = []

    /// Opens `path`, which must be a directory.
    public init(path: String) throws(VouchError) {
        var root = path
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        var status = stat()
        guard stat(root, &status) == 0 else { throw VouchError.system(errno: errno, operation: "stat", path: path) }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw VouchError(.unsupportedInput, "is not a directory", path: path)
        }
        // Absolute and without symlinks, so host paths found inside the tree (an .egg-link's target) compare.
        if let resolved = realpath(root, nil) {
            root = String(cString: resolved)
            free(resolved)
        }
        rootPath = root == "/" ? "" : root
        displayName = path
    }

    public func info(_ path: String) throws(VouchError) -> FileInfo? {
        guard let host = try hostPath(path, followFinalLink: false) else { return nil }
        var status = stat()
        guard lstat(host.hostPath, &status) == 0 else { return nil }
        return Self.fileInfo(path: host.treePath, status: status, linkTarget: Self.linkTarget(host.hostPath, status))
    }

    public func contents(of path: String, maximumBytes: Int) throws(VouchError) -> [UInt8] {
        guard let host = try hostPath(path, followFinalLink: true) else {
            throw VouchError(.fileNotFound, "no such file", path: path)
        }
        let descriptor = open(host.hostPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw VouchError.system(errno: errno, operation: "open", path: path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw VouchError.system(errno: errno, operation: "fstat", path: path) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw VouchError(.unsupportedInput, "is not a regular file", path: path)
        }
        let size = Int(status.st_size)
        guard size <= maximumBytes else {
            throw VouchError.limitExceeded("maximumBytes", limit: Int64(maximumBytes), found: Int64(size), path: path, what: "file size")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + offset, size - offset) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw VouchError.system(errno: errno, operation: "read", path: path)
            }
            offset += count
        }
        if offset < size { bytes.removeLast(size - offset) }
        return bytes
    }

    public func list(_ path: String) throws(VouchError) -> [String] {
        guard let host = try hostPath(path, followFinalLink: true) else { return [] }
        return Self.readDirectory(host.hostPath).map(\.name).sorted()
    }

    public func glob(_ pattern: String) throws(VouchError) -> [String] {
        let components = TreePath.components(pattern)
        var results: [String] = []
        walk(treePath: "", hostPath: rootPath, pattern: components[...], into: &results)
        return results.sorted()
    }

    /// The entries of a directory with their kinds as readdir reports them (no lstat per entry).
    /// Used by catalogers that must tell directories from files over many entries cheaply.
    public func entries(_ path: String) throws(VouchError) -> [(name: String, kind: FileInfo.Kind)] {
        guard let host = try hostPath(path, followFinalLink: true) else { return [] }
        return Self.readDirectory(host.hostPath).sorted { $0.name < $1.name }
    }

    /// The host path of `path`, so a caller can hand it to a tool that reads files itself (hashing).
    public func hostPath(of path: String) throws(VouchError) -> String? {
        try hostPath(path, followFinalLink: true)?.hostPath
    }

    // MARK: - Resolution

    private func hostPath(_ path: String, followFinalLink: Bool) throws(VouchError) -> (treePath: String, hostPath: String)? {
        var pending = TreePath.components(path).reversed() as [String]
        var resolved: [String] = []
        var hops = 0
        while let component = pending.popLast() {
            if component == ".." {
                if !resolved.isEmpty { resolved.removeLast() }
                continue
            }
            resolved.append(component)
            let host = rootPath + "/" + resolved.joined(separator: "/")
            if !pending.isEmpty, knownDirectories.contains(host) { continue }
            var status = stat()
            guard lstat(host, &status) == 0 else { return nil }
            let kind = status.st_mode & S_IFMT
            if kind == S_IFLNK, !pending.isEmpty || followFinalLink {
                hops += 1
                guard hops <= Self.maximumSymlinkHops else {
                    throw VouchError.limitExceeded(
                        "maximumSymlinkHops", limit: Int64(Self.maximumSymlinkHops), found: Int64(hops), path: path,
                        what: "symlinks followed")
                }
                guard let target = Self.readLink(host) else { return nil }
                resolved.removeLast()
                if target.hasPrefix("/") { resolved.removeAll() }
                pending.append(contentsOf: TreePath.components(target).reversed())
            } else if kind == S_IFDIR, !pending.isEmpty {
                knownDirectories.insert(host)
            } else if !pending.isEmpty {
                return nil  // a file in the middle of a path
            }
        }
        return ("/" + resolved.joined(separator: "/"), resolved.isEmpty ? (rootPath.isEmpty ? "/" : rootPath) : rootPath + "/" + resolved.joined(separator: "/"))
    }

    private func walk(treePath: String, hostPath: String, pattern: ArraySlice<String>, into results: inout [String]) {
        guard let component = pattern.first else {
            results.append(treePath.isEmpty ? "/" : treePath)
            return
        }
        let rest = pattern.dropFirst()
        let entries = Self.readDirectory(hostPath.isEmpty ? "/" : hostPath)
        if component == "**" {
            walk(treePath: treePath, hostPath: hostPath, pattern: rest, into: &results)
            for entry in entries where entry.kind == .directory {
                walk(treePath: treePath + "/" + entry.name, hostPath: hostPath + "/" + entry.name, pattern: pattern, into: &results)
            }
            return
        }
        for entry in entries where GlobPattern.matches(entry.name, component) {
            if rest.isEmpty {
                results.append(treePath + "/" + entry.name)
            } else if entry.kind == .directory {
                walk(treePath: treePath + "/" + entry.name, hostPath: hostPath + "/" + entry.name, pattern: rest, into: &results)
            }
        }
    }

    private static func readDirectory(_ host: String) -> [(name: String, kind: FileInfo.Kind)] {
        guard let directory = opendir(host) else { return [] }
        defer { closedir(directory) }
        var entries: [(name: String, kind: FileInfo.Kind)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var kind: FileInfo.Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_REG): kind = .regular
            case Int32(DT_LNK): kind = .symlink
            case Int32(DT_UNKNOWN):
                var status = stat()
                kind = lstat(host + "/" + name, &status) == 0 ? fileInfo(path: "", status: status, linkTarget: nil).kind : .other
            default: kind = .other
            }
            entries.append((name, kind))
        }
        return entries
    }

    private static func fileInfo(path: String, status: stat, linkTarget: String?) -> FileInfo {
        let kind: FileInfo.Kind
        switch status.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        return FileInfo(path: path, kind: kind, size: Int64(status.st_size), mode: UInt32(status.st_mode & 0o7777), linkTarget: linkTarget)
    }

    private static func linkTarget(_ host: String, _ status: stat) -> String? {
        (status.st_mode & S_IFMT) == S_IFLNK ? readLink(host) : nil
    }

    private static func readLink(_ host: String) -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { readlink(host, $0.baseAddress!.assumingMemoryBound(to: CChar.self), 4096) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}
