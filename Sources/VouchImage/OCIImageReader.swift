public import VouchCore

/// Reads the documents of one image selected in an ``OCILayout`` (oci-layout, oci-archive, Docker 25+,
/// containerd): manifest, config, diff_ids and, for Docker archives, the agreement of `manifest.json`.
struct OCIImageReader {
    let layout: OCILayout
    let reference: ImageReference
    var limits: ImageLimits { layout.limits }
    var storage: any ImageStorage { layout.storage }

    func read(_ entry: OCILayout.Entry, platform requested: Platform?) throws(VouchError) -> ImageLoader.Outcome {
        var reader = DocumentReader(storage: storage, limits: limits)
        do {
            let selection = try layout.select(entry, platform: requested, reader: &reader)
            var image = try loadImage(selection, requested: requested, reader: &reader)
            if let dockerEntries = layout.dockerEntries { crossCheck(dockerEntries, image: &image, reader: &reader) }
            image.documentFailures = reader.failures
            image.documentChecks = reader.checks
            return .loaded(image)
        } catch {
            guard !reader.failures.isEmpty else { throw error }
            return .tampered(TamperedDocuments(path: reference.path, failures: reader.failures, checksMade: reader.checks, cause: error))
        }
    }

    private func loadImage(_ selection: OCILayout.Selection, requested: Platform?, reader: inout DocumentReader) throws(VouchError) -> LoadedImage {
        let manifest = selection.manifest
        let manifestDescriptor = selection.manifestDescriptor
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
        let configBytes = try reader.readBlob(manifest.config, object: "config", path: reference.path)
        let config: ImageConfiguration = try reader.decoder.decode(configBytes, name: "config \(manifest.config.digest)")
        let platform = config.platform
        if let requested, let platform, !OCILayout.platform(platform, matches: requested) {
            throw VouchError(.platformNotFound, "the image is for \(platform), not the requested \(requested)", path: reference.path)
        }
        let diffIDs = DiffIDCheck.check(config, layerCount: manifest.layers.count, reader: &reader)
        var layers: [ImageLayer] = []
        for (index, descriptor) in manifest.layers.enumerated() {
            // A layer of a media type Vouch cannot interpret is still checked by digest and size
            // (image-spec: implementations must not error on unknown media types).
            layers.append(ImageLayer(
                index: index, descriptor: descriptor, storedPath: OCILayoutPaths.blob(descriptor.digest),
                location: try storage.lookupBlob(descriptor.digest),
                expectedDiffID: index < diffIDs.count ? diffIDs[index] : nil,
                mediaType: LayerMediaType(descriptor.mediaType)))
        }
        let format: ImageFormat = storage.isArchive ? (layout.dockerEntries == nil ? .ociArchive : .dockerArchive) : .ociLayout
        return LoadedImage(
            reference: reference, format: format, storage: storage, tags: selection.entry.tags,
            indexDescriptors: selection.indexDescriptors, manifestDescriptor: manifestDescriptor, manifest: manifest,
            configDescriptor: manifest.config, config: config, platform: platform, layers: layers,
            documentFailures: [], documentChecks: 0)
    }

    /// Docker 25+ and containerd: `manifest.json` must name the same config and layers as the OCI manifest.
    private func crossCheck(_ entries: [DockerArchiveEntry], image: inout LoadedImage, reader: inout DocumentReader) {
        let configPath = OCILayoutPaths.blob(image.configDescriptor.digest)
        guard let entry = entries.first(where: { TarStorage.normalize($0.config) == configPath }) else {
            return  // manifest.json may describe other platforms only (containerd multi-platform export)
        }
        reader.checks += 1
        let expected = image.layers.map(\.storedPath)
        let actual = entry.layers.map(TarStorage.normalize)
        if expected != actual {
            reader.failures.append(ImageFailure(
                object: "manifest.json", reason: "manifest.json lists different layers than the OCI manifest",
                expected: expected.joined(separator: ", "), actual: actual.joined(separator: ", ")))
        }
        for tag in entry.repoTags ?? [] where !image.tags.contains(tag) { image.tags.append(tag) }
    }
}

/// The config's rootfs checks, shared by both formats: type `layers`, one well-formed diff_id per layer.
enum DiffIDCheck {
    static func check(_ config: ImageConfiguration, layerCount: Int, reader: inout DocumentReader) -> [Digest?] {
        let raw = config.rootfs?.diffIDs ?? []
        reader.checks += 1
        if config.rootfs?.type != "layers" {
            reader.failures.append(ImageFailure(object: "config", reason: "rootfs.type is not 'layers'", expected: "layers", actual: config.rootfs?.type ?? "(missing)"))
        }
        reader.checks += 1
        if raw.count != layerCount {
            reader.failures.append(ImageFailure(
                object: "config", reason: "layer count does not match rootfs.diff_ids count",
                expected: "\(layerCount) diff_ids", actual: "\(raw.count) diff_ids"))
        }
        return raw.enumerated().map { index, text in
            do throws(VouchError) {
                return try Digest(parsing: text)
            } catch {
                reader.failures.append(ImageFailure(object: "config", layer: index, reason: "rootfs.diff_ids[\(index)] is not a valid digest: \(error.reason)", actual: text))
                return nil
            }
        }
    }
}

extension ImageConfiguration {
    /// The platform the config names, when it names os and architecture.
    var platform: Platform? {
        guard let os, let architecture else { return nil }
        return Platform(os: os, architecture: architecture, variant: variant)
    }
}
