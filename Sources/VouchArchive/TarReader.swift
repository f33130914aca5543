import CArchive
public import VouchCore

/// Reads a tar stream entry by entry through libarchive, from any ``ByteSource``, with bounded memory.
///
/// The reader recognises gzip (including multi-member streams) and zstd by their magic bytes and
/// decompresses them itself (``IsalGzipInflater``, ``ZstdDecompressor``), or reads a plain tar. When the
/// tar ends, the rest of the compressed stream is still read, so a damaged CRC, a truncated trailer or
/// trailing garbage is an error even if the damage happened to decode to an early end-of-archive. Every
/// header passes the ``ArchiveLimits`` before it is returned, and every unsafe property of an entry
/// (traversal, absolute paths, escaping links) is reported in ``TarEntry/safetyIssues``; the reader never
/// touches the file system itself.
///
/// ```swift
/// let reader = try TarReader(source: FileByteSource(path: "layer.tar.gz"), name: "layer.tar.gz")
/// while let entry = try reader.next() {
///     let bytes = try reader.readContent(upTo: 1 << 20)
/// }
/// ```
public final class TarReader {
    /// The name used in errors: usually the archive's path.
    public let name: String
    public let limits: ArchiveLimits
    /// The compression recognised from the stream's first bytes.
    public private(set) var compression: Compression = .none
    /// Number of entries returned so far.
    public private(set) var entryCount = 0

    /// The raw bytes as given.
    private let source: any ByteSource
    /// What libarchive reads: `source`, or a decompressor over it.
    private var feed: (any ByteSource)?
    /// `feed`, when it lends its bytes in place: libarchive then parses them where they are.
    private var lender: (any BorrowingByteSource)?
    private let decompression: Decompression
    private let archive: OpaquePointer
    private let buffer: UnsafeMutableRawBufferPointer
    private var sourceError: VouchError?
    private var opened = false
    private var finished = false

    public static let bufferSize = 256 << 10

    public init(
        source: any ByteSource,
        name: String,
        limits: ArchiveLimits = ArchiveLimits(),
        decompression: Decompression = .automatic
    ) throws(VouchError) {
        guard let archive = archive_read_new() else {
            throw VouchError(.ioFailure, "libarchive could not allocate a reader", path: name)
        }
        self.source = source
        self.name = name
        self.limits = limits
        self.decompression = decompression
        self.archive = archive
        self.buffer = .allocate(byteCount: Self.bufferSize, alignment: 64)
    }

    deinit {
        archive_read_free(archive)
        buffer.deallocate()
    }

    /// The next entry, or nil at the end of the archive. Content of the previous entry that was not read
    /// is skipped.
    public func next() throws(VouchError) -> TarEntry? {
        if finished { return nil }
        if !opened { try open() }
        var entryPointer: OpaquePointer?
        let status = archive_read_next_header(archive, &entryPointer)
        if status == ARCHIVE_EOF {
            finished = true
            try drainCompressedRemainder()
            return nil
        }
        guard status >= ARCHIVE_WARN, let entryPointer else { throw failure("reading an entry header") }

        entryCount += 1
        if entryCount > limits.maxEntries {
            throw VouchError.limitExceeded(
                "maxEntries", limit: Int64(limits.maxEntries), found: Int64(entryCount), path: name,
                what: "entry count")
        }
        let entry = makeEntry(entryPointer)
        try checkPathLength(entry.path, what: "path length")
        if let target = entry.linkTarget { try checkPathLength(target, what: "link target length") }
        let declaredEnd = archive_filter_bytes(archive, 0) + max(entry.size, 0)
        if declaredEnd > limits.maxTotalUncompressedBytes {
            throw VouchError.limitExceeded(
                "maxTotalUncompressedBytes", limit: limits.maxTotalUncompressedBytes, found: declaredEnd, path: name,
                what: "uncompressed size (entry '\(entry.path)' declares \(entry.size) bytes)")
        }
        try checkVolume()
        return entry
    }

    /// Reads up to `destination.count` bytes of the current entry's content; 0 at its end.
    public func readContent(into destination: UnsafeMutableRawBufferPointer) throws(VouchError) -> Int {
        guard opened, !finished, destination.count > 0 else { return 0 }
        let count = archive_read_data(archive, destination.baseAddress, destination.count)
        guard count >= 0 else { throw failure("reading entry content") }
        try checkVolume()
        return count
    }

    /// The current entry's content, at most `maximum` bytes of it.
    public func readContent(upTo maximum: Int) throws(VouchError) -> [UInt8] {
        var bytes: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
        defer { chunk.deallocate() }
        while bytes.count < maximum {
            let wanted = min(chunk.count, maximum - bytes.count)
            let count = try readContent(into: UnsafeMutableRawBufferPointer(rebasing: chunk[..<wanted]))
            if count == 0 { break }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[..<count]))
        }
        return bytes
    }

    // MARK: - libarchive plumbing

    private func open() throws(VouchError) {
        opened = true
        var feed = source
        if decompression == .automatic {
            let prefix = try readPrefix(4)
            compression = Compression.detect(magic: prefix)
            let replayed = PrefixedByteSource(prefix: prefix, upstream: source)
            switch compression {
            case .gzip: feed = IsalGzipInflater(upstream: replayed, name: name, limits: limits)
            case .zstd: feed = try ZstdDecompressor(upstream: replayed, name: name, limits: limits)
            case .none: feed = replayed
            }
        }
        self.feed = feed
        lender = feed as? any BorrowingByteSource
        archive_read_support_format_tar(archive)
        let context = Unmanaged.passUnretained(self).toOpaque()
        let status = archive_read_open2(archive, context, nil, { _, context, output in
            let reader = Unmanaged<TarReader>.fromOpaque(context!).takeUnretainedValue()
            return reader.supply(output!)
        }, nil, nil)
        guard status == ARCHIVE_OK else { throw failure("opening the archive") }
    }

    /// Up to `count` bytes from the start of the raw source (fewer only at its end).
    private func readPrefix(_ count: Int) throws(VouchError) -> [UInt8] {
        var prefix: [UInt8] = []
        while prefix.count < count {
            let read = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<(count - prefix.count)]))
            if read == 0 { break }
            prefix.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<read]))
        }
        return prefix
    }

    /// libarchive's read callback.
    private func supply(_ output: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        do {
            // libarchive needs a block only until its next call of this callback: a lent one will do.
            if let lender {
                let block = try lender.borrow()
                output.pointee = block.baseAddress
                return block.count
            }
            output.pointee = UnsafeRawPointer(buffer.baseAddress)
            return try feed!.read(into: buffer)
        } catch {
            sourceError = error
            return -1
        }
    }

    /// After the tar's end, reads the compressed stream to its own end: the decompressor then checks the
    /// last member's CRC and length, truncation and trailing garbage, and the volume limits see every byte.
    private func drainCompressedRemainder() throws(VouchError) {
        guard compression != .none, let feed else { return }
        while try feed.read(into: buffer) > 0 {}
    }

    private func makeEntry(_ entry: OpaquePointer) -> TarEntry {
        let path = Self.string(archive_entry_pathname_utf8(entry)) ?? Self.string(archive_entry_pathname(entry)) ?? ""
        let hardlink = Self.string(archive_entry_hardlink_utf8(entry)) ?? Self.string(archive_entry_hardlink(entry))
        let symlink = Self.string(archive_entry_symlink_utf8(entry)) ?? Self.string(archive_entry_symlink(entry))
        let type: EntryType
        if hardlink != nil {
            type = .hardlink
        } else {
            switch UInt32(archive_entry_filetype(entry)) {
            case vouch_AE_IFREG(): type = .regular
            case vouch_AE_IFDIR(): type = .directory
            case vouch_AE_IFLNK(): type = .symlink
            case vouch_AE_IFCHR(): type = .characterDevice
            case vouch_AE_IFBLK(): type = .blockDevice
            case vouch_AE_IFIFO(): type = .fifo
            case vouch_AE_IFSOCK(): type = .socket
            default: type = .unknown
            }
        }
        return TarEntry(
            path: path,
            type: type,
            linkTarget: hardlink ?? symlink,
            size: archive_entry_size(entry),
            mode: UInt32(archive_entry_perm(entry)) & 0o7777,
            userID: archive_entry_uid(entry),
            groupID: archive_entry_gid(entry),
            modificationTime: Int64(archive_entry_mtime(entry))
        )
    }

    private func checkPathLength(_ path: String, what: String) throws(VouchError) {
        let length = path.utf8.count
        if length > limits.maxPathLength {
            throw VouchError.limitExceeded(
                "maxPathLength", limit: Int64(limits.maxPathLength), found: Int64(length), path: name, what: what)
        }
    }

    /// Checks the tar volume read so far against the total limit (the decompressors check the total and
    /// the compression ratio as they produce bytes, so a bomb stops even inside one entry).
    private func checkVolume() throws(VouchError) {
        let produced = archive_filter_bytes(archive, 0)
        if produced > limits.maxTotalUncompressedBytes {
            throw VouchError.limitExceeded(
                "maxTotalUncompressedBytes", limit: limits.maxTotalUncompressedBytes, found: produced, path: name,
                what: "uncompressed size")
        }
    }

    /// The error for a failed libarchive call: the byte source's own error if it failed, else libarchive's.
    private func failure(_ doing: String) -> VouchError {
        finished = true
        if let sourceError { return sourceError.attributed(to: name) }
        let message = Self.string(archive_error_string(archive)) ?? "unknown libarchive error"
        let what = compression == .none ? "tar archive" : "tar archive inside the \(compression.rawValue) stream"
        return VouchError(.malformedInput, "corrupt or truncated \(what) (\(doing)): \(message)", path: name)
    }

    /// A C string from libarchive; invalid UTF-8 is repaired rather than dropped, so the entry still shows.
    private static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
