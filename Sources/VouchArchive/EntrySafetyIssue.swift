/// A property of a tar entry that would be dangerous if the entry were extracted or followed.
public enum EntrySafetyIssue: Hashable, Sendable, CustomStringConvertible {
    /// The path has a `..` component.
    case parentTraversal
    /// The path is absolute.
    case absolutePath
    /// A symlink whose relative target climbs above the archive root, or a hard link whose target is
    /// absolute or climbs above it.
    case linkEscapesRoot(target: String)
    /// A character or block device node.
    case deviceFile
    /// The setuid or setgid bit is set.
    case setIDBit

    public var description: String {
        switch self {
        case .parentTraversal: "path contains '..'"
        case .absolutePath: "absolute path"
        case .linkEscapesRoot(let target): "link target '\(target)' escapes the archive root"
        case .deviceFile: "device file"
        case .setIDBit: "setuid/setgid bit set"
        }
    }

    /// Every issue of an entry with these properties.
    public static func issues(path: String, type: EntryType, linkTarget: String?, mode: UInt32) -> [EntrySafetyIssue] {
        var issues: [EntrySafetyIssue] = []
        if path.hasPrefix("/") { issues.append(.absolutePath) }
        if ArchivePath.hasParentComponent(path) { issues.append(.parentTraversal) }
        if let linkTarget {
            switch type {
            case .symlink:
                // An absolute symlink resolves against the image root; only relative climbs escape it.
                if !linkTarget.hasPrefix("/"),
                   ArchivePath.climbsAboveRoot(ArchivePath.components(ArchivePath.parent(of: path)) + ArchivePath.components(linkTarget)) {
                    issues.append(.linkEscapesRoot(target: linkTarget))
                }
            case .hardlink:
                // A hard link's target is another entry's path, always relative to the root.
                if linkTarget.hasPrefix("/") || ArchivePath.climbsAboveRoot(ArchivePath.components(linkTarget)) {
                    issues.append(.linkEscapesRoot(target: linkTarget))
                }
            default:
                break
            }
        }
        if type == .characterDevice || type == .blockDevice { issues.append(.deviceFile) }
        if mode & 0o6000 != 0, type == .regular { issues.append(.setIDBit) }
        return issues
    }
}

/// Lexical path handling for archive member names (never touches the file system).
enum ArchivePath {
    /// The non-empty components other than `.`.
    static func components(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
    }

    /// `path`'s components joined by single slashes; a path that is already so (most tar members) is
    /// returned as it is, checked byte by byte without splitting it (this runs for every entry of a layer).
    static func normalized(_ path: String) -> String {
        isNormalized(path) ? path : components(path).joined(separator: "/")
    }

    /// True when `path` has no empty component (no leading, trailing or doubled slash) and no `.` one.
    static func isNormalized(_ path: String) -> Bool {
        var length = 0
        var isDot = false
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if length == 0 || isDot { return false }
                length = 0
                isDot = false
            } else {
                isDot = length == 0 && byte == UInt8(ascii: ".")
                length += 1
            }
        }
        return !(path.utf8.last == UInt8(ascii: "/") || isDot)
    }

    /// True when one of `path`'s components is `..` (as `components(path).contains("..")`, without
    /// splitting a path that has no two dots in a row).
    static func hasParentComponent(_ path: String) -> Bool {
        var previousDot = false
        var sawDots = false
        for byte in path.utf8 {
            let dot = byte == UInt8(ascii: ".")
            if dot && previousDot {
                sawDots = true
                break
            }
            previousDot = dot
        }
        return sawDots && components(path).contains("..")
    }

    static func parent(of path: String) -> String {
        var parts = components(path)
        if !parts.isEmpty { parts.removeLast() }
        return parts.joined(separator: "/")
    }

    /// True if walking `components` from the root ever goes above it.
    static func climbsAboveRoot(_ components: [Substring]) -> Bool {
        var depth = 0
        for component in components {
            if component == ".." {
                depth -= 1
                if depth < 0 { return true }
            } else {
                depth += 1
            }
        }
        return false
    }
}
