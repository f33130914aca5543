import VouchArchive
import VouchCore

/// An image's final filesystem, built in memory by applying its layers in order (OCI image-spec
/// layer.md, "Applying Changesets"): whiteouts `.wh.<name>` remove a lower entry, `.wh..wh..opq` hides
/// everything lower in its directory (the root included), a non-directory replaces whatever was at its
/// path, and a directory over a directory keeps the lower one's children.
///
/// Whiteouts in a layer apply to lower layers only, so each layer's whiteouts are applied before its
/// entries are added. Entries whose path contains `..` are never applied (verification reports them).
///
/// The tree is built in mutable drafts, then frozen into immutable ``Node``s, so the finished tree is
/// `Sendable` by construction (catalogers and the secret scanner read it from several threads).
final class SquashedFilesystem: Sendable {
    /// One path of the finished tree.
    final class Node: Sendable {
        let kind: FileInfo.Kind
        let entryType: EntryType
        let size: Int64
        let mode: UInt32
        let linkTarget: String?
        /// Where the bytes are: the layer and the entry's ordinal in its tar stream.
        let layer: Int
        let ordinal: Int
        let content: [UInt8]?
        let children: [String: Node]

        fileprivate init(_ draft: Draft, children: [String: Node]) {
            kind = draft.kind
            entryType = draft.entryType
            size = draft.size
            mode = draft.mode
            linkTarget = draft.linkTarget
            layer = draft.layer
            ordinal = draft.ordinal
            content = draft.content
            self.children = children
        }

        /// Freezes a draft tree, children first, without recursion: a tar path of `maxPathLength` bytes can
        /// nest two thousand directories, deeper than a worker thread's stack should be asked to go.
        fileprivate static func freeze(_ root: Draft) -> Node {
            var stack: [(name: String, draft: Draft, pending: [String], frozen: [String: Node])] = [("", root, Array(root.children.keys), [:])]
            while true {
                if let name = stack[stack.count - 1].pending.popLast() {
                    let child = stack[stack.count - 1].draft.children[name]!
                    stack.append((name, child, Array(child.children.keys), [:]))
                    continue
                }
                let done = stack.removeLast()
                let node = Node(done.draft, children: done.frozen)
                if stack.isEmpty { return node }
                stack[stack.count - 1].frozen[done.name] = node
            }
        }
    }

    let root: Node

    /// Applies `layers` (each layer's entries, and its retained bytes by ordinal) in order.
    init(layers: [(entries: [LayerEntry], contents: [Int: [UInt8]])]) {
        let builder = Builder()
        for (index, layer) in layers.enumerated() { builder.apply(layer: index, entries: layer.entries, contents: layer.contents) }
        root = Node.freeze(builder.root)
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

}

/// A path of the tree while layers are applied.
private final class Draft {
    var kind: FileInfo.Kind
    var size: Int64
    var mode: UInt32
    var linkTarget: String?
    var layer: Int
    var ordinal: Int
    var content: [UInt8]?
    var children: [String: Draft] = [:]
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

    static func directory(layer: Int) -> Draft {
        Draft(kind: .directory, entryType: .directory, size: 0, mode: 0o755, linkTarget: nil, layer: layer, ordinal: -1)
    }
}

/// Applies layers to a tree of drafts.
private struct Builder {
    let root = Draft.directory(layer: -1)

    /// Applies one layer's entries (`contents` holds retained bytes by ordinal).
    func apply(layer: Int, entries: [LayerEntry], contents: [Int: [UInt8]]) {
        for entry in entries where entry.isWhiteout {
            let components = SquashedFilesystem.components(entry.path)
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
            let components = SquashedFilesystem.components(entry.path)
            guard !components.contains("..") else { continue }
            // Anything inside aufs metadata directories (`.wh..wh.plnk/...`) is not image content.
            guard !components.contains(where: { $0.hasPrefix(Whiteout.prefix + Whiteout.prefix) }) else { continue }
            guard let name = components.last else {
                root.mode = entry.mode
                continue
            }
            let parent = makeDirectories(Array(components.dropLast()), layer: layer)
            let node: Draft
            switch entry.type {
            case .directory:
                if let existing = parent.children[name], existing.kind == .directory {
                    existing.mode = entry.mode
                    existing.layer = layer
                    continue
                }
                node = Draft.directory(layer: layer)
                node.mode = entry.mode
            case .hardlink:
                // A hard link shares its target's bytes; the target is earlier in the same layer.
                guard let target = entry.linkTarget, let linked = self.node(at: SquashedFilesystem.components(target)), linked.kind == .regular else { continue }
                node = Draft(kind: .regular, entryType: .regular, size: linked.size, mode: entry.mode, linkTarget: nil, layer: linked.layer, ordinal: linked.ordinal)
                node.content = linked.content
            default:
                node = Draft(
                    kind: SquashedFilesystem.kind(entry.type), entryType: entry.type, size: entry.size, mode: entry.mode,
                    linkTarget: entry.type == .symlink ? entry.linkTarget : nil, layer: layer, ordinal: entry.ordinal)
                node.content = contents[entry.ordinal]
            }
            parent.children[name] = node
        }
    }

    /// The node at `components`, lexically, without following symlinks.
    func node(at components: [String]) -> Draft? {
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
    private func makeDirectories(_ components: [String], layer: Int) -> Draft {
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
            let directory = Draft.directory(layer: layer)
            current.children[component] = directory
            current = directory
        }
        return current
    }

    /// The existing directory a symlink target names, resolved inside the root (`..` stops at `/`,
    /// absolute targets start at the root); nil when it is not a directory of the tree.
    private func directoryPath(following target: String, from parent: [String], hops: Int) -> [(String, Draft)]? {
        guard hops < 40 else { return nil }
        var pending = Array(((target.hasPrefix("/") ? [] : parent) + SquashedFilesystem.components(target)).reversed())
        var path: [(String, Draft)] = []
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

}
