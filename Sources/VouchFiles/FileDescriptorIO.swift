#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import VouchCore

/// read(2), pread(2) and write(2) with the retries POSIX asks of every caller: an interrupted call
/// (`EINTR`) is repeated, a short write is continued. Every module reads and writes descriptors
/// through these, so no other file spells out its own retry loop.
public enum FileDescriptorIO {
    /// One read(2) into `buffer`: the count read (0 at end of file), retried while interrupted.
    public static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws(VouchError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            let count = systemRead(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw VouchError.system(errno: errno, operation: "read", path: path) }
        }
    }

    /// One pread(2) at `offset` into `buffer`: the count read (0 at end of file), retried while interrupted.
    public static func read(
        _ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, path: String
    ) throws(VouchError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            let count = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno != EINTR { throw VouchError.system(errno: errno, operation: "read", path: path) }
        }
    }

    /// Fills `buffer` unless the file ends first; the count read.
    public static func readFully(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws(VouchError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = try read(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), path: path)
            if count == 0 { break }
            filled += count
        }
        return filled
    }

    /// Fills `buffer` from `offset` on unless the file ends first; the count read.
    public static func readFully(
        _ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, path: String
    ) throws(VouchError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = try read(
                descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), at: offset + Int64(filled), path: path)
            if count == 0 { break }
            filled += count
        }
        return filled
    }

    /// Everything readable from `descriptor` until end of file.
    public static func readToEnd(_ descriptor: Int32, path: String) throws(VouchError) -> [UInt8] {
        var result: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = try read(descriptor, into: chunk, path: path)
            if count == 0 { return result }
            result += UnsafeRawBufferPointer(rebasing: chunk[..<count])
        }
    }

    /// Writes all of `bytes`, continuing short writes and retrying interrupted ones.
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(VouchError) {
        let failure = writeAll(descriptor, bytes)
        if failure != 0 { throw VouchError.system(errno: failure, operation: "write", path: path) }
    }

    /// Writes all of `bytes`; throws naming `path` on failure.
    public static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(VouchError) {
        let failure = bytes.withUnsafeBytes { writeAll(descriptor, $0) }
        if failure != 0 { throw VouchError.system(errno: failure, operation: "write", path: path) }
    }

    /// Writes all of `bytes`; the errno of a failure, or 0. For callers that cannot throw (standard error).
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0, errno == EINTR { continue }
            // write(2) returning 0 for a non-empty request makes no progress; report it rather than spin.
            if written <= 0 { return written < 0 ? errno : EIO }
            offset += written
        }
        return 0
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemRead = Darwin.read
private let systemWrite = Darwin.write
#endif
