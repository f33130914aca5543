import Foundation
import VouchCore
import VouchCrypto
import VouchFiles

/// The parts of an OCI image layout directory (image-spec image-layout.md) that signing reads and writes:
/// `index.json` and content-addressed blobs under `blobs/<alg>/<hex>`.
///
/// Writes are atomic (temporary file + rename); blobs are only ever added, and `index.json` is rewritten
/// whole with the other entries kept as they were.
struct OCILayoutDirectory {
    let root: String
    /// The largest manifest or payload blob read (a signature manifest is well under 4 KiB).
    static let maxDocumentBytes = 4 << 20

    init(_ root: String) throws(VouchError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
            throw VouchError(.fileNotFound, "no such image layout", path: root)
        }
        guard isDirectory.boolValue else {
            throw VouchError(.unsupportedInput, "image signing writes into an OCI layout directory; this is a file (unpack an oci-archive with 'tar -x', or 'skopeo copy docker-archive:... oci:DIR')", path: root)
        }
        guard FileManager.default.fileExists(atPath: root + "/oci-layout"), FileManager.default.fileExists(atPath: root + "/index.json") else {
            throw VouchError(.unsupportedInput, "not an OCI image layout (needs oci-layout and index.json)", path: root)
        }
        self.root = root
    }

    /// The `manifests` of index.json as JSON objects.
    func indexManifests() throws(VouchError) -> [[String: Any]] {
        let object = try readIndex()
        guard let manifests = object["manifests"] as? [[String: Any]] else {
            throw VouchError(.malformedInput, "index.json has no 'manifests' list", path: root + "/index.json")
        }
        return manifests
    }

    func readIndex() throws(VouchError) -> [String: Any] {
        let path = root + "/index.json"
        guard let data = FileManager.default.contents(atPath: path), data.count <= Self.maxDocumentBytes,
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else {
            throw VouchError(.malformedInput, "index.json is not a JSON object (or is over \(Self.maxDocumentBytes) bytes)", path: path)
        }
        return object
    }

    /// Replaces index.json's `manifests` with `manifests`, keeping its other fields.
    func writeIndex(manifests: [[String: Any]]) throws(VouchError) {
        var object = try readIndex()
        object["manifests"] = manifests
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes, .sortedKeys]) else {
            throw VouchError(.invalidArgument, "could not encode index.json", path: root + "/index.json")
        }
        try OutputFile.write([UInt8](data), to: root + "/index.json", overwrite: true)
    }

    /// The blob's bytes, checked against its digest (and size when known).
    func readBlob(_ digest: Digest, expectedSize: Int64? = nil) throws(VouchError) -> [UInt8] {
        let path = blobPath(digest)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VouchError(.fileNotFound, "blob \(digest) is missing from the layout", path: path)
        }
        guard data.count <= Self.maxDocumentBytes else {
            throw VouchError.limitExceeded("maxDocumentBytes", limit: Int64(Self.maxDocumentBytes), found: Int64(data.count), path: path, what: "blob size")
        }
        let bytes = [UInt8](data)
        let actual = try DigestHasher.digest(of: bytes, algorithm: digest.algorithm)
        guard actual == digest, expectedSize.map({ $0 == Int64(bytes.count) }) ?? true else {
            throw VouchError(.malformedInput, "blob content does not match its digest \(digest) (found \(actual), \(bytes.count) bytes)", path: path)
        }
        return bytes
    }

    /// Adds `bytes` as a sha256 blob (no-op when present) and returns its digest.
    @discardableResult
    func writeBlob(_ bytes: [UInt8]) throws(VouchError) -> Digest {
        let digest = try DigestHasher.digest(of: bytes)
        let path = blobPath(digest)
        if !FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.createDirectory(atPath: root + "/blobs/" + digest.algorithm.name, withIntermediateDirectories: true)
            try OutputFile.write(bytes, to: path, overwrite: true)
        }
        return digest
    }

    /// Safe as a path only because ``Digest`` parsing admits no `/` or `.` in either part.
    func blobPath(_ digest: Digest) -> String { "\(root)/blobs/\(digest.algorithm.name)/\(digest.hex)" }

    static func refName(_ entry: [String: Any]) -> String? {
        (entry["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"]
    }
}
