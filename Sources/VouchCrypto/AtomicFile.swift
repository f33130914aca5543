#if canImport(Glibc)
import Glibc
#endif
import Foundation
public import VouchCore

/// Writes output files whole or not at all: a temporary file in the same directory, `fsync`, then
/// `rename(2)` over the target, so a failure never leaves a half-written key, signature or envelope.
public enum AtomicFile {
    /// Writes `bytes` to `path` with permission `mode`. Refuses to replace an existing file unless `overwrite`.
    public static func write(_ bytes: [UInt8], to path: String, mode: UInt32 = 0o644, overwrite: Bool) throws(VouchError) {
        if !overwrite, FileManager.default.fileExists(atPath: path) {
            throw VouchError(.invalidArgument, "already exists; pass --force to overwrite it", path: path)
        }
        let directory = (path as NSString).deletingLastPathComponent
        var template = Array(((directory.isEmpty ? "." : directory) + "/.vouch-XXXXXX.tmp").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard descriptor >= 0 else { throw VouchError.system(errno: errno, operation: "create a temporary file beside", path: path) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var committed = false
        defer {
            if !committed { unlink(temporary) }
        }
        guard fchmod(descriptor, mode_t(mode)) == 0 else {
            close(descriptor)
            throw VouchError.system(errno: errno, operation: "chmod", path: temporary)
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                throw VouchError.system(errno: code, operation: "write", path: path)
            }
            offset += written
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            throw VouchError.system(errno: errno, operation: "write", path: path)
        }
        guard rename(temporary, path) == 0 else { throw VouchError.system(errno: errno, operation: "rename", path: path) }
        committed = true
    }
}
