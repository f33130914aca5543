#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import VouchCore

/// An anonymous temporary file: made by `mkstemp(3)` in `$TMPDIR` (or `/tmp`) and unlinked at once, so
/// it has no name anyone could open or replace and disappears when closed. For a writer that must count
/// what it streams before writing a header (JUnit's suite counts).
public final class ScratchFile {
    private let descriptor: Int32
    private var size: Int64 = 0
    private let name = "temporary file"

    public init() throws(VouchError) {
        let directory = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((directory + "/vouch-scratch-XXXXXX").utf8CString)
        let opened = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard opened >= 0 else { throw VouchError.system(errno: errno, operation: "create a temporary file in", path: directory) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        _ = fcntl(opened, F_SETFD, FD_CLOEXEC)
        descriptor = opened
    }

    deinit { close(descriptor) }

    /// Appends `text` as UTF-8.
    public func write(_ text: String) throws(VouchError) {
        var text = text
        let failure = text.withUTF8 { FileDescriptorIO.writeAll(descriptor, UnsafeRawBufferPointer($0)) }
        if failure != 0 { throw VouchError.system(errno: failure, operation: "write", path: name) }
        size += Int64(text.utf8.count)
    }

    /// Hands everything written so far to `consume`, in chunks, from the start.
    public func readBack(_ consume: (UnsafeRawBufferPointer) throws(VouchError) -> Void) throws(VouchError) {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { chunk.deallocate() }
        var offset: Int64 = 0
        while offset < size {
            let count = try FileDescriptorIO.read(descriptor, into: chunk, at: offset, path: name)
            if count == 0 { break }
            try consume(UnsafeRawBufferPointer(rebasing: chunk[..<count]))
            offset += Int64(count)
        }
    }
}
