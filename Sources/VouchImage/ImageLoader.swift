#if canImport(Glibc)
import Glibc
#endif
public import VouchCore

/// Reads an image container, detects its format, selects one image (by tag and platform) and checks its
/// index, manifest and config documents: grammar and size of every descriptor before any blob is opened,
/// digest and size of every document, strict JSON within ``ImageLimits``.
///
/// The format readers: ``OCILayout`` (index.json, selection), ``OCIImageReader`` (an OCI layout's image
/// documents), ``DockerArchiveReader`` (Docker 24 and older `docker save`), ``DocumentDecoder`` (strict JSON).
///
/// Problems that leave nothing to check (no layout, malformed JSON, unknown media types, no manifest for
/// the platform) are thrown; integrity failures of documents that still parsed are collected in
/// ``LoadedImage/documentFailures`` so verification reports every one of them.
public struct ImageLoader: Sendable {
    public var limits: ImageLimits

    public init(limits: ImageLimits = ImageLimits()) {
        self.limits = limits
    }

    /// What ``inspect(_:platform:)`` found: an image to verify, or documents that failed their digest or
    /// size check and then could not be read on (a tampered manifest): a negative verdict, not an error.
    public enum Outcome: Sendable {
        case loaded(LoadedImage)
        case tampered(TamperedDocuments)
    }

    /// Loads the image `reference` names, for `platform` (the host's when nil). A tampered document that
    /// cannot be read on is thrown, the mismatch first; ``inspect(_:platform:)`` returns it as a verdict.
    public func load(_ reference: ImageReference, platform: Platform? = nil) throws(VouchError) -> LoadedImage {
        switch try inspect(reference, platform: platform) {
        case .loaded(let image): return image
        case .tampered(let tampered): throw tampered.error
        }
    }

    /// Loads the image `reference` names; documents that failed their integrity checks and then could not
    /// be parsed are returned as ``Outcome/tampered(_:)`` with every failure found.
    public func inspect(_ reference: ImageReference, platform: Platform? = nil) throws(VouchError) -> Outcome {
        let storage = try openStorage(reference.path)
        if storage.exists("index.json") {
            let layout = try OCILayout(storage: storage, limits: limits)
            return try OCIImageReader(layout: layout, reference: reference).read(layout.image(tagged: reference.tag), platform: platform)
        }
        if storage.exists("manifest.json") {
            var reader = DockerArchiveReader(storage: storage, reference: reference, limits: limits)
            return try reader.read(reader.entry(tagged: reference.tag))
        }
        if storage.exists("repositories") || storage.exists("oci-layout") {
            throw VouchError(.malformedInput, "image layout without index.json or manifest.json", path: reference.path)
        }
        throw VouchError(
            .unsupportedInput,
            "not an image: expected an OCI layout (oci-layout, index.json) or a docker-save archive (manifest.json)",
            path: reference.path)
    }

    /// Loads `entry` of `layout` (an image ``OCILayout/image(tagged:)`` chose) for `platform`.
    public func inspect(_ entry: OCILayout.Entry, in layout: OCILayout, platform: Platform? = nil) throws(VouchError) -> Outcome {
        try OCIImageReader(layout: layout, reference: ImageReference(path: layout.path)).read(entry, platform: platform)
    }

    /// Every image of the container at `path` (an untagged `image verify` checks them all), each loaded for
    /// `platform`. A container with one image gives one outcome.
    public func inspectEach(path: String, platform: Platform? = nil) throws(VouchError) -> [Outcome] {
        let storage = try openStorage(path)
        let reference = ImageReference(path: path)
        if storage.exists("index.json") {
            let layout = try OCILayout(storage: storage, limits: limits)
            let images = layout.images
            guard !images.isEmpty else { return [try inspect(reference, platform: platform)] }
            var outcomes: [Outcome] = []
            for entry in images {
                outcomes.append(try OCIImageReader(layout: layout, reference: reference).read(entry, platform: platform))
            }
            return outcomes
        }
        if storage.exists("manifest.json") {
            var reader = DockerArchiveReader(storage: storage, reference: reference, limits: limits)
            let entries = try reader.entries()
            guard entries.count > 1 else { return [try inspect(reference, platform: platform)] }
            var outcomes: [Outcome] = []
            for entry in entries { outcomes.append(try reader.read(entry)) }
            return outcomes
        }
        return [try inspect(reference, platform: platform)]
    }

    /// The host platform in OCI terms (`--platform`'s default).
    public static var hostPlatform: Platform {
        #if arch(x86_64)
        Platform(os: "linux", architecture: "amd64")
        #elseif arch(arm64)
        Platform(os: "linux", architecture: "arm64", variant: "v8")
        #else
        Platform(os: "linux", architecture: "unknown")
        #endif
    }

    /// A directory or a tar. `-` (standard input), a pipe or FIFO, and a gzip-compressed tar are first
    /// copied (inflated) to an anonymous temporary file within ``ImageLimits/maxSpooledArchiveBytes``.
    func openStorage(_ path: String) throws(VouchError) -> any ImageStorage {
        var info = stat()
        if path == "-" {
            guard fstat(0, &info) == 0 else { throw VouchError.system(errno: errno, operation: "stat", path: "standard input") }
        } else {
            guard stat(path, &info) == 0 else { throw VouchError.system(errno: errno, operation: "stat", path: path) }
        }
        if path != "-", info.st_mode & S_IFMT == S_IFDIR { return DirectoryStorage(root: path) }
        if ArchiveSpool.needsSpool(path, info: info) {
            let readable = try ArchiveSpool.readablePath(for: path, limit: limits.maxSpooledArchiveBytes, layerLimits: limits.layer)
            return try TarStorage(path: readable, displayName: path, limits: limits)
        }
        let head = try FileSlice(containerPath: path, offset: 0, length: min(Int64(info.st_size), 4), displayName: path)
            .readAll(maximum: 4, limitName: "header")
        if head.count >= 2, head[0] == 0x1f, head[1] == 0x8b {
            let readable = try ArchiveSpool.readablePath(for: path, limit: limits.maxSpooledArchiveBytes, layerLimits: limits.layer)
            return try TarStorage(path: readable, displayName: path, limits: limits)
        }
        return try TarStorage(path: path, limits: limits)
    }
}

/// Image documents that failed a digest or size check and then could not be read on: the verdict is
/// negative (the failures), and nothing further could be checked (``cause``).
public struct TamperedDocuments: Sendable, Encodable, VerdictReport {
    public var path: String
    /// The integrity failures found, the mismatch first.
    public var failures: [ImageFailure]
    public var checksMade: Int
    /// Why reading stopped after the mismatch.
    public var cause: VouchError

    public init(path: String, failures: [ImageFailure], checksMade: Int, cause: VouchError) {
        self.path = path
        self.failures = failures
        self.checksMade = checksMade
        self.cause = cause
    }

    /// Negative: the failures found before reading stopped.
    public var verdict: Verdict { Verdict(checksMade: checksMade, failures: failures.map(\.checkFailure)) }

    private enum CodingKeys: String, CodingKey { case path, intact, checksMade, failures, unreadable }

    /// The JSON form `image verify` prints: `intact` false, the failures, and why reading stopped.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(false, forKey: .intact)
        try container.encode(checksMade, forKey: .checksMade)
        try container.encode(failures, forKey: .failures)
        try container.encode(cause.reason, forKey: .unreadable)
    }

    /// The same as an error, the mismatch first (for commands that need a readable image).
    public var error: VouchError {
        let first = failures.first.map { "\($0); reading on then failed: " } ?? ""
        return VouchError(cause.code, first + cause.reason, path: path, limit: cause.limit)
    }
}
