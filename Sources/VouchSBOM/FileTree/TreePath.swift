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

    /// The last component.
    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? ""
    }

    /// Everything before the last component (`/` for a top-level path).
    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "/" }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }
}

/// Shell-style matching of one path component: `*` any run of characters, `?` one character.
enum GlobPattern {
    static func matches(_ name: String, _ pattern: String) -> Bool {
        let text = Array(name.utf8), glob = Array(pattern.utf8)
        var t = 0, g = 0, starG = -1, starT = 0
        while t < text.count {
            if g < glob.count, glob[g] == UInt8(ascii: "?") || glob[g] == text[t] {
                t += 1; g += 1
            } else if g < glob.count, glob[g] == UInt8(ascii: "*") {
                starG = g; starT = t; g += 1
            } else if starG >= 0 {
                g = starG + 1; starT += 1; t = starT
            } else {
                return false
            }
        }
        while g < glob.count, glob[g] == UInt8(ascii: "*") { g += 1 }
        return g == glob.count
    }
}
