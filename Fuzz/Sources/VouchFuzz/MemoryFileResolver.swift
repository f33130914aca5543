import VouchCore

/// A file tree held in memory (regular files only; directories are implied by the paths), so catalogers
/// read fuzz input through the same ``FileResolver`` contract as a directory or an image.
final class MemoryFileResolver: FileResolver {
    let displayName = "memory"
    private let files: [String: [UInt8]]

    init(files: [String: [UInt8]]) { self.files = files }

    private func isDirectory(_ path: String) -> Bool {
        let prefix = path.hasSuffix("/") ? path : path + "/"
        return files.keys.contains { $0.hasPrefix(prefix) }
    }

    func info(_ path: String) throws(VouchError) -> FileInfo? {
        if let bytes = files[path] { return FileInfo(path: path, kind: .regular, size: Int64(bytes.count)) }
        return isDirectory(path) ? FileInfo(path: path, kind: .directory) : nil
    }

    func contents(of path: String, maximumBytes: Int) throws(VouchError) -> [UInt8] {
        guard let bytes = files[path] else { throw VouchError(.fileNotFound, "no such file", path: path) }
        guard bytes.count <= maximumBytes else {
            throw VouchError.limitExceeded("maximumBytes", limit: Int64(maximumBytes), found: Int64(bytes.count), path: path, what: "file size")
        }
        return bytes
    }

    func list(_ path: String) throws(VouchError) -> [String] {
        let prefix = path.hasSuffix("/") ? path : path + "/"
        var names: Set<String> = []
        for key in files.keys where key.hasPrefix(prefix) {
            if let name = key.dropFirst(prefix.count).split(separator: "/").first { names.insert(String(name)) }
        }
        return names.sorted()
    }

    func glob(_ pattern: String) throws(VouchError) -> [String] { [] }
}
