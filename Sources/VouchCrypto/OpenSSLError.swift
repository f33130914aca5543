import COpenSSL
import VouchCore

/// Turns OpenSSL's thread-local error queue into a ``VouchError`` at the boundary.
enum OpenSSLError {
    /// Drains the error queue and names the failing call and OpenSSL's own reasons.
    static func capture(_ function: String, path: String? = nil, fileID: String = #fileID, line: Int = #line) -> VouchError {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self))
        }
        let detail = reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; ")
        return VouchError(.cryptoFailure, "OpenSSL \(function) failed\(detail)", path: path, fileID: fileID, line: line)
    }
}
