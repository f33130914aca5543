/// Paths inside a ``VouchCore/FileResolver`` tree: absolute, `/`-separated.
enum TreePath {
    /// The non-empty components of `path`, without `.`.
    static func components(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0 != "." }.map(String.init)
    }

    /// `base/name` without doubling the separator.
    static func join(_ base: String, _ name: String) -> String {
        base.hasSuffix("/") ? base + name : base + "/" + name
    }

    /// Everything before the last component (`/` for a top-level path).
    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "/" }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }
}
