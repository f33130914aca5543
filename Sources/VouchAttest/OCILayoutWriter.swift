import Foundation
import VouchCore
import VouchCrypto
import VouchFiles
import VouchImage

/// Writes into an OCI image layout directory (image-spec image-layout.md): content-addressed blobs under
/// `blobs/<alg>/<hex>` and a new `index.json`. Reading is ``OCILayout``'s job; this type only writes.
///
/// Writes are atomic (temporary file + rename); blobs are only ever added, and `index.json` is rewritten
/// whole from the index as read, with its other entries kept.
struct OCILayoutWriter {
    let root: String

    /// A layout directory to write into; a tar is refused with how to unpack it.
    init(_ root: String) throws(VouchError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
            throw VouchError(.fileNotFound, "no such image layout", path: root)
        }
        guard isDirectory.boolValue else {
            throw VouchError(.unsupportedInput, "image signing writes into an OCI layout directory; this is a file (unpack an oci-archive with 'tar -x', or 'skopeo copy docker-archive:... oci:DIR')", path: root)
        }
        self.root = root
    }

    /// Writes `index` (the index as read, with `manifests` replaced) as index.json.
    func writeIndex(_ index: ImageIndex, manifests: [Descriptor]) throws(VouchError) {
        var index = index
        index.manifests = manifests
        try OutputFile.write(try Self.encode(index), to: root + "/index.json", overwrite: true)
    }

    /// Adds `bytes` as a sha256 blob (no-op when present) and returns its digest.
    @discardableResult
    func writeBlob(_ bytes: [UInt8]) throws(VouchError) -> Digest {
        let digest = try DigestHasher.digest(of: bytes)
        let path = "\(root)/blobs/\(digest.algorithm.name)/\(digest.hex)"
        if !FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.createDirectory(atPath: root + "/blobs/" + digest.algorithm.name, withIntermediateDirectories: true)
            try OutputFile.write(bytes, to: path, overwrite: true)
        }
        return digest
    }

    /// Compact JSON with sorted keys and unescaped slashes (as the documents cosign writes).
    static func encode(_ value: some Encodable) throws(VouchError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return [UInt8](try encoder.encode(value))
        } catch {
            throw VouchError(.invalidArgument, "could not encode a layout document: \(error)")
        }
    }
}
