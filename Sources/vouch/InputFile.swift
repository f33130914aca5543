import Foundation
import VouchAttest
import VouchCore

/// Reads a signature, envelope or bundle file, bounded by ``AttestationLimits/maxEnvelopeBytes``.
enum InputFile {
    static func read(_ path: String) throws(VouchError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if !FileManager.default.fileExists(atPath: path) { throw VouchError(.fileNotFound, "no such file", path: path) }
            throw VouchError(.ioFailure, "could not open the file", path: path)
        }
        defer { try? handle.close() }
        let limit = AttestationLimits.maxEnvelopeBytes
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        guard data.count <= limit else {
            throw VouchError.limitExceeded("maxEnvelopeBytes", limit: Int64(limit), found: Int64(data.count), path: path, what: "file size over")
        }
        return [UInt8](data)
    }
}
