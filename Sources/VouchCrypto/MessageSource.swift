#if canImport(Glibc)
import Glibc
#endif
import VouchCore
import VouchFiles

/// What a signature covers: bytes in memory, or a file read from disk.
public enum MessageSource: Sendable {
    case bytes([UInt8])
    /// A file; `-` is standard input.
    case file(path: String)

    /// Feeds the message to `consume` in chunks read with read(2) into one reused buffer.
    func stream(_ consume: (UnsafeRawBufferPointer) throws(VouchError) -> Void) throws(VouchError) {
        switch self {
        case .bytes(let bytes):
            try Self.lend(bytes) { (raw) throws(VouchError) in try consume(raw) }
        case .file(let path):
            let descriptor = try Self.open(path)
            defer { if path != "-" { close(descriptor) } }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: FileDigester.defaultBufferSize, alignment: 64)
            defer { buffer.deallocate() }
            while true {
                let count = try FileDescriptorIO.read(descriptor, into: buffer, path: path)
                if count == 0 { break }
                try consume(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            }
        }
    }

    /// Lends the whole message as one contiguous buffer, which pure Ed25519 needs (RFC 8032 section 5.1.6
    /// hashes the message twice). A file is memory-mapped, not copied, so its size is bounded by address
    /// space rather than memory; standard input is read into memory.
    func withContiguousBytes<R>(_ body: (UnsafeRawBufferPointer) throws(VouchError) -> R) throws(VouchError) -> R {
        switch self {
        case .bytes(let bytes):
            return try Self.lend(bytes, body)
        case .file(let path) where path == "-":
            var collected: [UInt8] = []
            try stream { chunk throws(VouchError) in collected.append(contentsOf: chunk) }
            return try MessageSource.bytes(collected).withContiguousBytes(body)
        case .file(let path):
            let descriptor = try Self.open(path)
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw VouchError.system(errno: errno, operation: "stat", path: path) }
            let size = Int(status.st_size)
            if size == 0 { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
            guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
                  mapped != UnsafeMutableRawPointer(bitPattern: -1)
            else {
                throw VouchError.system(errno: errno, operation: "mmap", path: path)
            }
            defer { munmap(mapped, size) }
            return try body(UnsafeRawBufferPointer(start: mapped, count: size))
        }
    }

    /// The file name for messages, or `<bytes>`.
    var name: String {
        switch self {
        case .bytes: "<bytes>"
        case .file(let path): path
        }
    }

    /// `withUnsafeBytes` with the typed error preserved.
    private static func lend<R>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(VouchError) -> R) throws(VouchError) -> R {
        let result: Result<R, VouchError> = bytes.withUnsafeBytes { raw in
            Result { () throws(VouchError) -> R in try body(raw) }
        }
        return try result.get()
    }

    private static func open(_ path: String) throws(VouchError) -> Int32 {
        if path == "-" { return STDIN_FILENO }
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw VouchError.system(errno: errno, operation: "open", path: path) }
        #if canImport(Glibc)
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        return descriptor
    }
}
