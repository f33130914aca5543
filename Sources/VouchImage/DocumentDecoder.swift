import Foundation
public import VouchCore
import VouchCrypto

/// Decodes an image's JSON documents (index, manifest, config, `manifest.json`, `oci-layout`) strictly:
/// ``StrictJSON`` first (duplicate keys refused, depth within ``ImageLimits/maxJSONDepth``), then the
/// Decodable model; an error names the document and the field.
struct DocumentDecoder {
    let limits: ImageLimits

    /// Decodes a document; `validated` skips the strict-JSON pass for bytes already checked by it.
    func decode<T: Decodable>(_ bytes: [UInt8], name: String, validated: Bool = false) throws(VouchError) -> T {
        if !validated { try StrictJSON.validate(bytes, name: name, maxDepth: limits.maxJSONDepth) }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw VouchError(.malformedInput, "invalid document: \(Self.describe(error))", path: name)
        } catch {
            throw VouchError(.malformedInput, "invalid document: \(error)", path: name)
        }
    }

    /// An image index (image-index.md), within ``ImageLimits/maxIndexEntries``.
    func decodeIndex(_ bytes: [UInt8], name: String) throws(VouchError) -> ImageIndex {
        let header: DocumentHeader = try decode(bytes, name: name)
        if header.schemaVersion != 2 {
            if header.schemaVersion == 1 || header.fsLayers != nil {
                throw VouchError(.unsupportedInput, "Docker schema 1 manifest is deprecated and not supported", path: name)
            }
            throw VouchError(.malformedInput, "schemaVersion must be 2", path: name)
        }
        if let type = header.mediaType, !MediaType.isIndex(type) {
            throw VouchError(.malformedInput, "expected an image index, found media type '\(type)'", path: name)
        }
        let index: ImageIndex = try decode(bytes, name: name, validated: true)
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
        let header: DocumentHeader = try decode(bytes, name: name)
        if header.schemaVersion == 1 || header.fsLayers != nil {
            throw VouchError(.unsupportedInput, "Docker schema 1 manifest is deprecated and not supported", path: name)
        }
        guard header.schemaVersion == 2 else { throw VouchError(.malformedInput, "schemaVersion must be 2", path: name) }
        if let type = header.mediaType, type != descriptor.mediaType {
            throw VouchError(.malformedInput, "media type '\(type)' differs from its descriptor's '\(descriptor.mediaType)'", path: name)
        }
        return try decode(bytes, name: name, validated: true)
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required field is missing"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "document" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
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
