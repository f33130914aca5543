#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
extension VouchError {
    /// Maps `errno` to an error that names the file and says what the system said.
    public static func system(errno code: Int32, operation: String, path: String, fileID: String = #fileID, line: Int = #line) -> VouchError {
        let message = String(cString: strerror(code))
        switch code {
        case ENOENT:
            return VouchError(.fileNotFound, "no such file", path: path, fileID: fileID, line: line)
        case EISDIR:
            return VouchError(.unsupportedInput, "is a directory, not a file", path: path, fileID: fileID, line: line)
        default:
            return VouchError(.ioFailure, "\(operation) failed: \(message)", path: path, fileID: fileID, line: line)
        }
    }
}
