import CArchive
public import VouchCore

/// The regular-file members of an archive held in memory: zip (and so jar, wheel, apk), tar (plain or
/// compressed with gzip, bzip2, xz or zstd), or one gzip/bzip2/xz-compressed file (its one member is
/// the file without its compression suffix). Read through libarchive, member by member, under the
/// ``ArchiveLimits`` (entries, total decompressed bytes, compression ratio, path length); nothing is
/// written anywhere. For content scanners (`vouch secrets scan`) that look inside archives.
///
/// ```swift
/// let reader = try ArchiveMemberReader(bytes: raw, name: "app.jar", limits: ArchiveLimits())
/// while let member = try reader.next() {
///     let bytes = try reader.readContent(upTo: 1 << 20)
/// }
/// ```
public final class ArchiveMemberReader {
    public let name: String
    public let limits: ArchiveLimits
    private let archive: OpaquePointer
    private let compressedBytes: Int64
    /// The member's name when the archive is one compressed file (libarchive's raw format says `data`).
    private let singleFileName: String
    private var entries = 0
    private var produced: Int64 = 0
    private var finished = false

    /// One regular file inside the archive.
    public struct Member: Hashable, Sendable {
        /// The member's path inside the archive, as stored (normalized: no leading `./` or `/`).
        public var path: String
        /// The size the archive declares (-1 when it declares none, as for a compressed single file).
        public var size: Int64
    }

    /// Whether `bytes` start like an archive this reader opens (by magic number: zip, gzip, bzip2, xz,
    /// zstd, or a POSIX tar header).
    public static func recognizes(_ bytes: UnsafeRawBufferPointer) -> Bool {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + magic.count && magic.indices.allSatisfy { bytes[offset + $0] == magic[$0] }
        }
        return starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) || starts([0x1F, 0x8B])
            || starts(Array("BZh".utf8)) || starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) || starts([0x28, 0xB5, 0x2F, 0xFD])
            || starts(Array("ustar".utf8), at: 257)
    }

    /// Opens the archive in `bytes`, which must stay valid and unchanged while the reader is used.
    /// `name` is used in errors and for the member of a compressed single file.
    public init(bytes: UnsafeRawBufferPointer, name: String, limits: ArchiveLimits = ArchiveLimits()) throws(VouchError) {
        guard let archive = archive_read_new() else {
            throw VouchError(.ioFailure, "libarchive could not allocate a reader", path: name)
        }
        self.archive = archive
        self.name = name
        self.limits = limits
        compressedBytes = Int64(bytes.count)
        let base = name.split(separator: "/").last.map(String.init) ?? name
        var single = base
        for suffix in [".gz", ".tgz", ".bz2", ".xz", ".zst", ".gzip"] where single.lowercased().hasSuffix(suffix) {
            single = String(single.dropLast(suffix.count)) + (suffix == ".tgz" ? ".tar" : "")
            break
        }
        singleFileName = single
        archive_read_support_filter_all(archive)
        archive_read_support_format_zip(archive)
        archive_read_support_format_tar(archive)
        archive_read_support_format_raw(archive)
        guard archive_read_open_memory(archive, bytes.baseAddress, bytes.count) == ARCHIVE_OK else {
            let message = ArchiveMemberReader.string(archive_error_string(archive)) ?? "unknown libarchive error"
            throw VouchError(.malformedInput, "not a readable archive: \(message)", path: name)
        }
    }

    deinit { archive_read_free(archive) }

    /// The next regular-file member, or nil at the end; directories, links and devices are skipped.
    public func next() throws(VouchError) -> Member? {
        while !finished {
            var entry: OpaquePointer?
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF {
                finished = true
                return nil
            }
            guard status >= ARCHIVE_WARN, let entry else { throw failure("reading a member header") }
            entries += 1
            if entries > limits.maxEntries {
                throw VouchError.limitExceeded("maxEntries", limit: Int64(limits.maxEntries), found: Int64(entries), path: name, what: "member count")
            }
            guard UInt32(archive_entry_filetype(entry)) == vouch_AE_IFREG() else { continue }
            let raw = archive_format(archive) == ARCHIVE_FORMAT_RAW
            var path = raw ? singleFileName : (ArchiveMemberReader.string(archive_entry_pathname_utf8(entry)) ?? ArchiveMemberReader.string(archive_entry_pathname(entry)) ?? "")
            if path.utf8.count > limits.maxPathLength {
                throw VouchError.limitExceeded("maxPathLength", limit: Int64(limits.maxPathLength), found: Int64(path.utf8.count), path: name, what: "member path length")
            }
            while path.hasPrefix("./") { path.removeFirst(2) }
            while path.hasPrefix("/") { path.removeFirst() }
            return Member(path: path, size: raw || archive_entry_size_is_set(entry) == 0 ? -1 : archive_entry_size(entry))
        }
        return nil
    }

    /// The current member's content, at most `maximum` bytes of it (nil when it holds more: the caller
    /// skips it as too large).
    public func readContent(upTo maximum: Int) throws(VouchError) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw failure("reading member content") }
            if count == 0 { return bytes }
            produced += Int64(count)
            if produced > limits.maxTotalUncompressedBytes {
                throw VouchError.limitExceeded("maxTotalUncompressedBytes", limit: limits.maxTotalUncompressedBytes, found: produced, path: name, what: "decompressed size")
            }
            if produced > limits.compressionRatioGraceBytes && produced > compressedBytes * limits.maxCompressionRatio {
                throw VouchError.limitExceeded("maxCompressionRatio", limit: limits.maxCompressionRatio, found: produced / max(1, compressedBytes), path: name, what: "compression ratio")
            }
            if bytes.count + count > maximum { return nil }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    private func failure(_ doing: String) -> VouchError {
        finished = true
        let message = ArchiveMemberReader.string(archive_error_string(archive)) ?? "unknown libarchive error"
        return VouchError(.malformedInput, "corrupt or truncated archive (\(doing)): \(message)", path: name)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String? { pointer.map { String(cString: $0) } }
}
