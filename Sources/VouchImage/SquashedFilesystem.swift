import VouchArchive
import VouchCore

/// An image's final filesystem, built in memory by applying its layers in order (OCI image-spec
/// layer.md, "Applying Changesets"): whiteouts `.wh.<name>` remove a lower entry, `.wh..wh..opq` hides
/// everything lower in its directory (the root included), a non-directory replaces whatever was at its
/// path, and a directory over a directory keeps the lower one's children.
///
/// Whiteouts in a layer apply to lower layers only, so each layer's whiteouts are applied before its
/// entries are added. Entries whose path contains `..` are never applied (verification reports them).
public final class SquashedFilesystem: @unchecked Sendable {
    /// One path of the tree. Mutated only while the tree is built, then read-only.
    final class Node {
        var kind: FileInfo.Kind
        var size: Int64
        var mode: UInt32
        var linkTarget: String?
        /// Where the bytes are: the layer and the entry's ordinal in its tar stream.
        var layer: Int
        var ordinal: Int
        var content: [UInt8]?
        var children: [String: Node] = [:]
        let entryType: EntryType

        init(kind: FileInfo.Kind, entryType: EntryType, size: Int64, mode: UInt32, linkTarget: String?, layer: Int, ordinal: Int) {
            self.kind = kind
            self.entryType = entryType
            self.size = size
            self.mode = mode
            self.linkTarget = linkTarget
            self.layer = layer
            self.ordinal = ordinal
        }

        static func directory(layer: Int) -> Node {
            Node(kind: .directory, entryType: .directory, size: 0, mode: 0o755, linkTarget: nil, layer: layer, ordinal: -1)
        }
    }

    let root = Node.directory(layer: -1)

    init() {}

    /// Applies one layer's entries (`contents` holds retained bytes by ordinal).
    func apply(layer: Int, entries: [LayerEntry], contents: [Int: [UInt8]]) {
        for entry in entries where entry.isWhiteout {
            let components = Self.components(entry.path)
            guard let name = components.last, !components.contains("..") else { continue }
            let parent = Array(components.dropLast())
            guard let directory = node(at: parent), directory.kind == .directory else { continue }
            switch Whiteout(name: name) {
            case .opaque: directory.children.removeAll()
            case .remove(let target): directory.children[target] = nil
            case .invalid, .unsupported: break
            }
        }
        for entry in entries where !entry.isWhiteout {
            let components = Self.components(entry.path)
            guard !components.contains("..") else { continue }
            // Anything inside aufs metadata directories (`.wh..wh.plnk/...`) is not image content.
            guard !components.contains(where: { $0.hasPrefix(Whiteout.prefix + Whiteout.prefix) }) else { continue }
            guard let name = components.last else {
                root.mode = entry.mode
                continue
            }
            let parent = makeDirectories(Array(components.dropLast()), layer: layer)
            let node: Node
            switch entry.type {
            case .directory:
                if let existing = parent.children[name], existing.kind == .directory {
                    existing.mode = entry.mode
                    existing.layer = layer
                    continue
                }
                node = Node.directory(layer: layer)
                node.mode = entry.mode
            case .hardlink:
                // A hard link shares its target's bytes; the target is earlier in the same layer.
                guard let target = entry.linkTarget, let linked = self.node(at: Self.components(target)), linked.kind == .regular else { continue }
                node = Node(kind: .regular, entryType: .regular, size: linked.size, mode: entry.mode, linkTarget: nil, layer: linked.layer, ordinal: linked.ordinal)
                node.content = linked.content
            default:
                node = Node(
                    kind: Self.kind(entry.type), entryType: entry.type, size: entry.size, mode: entry.mode,
                    linkTarget: entry.type == .symlink ? entry.linkTarget : nil, layer: layer, ordinal: entry.ordinal)
                node.content = contents[entry.ordinal]
            }
            parent.children[name] = node
        }
    }

    /// The node at `components`, lexically, without following symlinks.
    func node(at components: [String]) -> Node? {
        var current = root
        for component in components {
            guard let next = current.children[component] else { return nil }
            current = next
        }
        return current
    }

    /// The directory at `components`, created where missing. A symlink on the way that resolves to a
    /// directory inside the tree is followed (as Docker's and umoci's appliers do); any other
    /// non-directory is replaced by a directory.
    private func makeDirectories(_ components: [String], layer: Int) -> Node {
        var current = root
        for (index, component) in components.enumerated() {
            if let next = current.children[component] {
                if next.kind == .directory {
                    current = next
                    continue
                }
                if next.kind == .symlink, let target = next.linkTarget,
                   let resolved = directoryPath(following: target, from: Array(components[..<index]), hops: 0) {
                    current = resolved.last?.1 ?? root
                    continue
                }
            }
            let directory = Node.directory(layer: layer)
            current.children[component] = directory
            current = directory
        }
        return current
    }

    /// The existing directory a symlink target names, resolved inside the root (`..` stops at `/`,
    /// absolute targets start at the root); nil when it is not a directory of the tree.
    private func directoryPath(following target: String, from parent: [String], hops: Int) -> [(String, Node)]? {
        guard hops < 40 else { return nil }
        var pending = Array(((target.hasPrefix("/") ? [] : parent) + Self.components(target)).reversed())
        var path: [(String, Node)] = []
        while let component = pending.popLast() {
            if component == ".." {
                _ = path.popLast()
                continue
            }
            let current = path.last?.1 ?? root
            guard let next = current.children[component] else { return nil }
            if next.kind == .symlink, let link = next.linkTarget {
                // Continue from where the link leads, so a later '..' climbs from there.
                guard let resolved = directoryPath(following: link, from: path.map(\.0), hops: hops + 1) else { return nil }
                path = resolved
                continue
            }
            guard next.kind == .directory else { return nil }
            path.append((component, next))
        }
        return path
    }

    static func components(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0 != "." }.map(String.init)
    }

    static func kind(_ type: EntryType) -> FileInfo.Kind {
        switch type {
        case .regular, .hardlink: .regular
        case .directory: .directory
        case .symlink: .symlink
        default: .other
        }
    }

    /// Every path of the tree in sorted order, with its node (the root excluded).
    func walk(_ visit: (String, Node) -> Void) {
        func descend(_ node: Node, _ prefix: String) {
            for name in node.children.keys.sorted() {
                let child = node.children[name]!
                let path = prefix + "/" + name
                visit(path, child)
                if child.kind == .directory { descend(child, path) }
            }
        }
        descend(root, "")
    }
}
