import Foundation
public import VouchCore
import VouchCrypto

/// Reads a `docker save` tar of Docker 24 and older: `manifest.json` (moby image/tarexport), the config
/// named after the image ID, and `<id>/layer.tar` layers. No OCI index, so no index or manifest digests.
struct DockerArchiveReader {
    let storage: any ImageStorage
    let reference: ImageReference
    let limits: ImageLimits
    private var cached: [DockerArchiveEntry]?

    init(storage: any ImageStorage, reference: ImageReference, limits: ImageLimits) {
        self.storage = storage
        self.reference = reference
        self.limits = limits
    }

    /// The entries of `manifest.json`.
    mutating func entries() throws(VouchError) -> [DockerArchiveEntry] {
        if let cached { return cached }
        let entries: [DockerArchiveEntry] = try DocumentDecoder(limits: limits).decode(
            try OCILayout.readFile("manifest.json", in: storage, limits: limits), name: "\(storage.displayName)/manifest.json")
        cached = entries
        return entries
    }

    /// The entry `tag` names, or the only one; otherwise the error lists the tags.
    mutating func entry(tagged tag: String?) throws(VouchError) -> DockerArchiveEntry {
        let entries = try entries()
        var candidates = entries
        if let tag {
            candidates = entries.filter { ($0.repoTags ?? []).contains { OCILayout.tag($0, matches: tag) } }
            guard !candidates.isEmpty else {
                let known = entries.flatMap { $0.repoTags ?? [] }
                throw VouchError(.invalidArgument, "no image tagged '\(tag)'; tags: \(known.joined(separator: ", "))", path: reference.path)
            }
        }
        guard let entry = candidates.first else {
            throw VouchError(.malformedInput, "manifest.json lists no images", path: "\(storage.displayName)/manifest.json")
        }
        guard candidates.count == 1 else {
            let known = candidates.flatMap { $0.repoTags ?? [] }
            throw VouchError(
                .invalidArgument, "the archive holds \(candidates.count) images; pick one with --tag or IMAGE:TAG (tags: \(known.joined(separator: ", ")))",
                path: reference.path)
        }
        return entry
    }

    func read(_ entry: DockerArchiveEntry) throws(VouchError) -> ImageLoader.Outcome {
        var reader = DocumentReader(storage: storage, limits: limits)
        do {
            return .loaded(try load(entry, reader: &reader))
        } catch {
            guard !reader.failures.isEmpty else { throw error }
            return .tampered(TamperedDocuments(path: reference.path, failures: reader.failures, checksMade: reader.checks, cause: error))
        }
    }

    private func load(_ entry: DockerArchiveEntry, reader: inout DocumentReader) throws(VouchError) -> LoadedImage {
        guard case .found(let configSlice) = try storage.lookup(entry.config, allowSymlinks: false) else {
            throw VouchError(.malformedInput, "config '\(entry.config)' named by manifest.json is missing or not a regular file", path: reference.path)
        }
        let configBytes = try configSlice.readAll(maximum: limits.maxJSONBytes, limitName: "maxJSONBytes")
        let configDigest = try DigestHasher.digest(of: configBytes)
        // The config file is named after the image ID, which is the config's digest.
        let stem = String(entry.config.split(separator: "/").last ?? "").replacingOccurrences(of: ".json", with: "")
        if let named = try? Digest(parsing: "sha256:" + stem) {
            reader.checks += 1
            if named != configDigest {
                reader.failures.append(ImageFailure(object: "config", reason: "config digest mismatch (the file is named after the image ID)", expected: named.description, actual: configDigest.description))
            }
        }
        let config: ImageConfiguration = try reader.decoder.decode(configBytes, name: entry.config)
        guard entry.layers.count <= limits.maxLayers else {
            throw VouchError.limitExceeded(
                "maxLayers", limit: Int64(limits.maxLayers), found: Int64(entry.layers.count), path: reference.path, what: "layer count")
        }
        let diffIDs = DiffIDCheck.check(config, layerCount: entry.layers.count, reader: &reader)
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
            platform: config.platform, layers: layers, documentFailures: reader.failures, documentChecks: reader.checks)
    }
}
