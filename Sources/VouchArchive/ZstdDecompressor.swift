import CArchive
public import VouchCore

/// Decompresses a zstd stream (RFC 8878) read from another ``ByteSource``, through libarchive's zstd
/// filter and its "raw" format, so a caller can hash the decompressed bytes before they reach a
/// ``TarReader``. Checks the same volume limits as ``IsalGzipInflater``.
public final class ZstdDecompressor: ByteSource {
    public let name: String
    public let limits: ArchiveLimits
    /// Compressed bytes read from the upstream source so far.
    public private(set) var compressedBytes: Int64 = 0
    /// Decompressed bytes produced so far.
    public private(set) var producedBytes: Int64 = 0

    private let upstream: any ByteSource
    private let archive: OpaquePointer
    private let input: UnsafeMutableRawBufferPointer
    private var opened = false
    private var finished = false
    private var upstreamError: VouchError?

    public init(upstream: any ByteSource, name: String, limits: ArchiveLimits = ArchiveLimits()) throws(VouchError) {
        guard let archive = archive_read_new() else {
            throw VouchError(.ioFailure, "libarchive could not allocate a reader", path: name)
        }
        self.upstream = upstream
        self.name = name
        self.limits = limits
        self.archive = archive
        input = .allocate(byteCount: 256 << 10, alignment: 64)
    }

    deinit {
        archive_read_free(archive)
        input.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(VouchError) -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        if !opened { try open() }
        let count = archive_read_data(archive, buffer.baseAddress, buffer.count)
        guard count >= 0 else { throw failure() }
        if count == 0 {
            finished = true
            return 0
        }
        producedBytes += Int64(count)
        try InflateVolume.check(produced: producedBytes, consumed: compressedBytes, limits: limits, name: name)
        return count
    }

    private func open() throws(VouchError) {
        opened = true
        archive_read_support_format_raw(archive)
        archive_read_append_filter(archive, ARCHIVE_FILTER_ZSTD)
        let context = Unmanaged.passUnretained(self).toOpaque()
        let status = archive_read_open2(archive, context, nil, { _, context, output in
            let source = Unmanaged<ZstdDecompressor>.fromOpaque(context!).takeUnretainedValue()
            return source.supply(output!)
        }, nil, nil)
        guard status == ARCHIVE_OK else { throw failure() }
        var entry: OpaquePointer?
        let header = archive_read_next_header(archive, &entry)
        if header == ARCHIVE_EOF {
            finished = true
            return
        }
        guard header >= ARCHIVE_WARN else { throw failure() }
    }

    private func supply(_ output: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        output.pointee = UnsafeRawPointer(input.baseAddress)
        do {
            let count = try upstream.read(into: input)
            compressedBytes += Int64(count)
            return count
        } catch {
            upstreamError = error
            return -1
        }
    }

    private func failure() -> VouchError {
        finished = true
        if let upstreamError { return upstreamError.attributed(to: name) }
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
        return VouchError(.malformedInput, "corrupt zstd stream: \(message)", path: name)
    }
}
