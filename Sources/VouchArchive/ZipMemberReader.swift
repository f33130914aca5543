import CArchive
public import VouchCore

/// Reads the members of a zip archive (PKWARE APPNOTE) one after another through libarchive's streaming
/// zip reader, from any ``ByteSource``: nothing is unpacked to disk and only the current member's bytes
/// are in memory. Used for osv.dev's export zips (`PyPI/all.zip`: one `<ID>.json` per member).
///
/// Directories are skipped. Every member name passes `maxPathLength`, the member count `maxEntries`, and
/// the bytes produced `maxTotalUncompressedBytes` (``ArchiveLimits``); a member larger than what the
/// caller asks for is an error naming the member, never a truncated read.
///
/// ```swift
/// let zip = try ZipMemberReader(source: FileByteSource(path: "all.zip"), name: "all.zip")
/// while let member = try zip.next() {
///     let bytes = try zip.readContent(upTo: 8 << 20)
/// }
/// ```
public final class ZipMemberReader {
    public let name: String
    public let limits: ArchiveLimits
    public private(set) var memberCount = 0

    private let source: any ByteSource
    private let archive: OpaquePointer
    /// What the read callback hands libarchive (it keeps pointing into it between calls).
    private let buffer: UnsafeMutableRawBufferPointer
    /// Where member content is inflated to: never the callback's buffer.
    private let contentBuffer: UnsafeMutableRawBufferPointer
    private var sourceError: VouchError?
    private var opened = false
    private var finished = false
    private var produced: Int64 = 0
    private var currentPath = ""

    public init(source: any ByteSource, name: String, limits: ArchiveLimits = ArchiveLimits()) throws(VouchError) {
        guard let archive = archive_read_new() else {
            throw VouchError(.ioFailure, "libarchive could not allocate a reader", path: name)
        }
        self.source = source
        self.name = name
        self.limits = limits
        self.archive = archive
        self.buffer = .allocate(byteCount: TarReader.bufferSize, alignment: 64)
        self.contentBuffer = .allocate(byteCount: TarReader.bufferSize, alignment: 64)
    }

    deinit {
        archive_read_free(archive)
        buffer.deallocate()
        contentBuffer.deallocate()
    }

    /// One member: its path inside the archive and the size its header declares (-1 when unknown).
    public struct Member: Hashable, Sendable {
        public var path: String
        public var size: Int64
    }

    /// The next file member, or nil at the end of the archive.
    public func next() throws(VouchError) -> Member? {
        if finished { return nil }
        if !opened { try open() }
        while true {
            var entryPointer: OpaquePointer?
            let status = archive_read_next_header(archive, &entryPointer)
            if status == ARCHIVE_EOF {
                finished = true
                return nil
            }
            guard status >= ARCHIVE_WARN, let entryPointer else { throw failure("reading a member header") }
            memberCount += 1
            if memberCount > limits.maxEntries {
                throw VouchError.limitExceeded("maxEntries", limit: Int64(limits.maxEntries), found: Int64(memberCount), path: name, what: "zip member count")
            }
            let pointer = archive_entry_pathname_utf8(entryPointer) ?? archive_entry_pathname(entryPointer)
            let path = pointer.map { String(cString: $0) } ?? ""
            if path.utf8.count > limits.maxPathLength {
                throw VouchError.limitExceeded("maxPathLength", limit: Int64(limits.maxPathLength), found: Int64(path.utf8.count), path: name, what: "zip member name length")
            }
            if UInt32(archive_entry_filetype(entryPointer)) == vouch_AE_IFDIR() || path.hasSuffix("/") { continue }
            currentPath = path
            return Member(path: path, size: archive_entry_size_is_set(entryPointer) != 0 ? archive_entry_size(entryPointer) : -1)
        }
    }

    /// The current member's content; more than `maximum` bytes is an error naming the member and the limit.
    public func readContent(upTo maximum: Int) throws(VouchError) -> [UInt8] {
        guard opened, !finished else { return [] }
        var bytes: [UInt8] = []
        while true {
            let count = archive_read_data(archive, contentBuffer.baseAddress, contentBuffer.count)
            guard count >= 0 else { throw failure("reading member \(currentPath)") }
            if count == 0 { break }
            produced += Int64(count)
            if produced > limits.maxTotalUncompressedBytes {
                throw VouchError.limitExceeded("maxTotalUncompressedBytes", limit: limits.maxTotalUncompressedBytes, found: produced,
                                               path: name, what: "uncompressed size")
            }
            guard bytes.count + count <= maximum else {
                throw VouchError.limitExceeded("maximumMemberBytes", limit: Int64(maximum), found: Int64(bytes.count + count),
                                               path: "\(name)!\(currentPath)", what: "zip member size")
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: contentBuffer[..<count]))
        }
        return bytes
    }

    private func open() throws(VouchError) {
        opened = true
        archive_read_support_format_zip_streamable(archive)
        let context = Unmanaged.passUnretained(self).toOpaque()
        let status = archive_read_open2(archive, context, nil, { _, context, output in
            let reader = Unmanaged<ZipMemberReader>.fromOpaque(context!).takeUnretainedValue()
            return reader.supply(output!)
        }, nil, nil)
        guard status == ARCHIVE_OK else { throw failure("opening the archive") }
    }

    private func supply(_ output: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        output.pointee = UnsafeRawPointer(buffer.baseAddress)
        do {
            return try source.read(into: buffer)
        } catch {
            sourceError = error
            return -1
        }
    }

    private func failure(_ doing: String) -> VouchError {
        finished = true
        if let sourceError { return sourceError.attributed(to: name) }
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
        return VouchError(.malformedInput, "corrupt or truncated zip archive (\(doing)): \(message)", path: name)
    }
}
