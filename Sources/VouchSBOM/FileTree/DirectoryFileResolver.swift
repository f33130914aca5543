#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import VouchCore
import VouchImage
import VouchFiles

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
        var resolved = try childOfResolvedDirectory(path)
        if resolved == nil { resolved = try hostPath(path, followFinalLink: false) }
        guard let host = resolved else { return nil }
        var status = stat()
        guard lstat(host.hostPath, &status) == 0 else { return nil }
        return Self.fileInfo(path: host.treePath, status: status, linkTarget: Self.linkTarget(host.hostPath, status))
    }

    public func contents(of path: String, maximumBytes: Int) throws(VouchError) -> [UInt8] {
        try readFile(path, maximumBytes: maximumBytes, firstRead: .max) { _ in true }
    }

    public func leadingContents(of path: String, maximumBytes: Int, until isComplete: ([UInt8]) -> Bool) throws(VouchError) -> [UInt8] {
        try readFile(path, maximumBytes: maximumBytes, firstRead: Self.leadingChunkBytes, until: isComplete)
    }

    /// The first read of ``leadingContents(of:maximumBytes:until:)``; when that is not enough, the rest
    /// of the file is read in one go.
    static let leadingChunkBytes = 16 << 10

    /// At most `firstRead` bytes of the file at `path`, then the rest of it unless `isComplete` holds.
    private func readFile(_ path: String, maximumBytes: Int, firstRead: Int, until isComplete: ([UInt8]) -> Bool) throws(VouchError) -> [UInt8] {
        let (descriptor, failure) = try openWithinRoot(path, flags: O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw VouchError.system(errno: failure, operation: "open", path: path) }
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
        let first = min(size, firstRead)
        var bytes = try Self.readBytes(descriptor, count: first, path: path)
        if bytes.count < first || bytes.count == size || isComplete(bytes) { return bytes }
        let rest = try Self.readBytes(descriptor, count: size - bytes.count, path: path)
        bytes.append(contentsOf: rest)
        return bytes
    }

    /// Up to `count` bytes from `descriptor` in one buffer; fewer when the file ends first (a file that
    /// shrank while being read gives what was there).
    private static func readBytes(_ descriptor: Int32, count: Int, path: String) throws(VouchError) -> [UInt8] {
        var failure: VouchError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            let read = Result { () throws(VouchError) in
                try FileDescriptorIO.readFully(descriptor, into: UnsafeMutableRawBufferPointer(buffer), path: path)
            }
            switch read {
            case .success(let count): initialized = count
            case .failure(let error): failure = error; initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    public func list(_ path: String) throws(VouchError) -> [String] {
        try entries(path).map(\.name)
    }

    public func glob(_ pattern: String) throws(VouchError) -> [String] {
        let components = TreePath.components(pattern)
        var results: [String] = []
        walk(treePath: "", hostPath: rootPath, pattern: components[...], into: &results)
        return results.sorted()
    }

    /// The entries of a directory with their kinds as readdir reports them (no lstat per entry), sorted
    /// by name; empty when `path` is not a directory. Used by catalogers that must tell directories from
    /// files over many entries cheaply.
    public func entries(_ path: String) throws(VouchError) -> [(name: String, kind: FileInfo.Kind)] {
        try withDirectory(path) { Self.readDirectory($0) }.sorted { $0.name < $1.name }
    }

    /// Which of `names` are entries of the directory at `path`, sorted; empty when it is not a directory.
    /// Makes no String for any other entry: the vendored-distribution search asks this of every
    /// top-level package of a site-packages, whose entries run to thousands.
    public func entries(_ path: String, named names: Set<String>) throws(VouchError) -> [String] {
        let lengths = Set(names.map(\.utf8.count))
        return try withDirectory(path) { directory in
            var found: [String] = []
            while let entry = readdir(directory) {
                let name = Self.withName(of: entry) { lengths.contains(strlen($0)) ? String(cString: $0) : nil }
                if let name, names.contains(name) { found.append(name) }
            }
            return found
        }.sorted()
    }

    /// `body` over the open directory at `path`; nothing (an empty result) when it is not a directory.
    private func withDirectory<Entry>(_ path: String, _ body: (OpaquePointer) -> [Entry]) throws(VouchError) -> [Entry] {
        let descriptor = try openWithinRoot(path, flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC).descriptor
        guard descriptor >= 0 else { return [] }
        guard let directory = fdopendir(descriptor) else {
            close(descriptor)
            return []
        }
        defer { closedir(directory) }
        return body(directory)
    }

    /// The host path of `path`, so a caller can hand it to a tool that reads files itself (hashing).
    public func hostPath(of path: String) throws(VouchError) -> String? {
        try hostPath(path, followFinalLink: true)?.hostPath
    }

    // MARK: - Resolution

    /// Opens `path` with `flags`, following symlinks only the way the tree allows; on failure the
    /// descriptor is -1 with the errno (ENOENT when nothing is there or the path leaves the tree).
    ///
    /// The common case, a path whose directory was resolved before, is one `open` with `O_NOFOLLOW`: a
    /// symlink as the last component fails it and is then resolved inside the root.
    private func openWithinRoot(_ path: String, flags: Int32) throws(VouchError) -> (descriptor: Int32, errno: Int32) {
        if let child = try childOfResolvedDirectory(path) {
            let descriptor = open(child.hostPath, flags | O_NOFOLLOW)
            if descriptor >= 0 { return (descriptor, 0) }
            // A symlink as the last component fails O_NOFOLLOW with ELOOP, or ENOTDIR with O_DIRECTORY.
            if errno != ELOOP, errno != ENOTDIR { return (-1, errno) }
        }
        guard let host = try hostPath(path, followFinalLink: true) else { return (-1, ENOENT) }
        let descriptor = open(host.hostPath, flags)
        return (descriptor, descriptor >= 0 ? 0 : errno)
    }

    /// Directories resolved before (by the path as given), with their resolved tree and host paths.
    private var resolvedDirectories: [String: (treePath: String, hostPath: String)] = [:]

    /// `path` as a plain name inside a directory resolved once and remembered, without touching the disk
    /// for the last component; nil when `path` needs the full resolution (`.`, `..`, the root itself).
    /// A catalogue makes thousands of lookups inside a few hundred directories.
    private func childOfResolvedDirectory(_ path: String) throws(VouchError) -> (treePath: String, hostPath: String)? {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        let name = path[path.utf8.index(after: slash)...]
        guard !name.isEmpty, name != ".", name != ".." else { return nil }
        guard let parent = try resolvedDirectory(String(path[..<slash])) else { return nil }
        return (
            parent.treePath == "/" ? "/" + name : parent.treePath + "/" + name,
            parent.hostPath == "/" ? "/" + name : parent.hostPath + "/" + name
        )
    }

    /// The directory at `path` (`""` is the root) resolved, remembered for next time; nil when it is not a
    /// directory. A directory whose parent is known costs one lstat; a symlink anywhere takes the full
    /// resolution.
    private func resolvedDirectory(_ path: String) throws(VouchError) -> (treePath: String, hostPath: String)? {
        if let known = resolvedDirectories[path] { return known }
        var status = stat()
        var resolved: (treePath: String, hostPath: String)?
        if !path.isEmpty, let child = try childOfResolvedDirectory(path), lstat(child.hostPath, &status) == 0,
           (status.st_mode & S_IFMT) == S_IFDIR {
            resolved = child
        } else if let full = try hostPath(path.isEmpty ? "/" : path, followFinalLink: true), stat(full.hostPath, &status) == 0,
                  (status.st_mode & S_IFMT) == S_IFDIR {
            resolved = full
        }
        if let resolved { resolvedDirectories[path] = resolved }
        return resolved
    }

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
        return readDirectory(directory)
    }

    /// The entries of an open directory; one of unknown type is lstat'ed relative to the directory.
    private static func readDirectory(_ directory: OpaquePointer) -> [(name: String, kind: FileInfo.Kind)] {
        var entries: [(name: String, kind: FileInfo.Kind)] = []
        while let entry = readdir(directory) {
            let name = withName(of: entry) { String(cString: $0) }
            if name == "." || name == ".." { continue }
            var kind: FileInfo.Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_REG): kind = .regular
            case Int32(DT_LNK): kind = .symlink
            case Int32(DT_UNKNOWN):
                var status = stat()
                kind = fstatat(dirfd(directory), name, &status, AT_SYMLINK_NOFOLLOW) == 0 ? fileInfo(path: "", status: status, linkTarget: nil).kind : .other
            default: kind = .other
            }
            entries.append((name, kind))
        }
        return entries
    }

    /// `body` over a directory entry's NUL-terminated name.
    private static func withName<Result>(of entry: UnsafeMutablePointer<dirent>, _ body: (UnsafePointer<CChar>) -> Result) -> Result {
        withUnsafePointer(to: &entry.pointee.d_name) { tuple in
            tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee), body)
        }
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
