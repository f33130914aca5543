#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import VouchCore

/// Descriptor 1, written with write(2): no `FILE *` buffering that could hide a failed write until exit.
/// Every command writes its results through here, so `vouch ... > /dev/full` (or a full disk behind a
/// redirection) is an error the CLI reports with exit status 2, never a silent success with nothing written.
public enum StandardOutput {
    /// The name errors give this output.
    public static let displayName = "standard output"

    /// Writes a document's bytes as they are (no String round trip).
    public static func write(_ bytes: [UInt8]) throws(VouchError) {
        try FileDescriptorIO.writeAll(STDOUT_FILENO, bytes, path: displayName)
    }

    /// Writes `text` as UTF-8.
    public static func write(_ text: String) throws(VouchError) {
        var text = text
        let failure = text.withUTF8 { FileDescriptorIO.writeAll(STDOUT_FILENO, UnsafeRawBufferPointer($0)) }
        if failure != 0 { throw VouchError.system(errno: failure, operation: "write", path: displayName) }
    }

    /// Writes `line` and a newline (what `print(line)` wrote).
    public static func line(_ line: String) throws(VouchError) {
        try write(line + "\n")
    }

    /// Writes each of `lines` followed by a newline, in one write(2) call where it fits.
    public static func lines(_ lines: some Sequence<String>) throws(VouchError) {
        var text = ""
        for line in lines {
            text += line
            text += "\n"
            if text.utf8.count >= 1 << 16 {
                try write(text)
                text = ""
            }
        }
        if !text.isEmpty { try write(text) }
    }

    /// Whether standard output is a terminal.
    public static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}
