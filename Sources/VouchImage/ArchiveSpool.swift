#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import VouchArchive
import VouchCore
import VouchFiles

/// Makes a tar image that cannot be read in place readable in place: `-` (standard input), a pipe, a FIFO
/// or a character device, and any gzip-compressed tar (`docker save | gzip`, as syft and trivy accept).
/// The stream is copied (inflated when it starts with the gzip magic, RFC 1952 section 2.3.1) into an
/// anonymous temporary file (`mkstemp` then `unlink`, so nobody can open or replace it), at most
/// ``ImageLimits/maxSpooledArchiveBytes``, and read from there through `/proc/self/fd`.
///
/// A stream can be read once, and one command opens its image several times, so each spooled input is
/// kept, by the path given, for the rest of the process; the descriptor closes when the process exits.
enum ArchiveSpool {
    private static let spooled = Mutex<[String: String]>([:])

    /// Whether `path` must be spooled: `-`, or not a regular file or a directory.
    static func needsSpool(_ path: String, info: stat) -> Bool {
        let kind = info.st_mode & S_IFMT
        return path == "-" || (kind != S_IFREG && kind != S_IFDIR)
    }

    /// The readable path of `path`'s bytes (decompressed), spooling them on the first call.
    static func readablePath(for path: String, limit: Int64, layerLimits: ArchiveLimits) throws(VouchError) -> String {
        if let known = spooled.withLock({ $0[path] }) { return known }
        let readable = try spool(path, limit: limit, layerLimits: layerLimits)
        spooled.withLock { $0[path] = readable }
        return readable
    }

    private static func spool(_ path: String, limit: Int64, layerLimits: ArchiveLimits) throws(VouchError) -> String {
        let name = path == "-" ? "standard input" : path
        let source: FileByteSource
        if path == "-" {
            source = FileByteSource(fileDescriptor: 0, name: name, owned: false)
        } else {
            source = try FileByteSource(path: path)
        }
        // The first two bytes decide whether the stream is gzip.
        var head: [UInt8] = []
        let probe = UnsafeMutableRawBufferPointer.allocate(byteCount: 2, alignment: 1)
        defer { probe.deallocate() }
        while head.count < 2 {
            let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: probe[0..<(2 - head.count)]))
            if count == 0 { break }
            head += probe[0..<count]
        }
        let prefixed = PrefixedByteSource(prefix: head, upstream: source)
        let gzip = head.count == 2 && head[0] == 0x1f && head[1] == 0x8b
        let stream: any ByteSource = gzip ? IsalGzipInflater(upstream: prefixed, name: name, limits: layerLimits) : prefixed

        let directory = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((directory + "/vouch-spool-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw VouchError.system(errno: errno, operation: "create a temporary file in", path: directory) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        var keep = false
        defer { if !keep { close(descriptor) } }

        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { chunk.deallocate() }
        var total: Int64 = 0
        while true {
            let count = try stream.read(into: chunk)
            if count == 0 { break }
            total += Int64(count)
            guard total <= limit else {
                throw VouchError.limitExceeded("maxSpooledArchiveBytes", limit: limit, found: total, path: name,
                                               what: gzip ? "decompressed archive bytes read (at least)" : "archive bytes read (at least)")
            }
            let failure = FileDescriptorIO.writeAll(descriptor, UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
            if failure != 0 { throw VouchError.system(errno: failure, operation: "write the spooled copy of", path: name) }
        }
        keep = true
        return "/proc/self/fd/\(descriptor)"
    }
}
