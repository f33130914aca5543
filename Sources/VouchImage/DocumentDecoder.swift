public import VouchCore
import VouchCrypto

/// Decodes an image's JSON documents (index, manifest, config, `manifest.json`, `oci-layout`) with the one
/// strict JSON reader, ``VouchCore/JSONValue``: duplicate keys refused, size and depth limits
/// (``ImageLimits/maxJSONBytes``, ``ImageLimits/maxJSONDepth``) checked while parsing; an error names the
/// document and the JSON path.
struct DocumentDecoder {
    let limits: ImageLimits

    /// Parses a document once; the typed reads below decode from the parsed value.
    func parse(_ bytes: [UInt8], name: String) throws(VouchError) -> JSONValue {
        try JSONValue(parsing: bytes, path: name,
                      limits: JSONLimits(maxBytes: Int(limits.maxJSONBytes), maxBytesName: "maxJSONBytes", maxJSONDepth: limits.maxJSONDepth))
    }

    func decode<T: Decodable>(_ bytes: [UInt8], name: String) throws(VouchError) -> T {
        try decode(try parse(bytes, name: name))
    }

    func decode<T: Decodable>(_ document: JSONValue) throws(VouchError) -> T {
        do {
            return try document.decode(T.self)
        } catch {
            throw VouchError(error.code, "invalid document: \(error.reason)", path: error.path, limit: error.limit)
        }
    }

    /// An image index (image-index.md), within ``ImageLimits/maxIndexEntries``.
    func decodeIndex(_ bytes: [UInt8], name: String) throws(VouchError) -> ImageIndex {
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

    /// An image manifest (manifest.md) whose media type agrees with its descriptor's.
    func decodeManifest(_ bytes: [UInt8], descriptor: Descriptor) throws(VouchError) -> ImageManifest {
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
}

/// Reads document blobs for verification: a digest or size mismatch is recorded in ``failures`` and the
/// bytes are still returned, so every failure is reported rather than the first.
struct DocumentReader {
    let storage: any ImageStorage
    let limits: ImageLimits
    var failures: [ImageFailure] = []
    var checks = 0
    var decoder: DocumentDecoder { DocumentDecoder(limits: limits) }

    init(storage: any ImageStorage, limits: ImageLimits) {
        self.storage = storage
        self.limits = limits
    }

    /// Reads a document blob after checking its declared size against the JSON limit, then checks its
    /// digest and size.
    mutating func readBlob(_ descriptor: Descriptor, object: String, path: String) throws(VouchError) -> [UInt8] {
        if descriptor.size > limits.maxJSONBytes {
            throw VouchError.limitExceeded(
                "maxJSONBytes", limit: limits.maxJSONBytes, found: descriptor.size, path: path,
                what: "\(object) \(descriptor.digest) declared size")
        }
        let slice: FileSlice
        switch try storage.lookupBlob(descriptor.digest) {
        case .found(let found): slice = found
        case .missing:
            throw VouchError(.fileNotFound, "\(object) blob \(descriptor.digest) is missing from the layout", path: path)
        case .refused(let why):
            throw VouchError(.malformedInput, "\(object) blob \(descriptor.digest) refused: \(why)", path: path)
        }
        let bytes = try slice.readAll(maximum: limits.maxJSONBytes, limitName: "maxJSONBytes")
        // The digest mismatch leads: it is the finding, the size a detail of it.
        let actual = try DigestHasher.digest(of: bytes, algorithm: descriptor.digest.algorithm)
        checks += 1
        if actual != descriptor.digest {
            failures.append(ImageFailure(object: object, descriptor: descriptor, reason: "digest mismatch", expected: descriptor.digest.description, actual: actual.description))
        }
        checks += 1
        if Int64(bytes.count) != descriptor.size {
            failures.append(ImageFailure(object: object, descriptor: descriptor, reason: "size mismatch", expected: "\(descriptor.size) bytes", actual: "\(bytes.count) bytes"))
        }
        return bytes
    }

    /// A document whose digest or size did not match was read on, and its (untrusted) contents then
    /// failed: the mismatch is the finding to lead with, not what the tampered bytes happened to say.
    func leadingWithMismatch(_ error: VouchError, path: String) -> VouchError {
        guard let first = failures.first else { return error }
        return VouchError(error.code, "\(first); reading on then failed: \(error.reason)", path: path, limit: error.limit)
    }
}
