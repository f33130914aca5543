public import VouchCore

/// The files `vouch image ls` shows: one group per layer, or a single group for the squashed view.
public struct ImageListing: Hashable, Sendable, Codable, VerdictReport {
    public struct File: Hashable, Sendable, Codable {
        public var path: String
        /// `regular`, `directory`, `symlink`, `hardlink`, `whiteout`, ...
        public var type: String
        public var size: Int64
        public var mode: UInt32
        public var linkTarget: String?
    }

    public struct Group: Hashable, Sendable, Codable {
        /// The layer index, or -1 for the squashed filesystem.
        public var index: Int
        public var files: [File]
    }

    public var squashed: Bool
    public var layers: [Group]
    /// Verification failures met while reading.
    public var failures: [ImageFailure]

    /// Fails when reading met a verification failure (the listing is then of an image not intact).
    public var verdict: Verdict { Verdict(checksMade: layers.count, failures: failures.map(\.checkFailure)) }

    /// Reads the image's layers (all, or `layer` only) and lists them, or the squashed view.
    public static func make(_ image: LoadedImage, layer: Int?, squashed: Bool, limits: ImageLimits = ImageLimits()) throws(VouchError) -> ImageListing {
        if squashed {
            let files = try ImageFileResolver(image: image, retention: .none, limits: limits, requireIntact: false)
            let list = files.allFiles().map {
                File(path: $0.path, type: $0.kind.rawValue, size: $0.size, mode: $0.mode, linkTarget: $0.linkTarget)
            }
            return ImageListing(squashed: true, layers: [Group(index: -1, files: list)], failures: files.report.failures)
        }
        var selected = image
        if let layer {
            guard layer < image.layers.count else {
                throw VouchError(.invalidArgument, "the image has \(image.layers.count) layers (0 to \(image.layers.count - 1)); there is no layer \(layer)", path: image.reference.path)
            }
            selected.layers = [image.layers[layer]]
        }
        let outcomes = ImageVerifier(limits: limits).readLayers(selected, listEntries: true, retain: nil)
        let groups = outcomes.map { outcome in
            Group(index: outcome.verification.index, files: outcome.entries.map { entry in
                File(
                    path: entry.path, type: entry.isWhiteout ? "whiteout" : entry.type.rawValue, size: entry.size,
                    mode: entry.mode, linkTarget: entry.linkTarget)
            })
        }
        let failures = (layer == nil ? image.documentFailures : []) + outcomes.flatMap(\.verification.failures)
        return ImageListing(squashed: false, layers: groups, failures: failures)
    }
}
