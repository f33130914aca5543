import VouchArchive
public import VouchCore

/// An image's squashed filesystem as a ``FileResolver``: catalogers read an image exactly as they read a
/// directory. Nothing is extracted to disk.
///
/// Building it reads every layer once (in parallel, through the same pass as verification, so the
/// result of verification comes for free in ``report``). Small files' bytes are kept in memory within
/// ``ContentRetention``; any other file is read on demand by streaming its layer again to the entry.
/// Symlinks resolve inside the image root (`..` stops at `/`, absolute targets start at the image root),
/// never outside it.
///
/// ```swift
/// let image = try ImageLoader().load(ImageReference(path: "app.tar"))
/// let files = try ImageFileResolver(image: image)
/// for path in try files.glob("/usr/lib/python3*/site-packages/*.dist-info/METADATA") {
///     let metadata = try files.contents(of: path, maximumBytes: 1 << 20)
/// }
/// ```
public final class ImageFileResolver: FileResolver, Sendable {
    /// Which files' bytes are kept in memory while the layers are read.
    public struct ContentRetention: Sendable {
        /// Files larger than this are read on demand.
        public var maxFileBytes: Int64
        /// Most bytes retained in all; once spent, further files are read on demand.
        public var maxTotalBytes: Int64
        /// Only paths (`/`-rooted) this accepts are retained; nil accepts every path.
        public var accepts: (@Sendable (String) -> Bool)?

        public init(maxFileBytes: Int64 = 256 << 10, maxTotalBytes: Int64 = 64 << 20, accepts: (@Sendable (String) -> Bool)? = nil) {
            self.maxFileBytes = maxFileBytes
            self.maxTotalBytes = maxTotalBytes
            self.accepts = accepts
        }

        /// Retain nothing; every read streams its layer.
        public static let none = ContentRetention(maxFileBytes: -1, maxTotalBytes: 0)
    }

    /// Longest chain of symlinks followed in one lookup (as Linux's MAXSYMLINKS).
    public static let maxSymlinkHops = 40

    public let displayName: String
    /// The verification made while reading the layers.
    public let report: ImageVerificationReport
    private let image: LoadedImage
    private let tree: SquashedFilesystem
    private let limits: ImageLimits

    /// Reads `image`'s layers and builds its filesystem. With `requireIntact` (the default) an image
    /// that fails verification is refused: its files cannot be trusted. `visitors` (one per layer, in
    /// layer order) see every regular file of their layer during the same pass, so a scan of each
    /// layer's files costs no second inflate.
    public init(
        image: LoadedImage, retention: ContentRetention = ContentRetention(), limits: ImageLimits = ImageLimits(),
        requireIntact: Bool = true, visitors: [any LayerContentVisitor]? = nil
    ) throws(VouchError) {
        let budget = RetentionBudget(limit: retention.maxTotalBytes)
        let retain: @Sendable (LayerEntry) -> Bool = { entry in
            entry.size <= retention.maxFileBytes && (retention.accepts?(entry.path) ?? true) && budget.take(entry.size)
        }
        let outcomes = ImageVerifier(limits: limits).readLayers(image, listEntries: true, retain: retain, visitors: visitors)
        let report = ImageVerifier.report(image, outcomes.map(\.verification))
        if requireIntact, !report.intact {
            throw VouchError(
                .malformedInput,
                "the image failed verification (\(report.failures.count) failure(s); first: \(report.failures[0])); run 'vouch image verify'",
                path: image.reference.path)
        }
        tree = SquashedFilesystem(layers: outcomes.map { ($0.entries, $0.contents) })
        self.report = report
        self.image = image
        self.limits = limits
        displayName = image.reference.path + (image.reference.tag.map { ":" + $0 } ?? "")
    }

    public func info(_ path: String) throws(VouchError) -> FileInfo? {
        guard let (resolved, node) = try resolve(path, followFinal: false) else { return nil }
        return FileInfo(path: resolved, kind: node.kind, size: node.size, mode: node.mode, linkTarget: node.linkTarget)
    }

    public func contents(of path: String, maximumBytes: Int) throws(VouchError) -> [UInt8] {
        guard let (resolved, node) = try resolve(path, followFinal: true) else {
            throw VouchError(.fileNotFound, "no such file in the image", path: "\(displayName):\(path)")
        }
        guard node.kind == .regular else {
            throw VouchError(.invalidArgument, "not a regular file (\(node.kind.rawValue))", path: "\(displayName):\(resolved)")
        }
        if node.size > Int64(maximumBytes) {
            throw VouchError.limitExceeded(
                "maximumBytes", limit: Int64(maximumBytes), found: node.size, path: "\(displayName):\(resolved)", what: "file size")
        }
        if let content = node.content { return content }
        return try readFromLayer(node, path: resolved)
    }

    public func list(_ path: String) throws(VouchError) -> [String] {
        guard let (_, node) = try resolve(path, followFinal: true), node.kind == .directory else { return [] }
        return node.children.keys.sorted()
    }

    public func glob(_ pattern: String) throws(VouchError) -> [String] {
        let parts = SquashedFilesystem.components(pattern)
        var matches: [String] = []
        func match(_ node: SquashedFilesystem.Node, _ path: String, _ rest: ArraySlice<String>) {
            guard let first = rest.first else {
                matches.append(path.isEmpty ? "/" : path)
                return
            }
            if first == "**" {
                match(node, path, rest.dropFirst())
                for (name, child) in node.children where child.kind == .directory {
                    match(child, path + "/" + name, rest)
                }
                return
            }
            for (name, child) in node.children where WildcardPattern.matches(name, first) {
                if rest.count == 1 || child.kind == .directory { match(child, path + "/" + name, rest.dropFirst()) }
            }
        }
        match(tree.root, "", parts[...])
        return Array(Set(matches)).sorted()
    }

    /// Every path of the squashed filesystem, sorted, with what ``info(_:)`` would say.
    public func allFiles() -> [FileInfo] {
        var files: [FileInfo] = []
        tree.walk { path, node in
            files.append(FileInfo(path: path, kind: node.kind, size: node.size, mode: node.mode, linkTarget: node.linkTarget))
        }
        return files
    }

    // MARK: Resolution

    /// Walks `path` from the root, following symlinks inside the image (intermediate ones always, the
    /// last one when `followFinal`). Returns the resolved path and its node.
    private func resolve(_ path: String, followFinal: Bool) throws(VouchError) -> (String, SquashedFilesystem.Node)? {
        var pending = SquashedFilesystem.components(path).reversed() as [String]
        var stack: [(String, SquashedFilesystem.Node)] = []
        var hops = 0
        while let component = pending.popLast() {
            if component == ".." {
                if !stack.isEmpty { stack.removeLast() }
                continue
            }
            let directory = stack.last?.1 ?? tree.root
            guard directory.kind == .directory, let child = directory.children[component] else { return nil }
            if child.kind == .symlink, let target = child.linkTarget, followFinal || !pending.isEmpty {
                hops += 1
                guard hops <= Self.maxSymlinkHops else {
                    throw VouchError(.malformedInput, "too many levels of symbolic links (more than \(Self.maxSymlinkHops))", path: "\(displayName):\(path)")
                }
                if target.hasPrefix("/") { stack.removeAll() }
                pending.append(contentsOf: SquashedFilesystem.components(target).reversed())
                continue
            }
            stack.append((component, child))
        }
        guard let last = stack.last else { return ("/", tree.root) }
        return ("/" + stack.map(\.0).joined(separator: "/"), last.1)
    }

    /// Streams the node's layer again up to its entry and reads the bytes.
    private func readFromLayer(_ node: SquashedFilesystem.Node, path: String) throws(VouchError) -> [UInt8] {
        let layer = image.layers[node.layer]
        guard case .found(let slice) = layer.location else {
            throw VouchError(.fileNotFound, "layer \(node.layer) blob is not readable", path: "\(displayName):\(path)")
        }
        let name = "layer \(node.layer) (\(slice.displayName))"
        // The layer was verified when the filesystem was built; re-reading needs no hashing, and TarReader
        // recognises and inflates the compression itself.
        let reader = try TarReader(source: try slice.open(), name: name, limits: limits.layer)
        var ordinal = 0
        while try reader.next() != nil {
            if ordinal == node.ordinal { return try reader.readContent(upTo: Int(node.size)) }
            ordinal += 1
        }
        throw VouchError(.malformedInput, "entry \(node.ordinal) vanished from the layer on re-reading", path: "\(displayName):\(path)")
    }
}
