import Foundation
import VouchCore

/// Reads key files with the size limit applied before the bytes are loaded.
enum KeyFile {
    static func read(_ path: String) throws(VouchError) -> [UInt8] {
        let url = URL(fileURLWithPath: path)
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw VouchError(.fileNotFound, "no such key file", path: path)
        }
        if let size = attributes[.size] as? Int64, size > KeyLimits.maxKeyFileBytes {
            throw VouchError.limitExceeded("maxKeyFileBytes", limit: KeyLimits.maxKeyFileBytes, found: size, path: path, what: "key file size")
        }
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw VouchError(.ioFailure, "could not read the key file: \(error.localizedDescription)", path: path)
        }
    }
}
