import VouchArchive
import VouchCore
import VouchImage

/// Every regular file of every layer of an image (OCI layout, oci-archive, docker-save), read layer by
/// layer through ``TarReader`` (gzip and zstd decompressed on the fly), so a secret that a later layer
/// deletes is still found, reported with its layer index and path.
///
/// Whiteout markers and non-regular entries are skipped; files over the size limit and binaries are
/// counted as skipped. One file's bytes are in memory at a time.
struct ImageLayerSource {
    let reference: ImageReference
    let maxFileBytes: Int

    struct Entry {
        var layer: Int
        var path: String
        var bytes: [UInt8]
    }

    /// Calls `body` for each regular file of each layer, in layer order then archive order; returns the
    /// number of files skipped for size.
    func forEachFile(_ body: (Entry) throws(VouchError) -> Void) throws(VouchError) -> Int {
        let image = try ImageLoader().load(reference)
        var tooLarge = 0
        for layer in image.layers {
            guard case .found(let slice) = layer.location else {
                throw VouchError(.malformedInput, "layer \(layer.index) (\(layer.storedPath)) cannot be read", path: reference.path)
            }
            let name = "\(reference.path) layer \(layer.index)"
            let reader = try TarReader(source: try slice.open(), name: name, limits: ImageLimits().layer, decompression: .automatic)
            while let entry = try reader.next() {
                guard entry.type == .regular else { continue }
                let path = entry.normalizedPath
                let base = path.split(separator: "/").last.map(String.init) ?? path
                if base.hasPrefix(".wh.") { continue }
                if entry.size > Int64(maxFileBytes) {
                    tooLarge += 1
                    continue
                }
                let bytes = try reader.readContent(upTo: maxFileBytes)
                try body(Entry(layer: layer.index, path: path.hasPrefix("/") ? path : "/" + path, bytes: bytes))
            }
        }
        return tooLarge
    }
}
