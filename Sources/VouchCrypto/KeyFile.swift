import VouchCore
import VouchFiles

/// Reads key files with the size limit applied before the bytes are loaded.
enum KeyFile {
    static func read(_ path: String) throws(VouchError) -> [UInt8] {
        do {
            return try BoundedFileReader.read(path, limit: Int(KeyLimits.maxKeyFileBytes), limitName: "maxKeyFileBytes", what: "key file size")
        } catch where error.code == .fileNotFound {
            throw VouchError(.fileNotFound, "no such key file", path: path)
        }
    }
}
