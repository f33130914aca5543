#if canImport(Glibc)
import Glibc
#endif
import Foundation
public import VouchCore
import VouchCrypto

/// Reads an image container, detects its format, selects one image (by tag and platform) and checks its
/// index, manifest and config documents: grammar and size of every descriptor before any blob is opened,
/// digest and size of every document, strict JSON within ``ImageLimits``.
///
/// Problems that leave nothing to check (no layout, malformed JSON, unknown media types, no manifest for
/// the platform) are thrown; integrity failures of documents that still parsed are collected in
/// ``LoadedImage/documentFailures`` so verification reports every one of them.
public struct ImageLoader: Sendable {
    public var limits: ImageLimits

    public init(limits: ImageLimits = ImageLimits()) {
        self.limits = limits
    }

    /// Loads the image `reference` names, for `platform` (the host's when nil).
    public func load(_ reference: ImageReference, platform: Platform? = nil) throws(VouchError) -> LoadedImage {
        let storage = try openStorage(reference.path)
        var context = LoadContext(loader: self, storage: storage, reference: reference)
        do {
            if storage.exists("index.json") {
                return try context.loadLayout(platform: platform)
            }
            if storage.exists("manifest.json") {
                return try context.loadLegacy()
            }
        } catch {
            // A document whose digest or size did not match was read on, and its (untrusted) contents then
            // failed: the mismatch is the finding to lead with, not what the tampered bytes happened to say.
            guard let first = context.failures.first else { throw error }
            throw VouchError(error.code, "\(first); reading on then failed: \(error.reason)", path: reference.path, limit: error.limit)
        }
        if storage.exists("repositories") || storage.exists("oci-layout") {
            throw VouchError(.malformedInput, "image layout without index.json or manifest.json", path: reference.path)
        }
        throw VouchError(
            .unsupportedInput,
            "not an image: expected an OCI layout (oci-layout, index.json) or a docker-save archive (manifest.json)",
            path: reference.path)
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

    private func openStorage(_ path: String) throws(VouchError) -> any ImageStorage {
        var info = stat()
        guard stat(path, &info) == 0 else { throw VouchError.system(errno: errno, operation: "stat", path: path) }
        if info.st_mode & S_IFMT == S_IFDIR { return DirectoryStorage(root: path) }
        let head = try FileSlice(containerPath: path, offset: 0, length: min(Int64(info.st_size), 4), displayName: path)
            .readAll(maximum: 4, limitName: "header")
        if head.count >= 2, head[0] == 0x1f, head[1] == 0x8b {
            throw VouchError(.unsupportedInput, "a gzip-compressed archive; decompress it first (gzip -d)", path: path)
        }
        return try TarStorage(path: path, limits: limits)
    }
}

/// The state of one load: the storage, collected failures, and the document readers.
private struct LoadContext {
    let loader: ImageLoader
    let storage: any ImageStorage
    let reference: ImageReference
    var failures: [ImageFailure] = []
    var checks = 0
    var limits: ImageLimits { loader.limits }

    init(loader: ImageLoader, storage: any ImageStorage, reference: ImageReference) {
        self.loader = loader
        self.storage = storage
        self.reference = reference
    }

    // MARK: OCI layout (oci-layout, oci-archive, docker 25+, containerd)

    mutating func loadLayout(platform requested: Platform?) throws(VouchError) -> LoadedImage {
        let markerBytes = try readFile("oci-layout")
        let marker: OCILayoutMarker = try decode(markerBytes, name: "oci-layout")
        guard marker.imageLayoutVersion == "1.0.0" else {
            throw VouchError(.unsupportedInput, "image layout version '\(marker.imageLayoutVersion)' (1.0.0 is supported)", path: display("oci-layout"))
        }
        let dockerEntries: [DockerArchiveEntry]? =
            storage.exists("manifest.json") ? try decode(try readFile("manifest.json"), name: "manifest.json") : nil
        let topIndex: ImageIndex = try decodeIndex(try readFile("index.json"), name: "index.json")

        // cosign's signatures and attestations (tags `sha256-<hex>.sig` / `.att`, and their referrers) sit in
        // index.json beside the image they are about; they are not images to pick.
        var candidates = topIndex.manifests.filter { !Self.isCosignArtifact($0) }
        var tags: [String] = []
        if let tag = reference.tag {
            candidates = candidates.filter { Self.tags(of: $0).contains { Self.tag($0, matches: tag) } }
            // Docker 25 keeps tags in manifest.json; with one image in index.json that tag names it.
            if candidates.isEmpty, topIndex.manifests.count == 1, let dockerEntries,
               dockerEntries.contains(where: { ($0.repoTags ?? []).contains { Self.tag($0, matches: tag) } }) {
                candidates = topIndex.manifests
            }
            guard !candidates.isEmpty else {
                let known = topIndex.manifests.flatMap(Self.tags(of:)) + (dockerEntries ?? []).flatMap { $0.repoTags ?? [] }
                throw VouchError(
                    .invalidArgument,
                    "no image tagged '\(tag)'" + (known.isEmpty ? " (the layout has no tags)" : "; tags: \(known.joined(separator: ", "))"),
                    path: reference.path)
            }
        }
        let distinct = Set(candidates.map(\.digest))
        guard let top = candidates.first else {
            throw VouchError(.malformedInput, "index.json lists no manifests", path: display("index.json"))
        }
        guard distinct.count == 1 else {
            let known = candidates.flatMap(Self.tags(of:))
            throw VouchError(
                .invalidArgument,
                "the layout holds \(distinct.count) images; pick one with --tag or IMAGE:TAG" +
                    (known.isEmpty ? " (they are untagged)" : " (tags: \(known.joined(separator: ", ")))"),
                path: reference.path)
        }
        tags = candidates.flatMap(Self.tags(of:))

        var indexDescriptors: [Descriptor] = []
        let (manifestDescriptor, manifestBytes) = try resolveManifest(
            top, requested: requested, depth: 0, indexChain: &indexDescriptors)
        let manifest = try decodeManifest(manifestBytes, descriptor: manifestDescriptor)
        var image = try loadImage(
            manifest: manifest, manifestDescriptor: manifestDescriptor, indexDescriptors: indexDescriptors,
            tags: tags, format: storage.isArchive ? (dockerEntries == nil ? .ociArchive : .dockerArchive) : .ociLayout,
            requested: requested)
        if let dockerEntries { crossCheck(dockerEntries, image: &image) }
        image.documentFailures = failures
        image.documentChecks = checks
        return image
    }

    private func blobPathString(_ digest: Digest) -> String { "blobs/\(digest.algorithm.name)/\(digest.hex)" }

    /// Walks indexes down to one manifest for the platform.
    private mutating func resolveManifest(
        _ descriptor: Descriptor, requested: Platform?, depth: Int, indexChain: inout [Descriptor]
    ) throws(VouchError) -> (Descriptor, [UInt8]) {
        if MediaType.isManifest(descriptor.mediaType) {
            return (descriptor, try readBlob(descriptor, object: "manifest"))
        }
        if MediaType.isSchema1(descriptor.mediaType) {
            throw VouchError(.unsupportedInput, "Docker schema 1 manifest \(descriptor.digest) is deprecated and not supported", path: reference.path)
        }
        guard MediaType.isIndex(descriptor.mediaType) else {
            throw VouchError(.unsupportedInput, "unknown media type '\(descriptor.mediaType)' for \(descriptor.digest)", path: reference.path)
        }
        guard depth < limits.maxIndexDepth else {
            throw VouchError.limitExceeded(
                "maxIndexDepth", limit: Int64(limits.maxIndexDepth), found: Int64(depth + 1), path: reference.path,
                what: "index nesting depth")
        }
        indexChain.append(descriptor)
        let bytes = try readBlob(descriptor, object: "index")
        let index = try decodeIndex(bytes, name: "index \(descriptor.digest)")
        let target = requested ?? ImageLoader.hostPlatform
        let usable = index.manifests.filter { !Self.isAttestation($0) }
        // Exact platform matches first; nested indexes without a platform are searched after.
        let matching = usable.filter { $0.platform.map { Self.platform($0, matches: target) } ?? false }
        let ranked = matching.sorted { Self.variantRank($0.platform, target) < Self.variantRank($1.platform, target) }
        for candidate in ranked where !MediaType.isIndex(candidate.mediaType) {
            return try resolveManifest(candidate, requested: requested, depth: depth + 1, indexChain: &indexChain)
        }
        for candidate in usable where MediaType.isIndex(candidate.mediaType) && (candidate.platform == nil || matching.contains(candidate)) {
            var chain = indexChain
            do {
                let found = try resolveManifest(candidate, requested: requested, depth: depth + 1, indexChain: &chain)
                indexChain = chain
                return found
            } catch where error.code == .unsupportedInput && error.reason.hasPrefix("no manifest for platform") {
                continue  // that branch has no such platform; try the next
            }
        }
        let available = usable.compactMap { $0.platform?.description }
        throw VouchError(
            .unsupportedInput,
            "no manifest for platform \(target) in index \(descriptor.digest)" +
                (available.isEmpty ? "" : "; it has: \(available.joined(separator: ", "))") +
                (requested == nil ? " (the host's platform; choose one with --platform)" : ""),
            path: reference.path)
    }

    private mutating func loadImage(
        manifest: ImageManifest, manifestDescriptor: Descriptor, indexDescriptors: [Descriptor], tags: [String],
        format: ImageFormat, requested: Platform?
    ) throws(VouchError) -> LoadedImage {
        guard MediaType.isConfig(manifest.config.mediaType) else {
            throw VouchError(
                .unsupportedInput,
                "manifest \(manifestDescriptor.digest) is an artifact, not an image: its config media type is '\(manifest.config.mediaType)'" +
                    (manifest.artifactType.map { " (artifactType \($0))" } ?? ""),
                path: reference.path)
        }
        guard manifest.layers.count <= limits.maxLayers else {
            throw VouchError.limitExceeded(
                "maxLayers", limit: Int64(limits.maxLayers), found: Int64(manifest.layers.count), path: reference.path,
                what: "layer count")
        }
        for (index, layer) in manifest.layers.enumerated() where LayerMediaType(layer.mediaType) == nil {
            throw VouchError(.unsupportedInput, "layer \(index) has unknown media type '\(layer.mediaType)'", path: reference.path)
        }
        let configBytes = try readBlob(manifest.config, object: "config")
        let config: ImageConfiguration = try decode(configBytes, name: "config \(manifest.config.digest)")
        let platform = Self.configPlatform(config)
        if let requested, let platform, !Self.platform(platform, matches: requested) {
            throw VouchError(
                .unsupportedInput, "the image is for \(platform), not the requested \(requested)", path: reference.path)
        }
        let diffIDs = checkDiffIDs(config, layerCount: manifest.layers.count)
        var layers: [ImageLayer] = []
        for (index, descriptor) in manifest.layers.enumerated() {
            let path = blobPathString(descriptor.digest)
            layers.append(ImageLayer(
                index: index, descriptor: descriptor, storedPath: path,
                location: try storage.lookupBlob(descriptor.digest),
                expectedDiffID: index < diffIDs.count ? diffIDs[index] : nil,
                mediaType: LayerMediaType(descriptor.mediaType)))
        }
        return LoadedImage(
            reference: reference, format: format, storage: storage, tags: tags, indexDescriptors: indexDescriptors,
            manifestDescriptor: manifestDescriptor, manifest: manifest, configDescriptor: manifest.config, config: config,
            platform: platform, layers: layers, documentFailures: [], documentChecks: 0)
    }

    /// rootfs checks: type `layers`, one well-formed diff_id per layer.
    private mutating func checkDiffIDs(_ config: ImageConfiguration, layerCount: Int) -> [Digest?] {
        let raw = config.rootfs?.diffIDs ?? []
        checks += 1
        if config.rootfs?.type != "layers" {
            failures.append(ImageFailure(object: "config", reason: "rootfs.type is not 'layers'", expected: "layers", actual: config.rootfs?.type ?? "(missing)"))
        }
        checks += 1
        if raw.count != layerCount {
            failures.append(ImageFailure(
                object: "config", reason: "layer count does not match rootfs.diff_ids count",
                expected: "\(layerCount) diff_ids", actual: "\(raw.count) diff_ids"))
        }
        return raw.enumerated().map { index, text in
            do throws(VouchError) {
                return try Digest(parsing: text)
            } catch {
                failures.append(ImageFailure(object: "config", layer: index, reason: "rootfs.diff_ids[\(index)] is not a valid digest: \(error.reason)", actual: text))
                return nil
            }
        }
    }

    /// Docker 25+ and containerd: `manifest.json` must name the same config and layers as the OCI manifest.
    private mutating func crossCheck(_ entries: [DockerArchiveEntry], image: inout LoadedImage) {
        let configPath = blobPathString(image.configDescriptor.digest)
        guard let entry = entries.first(where: { TarStorage.normalize($0.config) == configPath }) else {
            return  // manifest.json may describe other platforms only (containerd multi-platform export)
        }
        checks += 1
        let expected = image.layers.map(\.storedPath)
        let actual = entry.layers.map(TarStorage.normalize)
        if expected != actual {
            failures.append(ImageFailure(
                object: "manifest.json", reason: "manifest.json lists different layers than the OCI manifest",
                expected: expected.joined(separator: ", "), actual: actual.joined(separator: ", ")))
        }
        for tag in entry.repoTags ?? [] where !image.tags.contains(tag) { image.tags.append(tag) }
    }

    // MARK: Docker <= 24 docker-save

    mutating func loadLegacy() throws(VouchError) -> LoadedImage {
        let entries: [DockerArchiveEntry] = try decode(try readFile("manifest.json"), name: "manifest.json")
        var candidates = entries
        if let tag = reference.tag {
            candidates = entries.filter { ($0.repoTags ?? []).contains { Self.tag($0, matches: tag) } }
            guard !candidates.isEmpty else {
                let known = entries.flatMap { $0.repoTags ?? [] }
                throw VouchError(.invalidArgument, "no image tagged '\(tag)'; tags: \(known.joined(separator: ", "))", path: reference.path)
            }
        }
        guard let entry = candidates.first else {
            throw VouchError(.malformedInput, "manifest.json lists no images", path: display("manifest.json"))
        }
        guard candidates.count == 1 else {
            let known = candidates.flatMap { $0.repoTags ?? [] }
            throw VouchError(
                .invalidArgument, "the archive holds \(candidates.count) images; pick one with --tag or IMAGE:TAG (tags: \(known.joined(separator: ", ")))",
                path: reference.path)
        }
        guard case .found(let configSlice) = try storage.lookup(entry.config, allowSymlinks: false) else {
            throw VouchError(.malformedInput, "config '\(entry.config)' named by manifest.json is missing or not a regular file", path: reference.path)
        }
        let configBytes = try configSlice.readAll(maximum: limits.maxJSONBytes, limitName: "maxJSONBytes")
        let configDigest = try DigestHasher.digest(of: configBytes)
        // The config file is named after the image ID, which is the config's digest.
        let stem = String(entry.config.split(separator: "/").last ?? "").replacingOccurrences(of: ".json", with: "")
        if let named = try? Digest(parsing: "sha256:" + stem) {
            checks += 1
            if named != configDigest {
                failures.append(ImageFailure(object: "config", reason: "config digest mismatch (the file is named after the image ID)", expected: named.description, actual: configDigest.description))
            }
        }
        let config: ImageConfiguration = try decode(configBytes, name: entry.config)
        guard entry.layers.count <= limits.maxLayers else {
            throw VouchError.limitExceeded(
                "maxLayers", limit: Int64(limits.maxLayers), found: Int64(entry.layers.count), path: reference.path, what: "layer count")
        }
        let diffIDs = checkDiffIDs(config, layerCount: entry.layers.count)
        var layers: [ImageLayer] = []
        for (index, path) in entry.layers.enumerated() {
            layers.append(ImageLayer(
                index: index, descriptor: nil, storedPath: path,
                location: try storage.lookup(path, allowSymlinks: true),
                expectedDiffID: index < diffIDs.count ? diffIDs[index] : nil,
                mediaType: LayerMediaType(MediaType.dockerLayer)))
        }
        let configDescriptor = Descriptor(mediaType: MediaType.dockerConfig, digest: configDigest, size: Int64(configBytes.count))
        return LoadedImage(
            reference: reference, format: .dockerLegacyArchive, storage: storage, tags: entry.repoTags ?? [],
            indexDescriptors: [], manifestDescriptor: nil, manifest: nil, configDescriptor: configDescriptor, config: config,
            platform: Self.configPlatform(config), layers: layers, documentFailures: failures, documentChecks: checks)
    }

    // MARK: Documents

    private func display(_ relative: String) -> String { "\(storage.displayName)/\(relative)" }

    private func readFile(_ relative: String) throws(VouchError) -> [UInt8] {
        switch try storage.lookup(relative, allowSymlinks: false) {
        case .found(let slice): return try slice.readAll(maximum: limits.maxJSONBytes, limitName: "maxJSONBytes")
        case .missing: throw VouchError(.fileNotFound, "\(relative) is missing", path: storage.displayName)
        case .refused(let why): throw VouchError(.malformedInput, why, path: storage.displayName)
        }
    }

    /// Reads a document blob after checking its descriptor's size against the JSON limit, then checks its
    /// digest and size; a mismatch is recorded and the bytes are still parsed, to report everything.
    private mutating func readBlob(_ descriptor: Descriptor, object: String) throws(VouchError) -> [UInt8] {
        if descriptor.size > limits.maxJSONBytes {
            throw VouchError.limitExceeded(
                "maxJSONBytes", limit: limits.maxJSONBytes, found: descriptor.size, path: reference.path,
                what: "\(object) \(descriptor.digest) declared size")
        }
        let slice: FileSlice
        switch try storage.lookupBlob(descriptor.digest) {
        case .found(let found): slice = found
        case .missing:
            throw VouchError(.fileNotFound, "\(object) blob \(descriptor.digest) is missing from the layout", path: reference.path)
        case .refused(let why):
            throw VouchError(.malformedInput, "\(object) blob \(descriptor.digest) refused: \(why)", path: reference.path)
        }
        let bytes = try slice.readAll(maximum: limits.maxJSONBytes, limitName: "maxJSONBytes")
        checks += 1
        if Int64(bytes.count) != descriptor.size {
            failures.append(ImageFailure(object: object, descriptor: descriptor, reason: "size mismatch", expected: "\(descriptor.size) bytes", actual: "\(bytes.count) bytes"))
        }
        let actual = try DigestHasher.digest(of: bytes, algorithm: descriptor.digest.algorithm)
        checks += 1
        if actual != descriptor.digest {
            failures.append(ImageFailure(object: object, descriptor: descriptor, reason: "digest mismatch", expected: descriptor.digest.description, actual: actual.description))
        }
        return bytes
    }

    /// Parses a document with the one strict JSON reader (duplicate keys refused, depth and size limits
    /// checked while parsing); decoding errors name the document and the JSON path.
    private func parse(_ bytes: [UInt8], name: String) throws(VouchError) -> JSONValue {
        try JSONValue(parsing: bytes, path: name,
                      limits: JSONLimits(maxBytes: Int(limits.maxJSONBytes), maxBytesName: "maxJSONBytes", maxJSONDepth: limits.maxJSONDepth))
    }

    private func decode<T: Decodable>(_ bytes: [UInt8], name: String) throws(VouchError) -> T {
        try decode(try parse(bytes, name: name))
    }

    private func decode<T: Decodable>(_ document: JSONValue) throws(VouchError) -> T {
        do {
            return try document.decode(T.self)
        } catch {
            throw VouchError(error.code, "invalid document: \(error.reason)", path: error.path, limit: error.limit)
        }
    }

    private func decodeIndex(_ bytes: [UInt8], name: String) throws(VouchError) -> ImageIndex {
        let document = try parse(bytes, name: name)
        let header: DocumentHeader = try decode(document)
        if header.schemaVersion != 2 {
            if header.schemaVersion == 1 || header.fsLayers != nil {
                throw VouchError(.unsupportedInput, "Docker schema 1 manifest is deprecated and not supported", path: name)
            }
            throw VouchError(.malformedInput, "schemaVersion must be 2", path: name)
        }
        if let type = header.mediaType, !MediaType.isIndex(type) {
            throw VouchError(.malformedInput, "expected an image index, found media type '\(type)'", path: name)
        }
        let index: ImageIndex = try decode(document)
        if index.manifests.count > limits.maxIndexEntries {
            throw VouchError.limitExceeded(
                "maxIndexEntries", limit: Int64(limits.maxIndexEntries), found: Int64(index.manifests.count), path: name,
                what: "index entry count")
        }
        return index
    }

    private func decodeManifest(_ bytes: [UInt8], descriptor: Descriptor) throws(VouchError) -> ImageManifest {
        let name = "manifest \(descriptor.digest)"
        let document = try parse(bytes, name: name)
        let header: DocumentHeader = try decode(document)
        if header.schemaVersion == 1 || header.fsLayers != nil {
            throw VouchError(.unsupportedInput, "Docker schema 1 manifest is deprecated and not supported", path: name)
        }
        guard header.schemaVersion == 2 else { throw VouchError(.malformedInput, "schemaVersion must be 2", path: name) }
        if let type = header.mediaType, type != descriptor.mediaType {
            throw VouchError(.malformedInput, "media type '\(type)' differs from its descriptor's '\(descriptor.mediaType)'", path: name)
        }
        return try decode(document)
    }

    // MARK: Tags and platforms

    static func tags(of descriptor: Descriptor) -> [String] {
        let annotations = descriptor.annotations ?? [:]
        return [annotations["io.containerd.image.name"], annotations["org.opencontainers.image.ref.name"]].compactMap { $0 }
    }

    /// True for an index entry that cosign (or `vouch sign` / `vouch attest`) stored about an image:
    /// a `sha256-<hex>.sig|.att|.sbom` tag, or a referrer whose artifact type is a signature or envelope.
    static func isCosignArtifact(_ descriptor: Descriptor) -> Bool {
        let artifactTypes = ["application/vnd.dev.cosign.simplesigning.v1+json", "application/vnd.dsse.envelope.v1+json"]
        if let type = descriptor.artifactType, artifactTypes.contains(type) { return true }
        return tags(of: descriptor).contains { name in
            let parts = name.split(separator: ".")
            return parts.count == 2 && ["sig", "att", "sbom"].contains(parts[1])
                && parts[0].hasPrefix("sha256-") && parts[0].dropFirst(7).count == 64 && parts[0].dropFirst(7).allSatisfy(\.isHexDigit)
        }
    }

    /// `tag` matches a full name (`repo:tag`), its tag part, or an OCI ref name.
    static func tag(_ name: String, matches tag: String) -> Bool {
        name == tag || name.hasSuffix(":" + tag) || name.hasSuffix("/" + tag)
    }

    /// BuildKit attestation manifests: platform `unknown/unknown` and a `vnd.docker.reference.type`.
    static func isAttestation(_ descriptor: Descriptor) -> Bool {
        if descriptor.annotations?["vnd.docker.reference.type"] == "attestation-manifest" { return true }
        return descriptor.platform?.os == "unknown" && descriptor.platform?.architecture == "unknown"
    }

    /// OS and architecture must be equal; a requested variant must match (arm64's default variant is v8).
    static func platform(_ candidate: Platform, matches target: Platform) -> Bool {
        guard candidate.os == target.os, candidate.architecture == target.architecture else { return false }
        guard let wanted = normalizedVariant(target) else { return true }
        return normalizedVariant(candidate) == wanted
    }

    static func variantRank(_ candidate: Platform?, _ target: Platform) -> Int {
        guard let candidate else { return 2 }
        if normalizedVariant(candidate) == normalizedVariant(target) { return 0 }
        return candidate.variant == nil ? 1 : 2
    }

    private static func normalizedVariant(_ platform: Platform) -> String? {
        if platform.architecture == "arm64" { return platform.variant ?? "v8" }
        return platform.variant
    }

    static func configPlatform(_ config: ImageConfiguration) -> Platform? {
        guard let os = config.os, let architecture = config.architecture else { return nil }
        return Platform(os: os, architecture: architecture, variant: config.variant)
    }
}
