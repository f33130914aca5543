import Testing
import VouchArchive
import VouchCore
import VouchTestSupport

/// Reads every entry and its content from a fixture archive.
private func readArchive(
    _ name: String,
    limits: ArchiveLimits = ArchiveLimits()
) throws -> (entries: [TarEntry], contents: [String: String], compression: Compression) {
    let path = Fixtures.path("archives/\(name)")
    let reader = try TarReader(source: FileByteSource(path: path), name: path, limits: limits)
    var entries: [TarEntry] = []
    var contents: [String: String] = [:]
    while let entry = try reader.next() {
        entries.append(entry)
        guard entry.type == .regular else { continue }
        // Drain the whole content (so limits see every byte) but keep only a short prefix.
        var prefix: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
        defer { chunk.deallocate() }
        while case let count = try reader.readContent(into: chunk), count > 0 {
            if prefix.count < 256 { prefix.append(contentsOf: chunk.prefix(min(count, 256 - prefix.count))) }
        }
        contents[entry.path] = String(decoding: prefix, as: UTF8.self)
    }
    return (entries, contents, reader.compression)
}

private let plainListing = ["app", "app/main.py", "app/config.toml", "app/current", "app/main-copy.py"]

@Suite("Tar reading")
struct TarReaderTests {
    @Test("reads every compression the same way", arguments: [
        ("plain.tar", Compression.none),
        ("plain.tar.gz", Compression.gzip),
        ("plain.tar.zst", Compression.zstd),
        ("multi-member.tar.gz", Compression.gzip),
    ])
    func readsEveryCompression(name: String, compression: Compression) throws {
        let archive = try readArchive(name)
        #expect(archive.compression == compression)
        #expect(archive.entries.map(\.normalizedPath) == plainListing)
        #expect(archive.contents["app/main.py"] == "print('hello')\n")
        #expect(archive.contents["app/config.toml"] == "[server]\nport = 8080\n")
        #expect(archive.entries.allSatisfy { $0.safetyIssues.isEmpty })
    }

    @Test("reports entry types, link targets, sizes and modes")
    func entryMetadata() throws {
        let entries = try readArchive("plain.tar").entries
        let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0.normalizedPath, $0) })
        #expect(byPath["app"]?.type == .directory)
        #expect(byPath["app"]?.mode == 0o755)
        #expect(byPath["app/main.py"]?.type == .regular)
        #expect(byPath["app/main.py"]?.size == 15)
        #expect(byPath["app/current"]?.type == .symlink)
        #expect(byPath["app/current"]?.linkTarget == "main.py")
        #expect(byPath["app/main-copy.py"]?.type == .hardlink)
        #expect(byPath["app/main-copy.py"]?.linkTarget == "app/main.py")
        #expect(byPath["app/main.py"]?.modificationTime == 1_700_000_000)
    }

    @Test("a tar without its end blocks is read to the last entry")
    func noEndBlocks() throws {
        #expect(try readArchive("no-end-blocks.tar").entries.map(\.normalizedPath) == plainListing)
    }

    @Test("reads a stream the caller decompressed itself")
    func callerDecompressedStream() throws {
        let bytes = try Fixtures.bytes("archives/plain.tar")
        let reader = try TarReader(source: MemoryByteSource(bytes), name: "memory", decompression: .none)
        var paths: [String] = []
        while let entry = try reader.next() { paths.append(entry.normalizedPath) }
        #expect(paths == plainListing)
    }

    @Test("a truncated gzip stream is an error naming the file")
    func truncatedGzip() throws {
        let error = try #require(throws: VouchError.self) { _ = try readArchive("truncated.tar.gz") }
        #expect(error.code == .malformedInput)
        #expect(error.path?.hasSuffix("archives/truncated.tar.gz") == true)
        #expect(error.reason.contains("truncated gzip stream"))
    }

    @Test("a corrupt zstd stream is an error naming the file")
    func corruptZstd() throws {
        let error = try #require(throws: VouchError.self) { _ = try readArchive("corrupt.tar.zst") }
        #expect(error.code == .malformedInput)
        #expect(error.path?.hasSuffix("archives/corrupt.tar.zst") == true)
        #expect(error.reason.contains("zstd"))
    }

    @Test("input that is not a tar archive is an error naming the file")
    func notAnArchive() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("notes.txt", String(repeating: "not a tar archive\n", count: 100))
        let error = try #require(throws: VouchError.self) {
            _ = try TarReader(source: FileByteSource(path: path), name: path).next()
        }
        #expect(error.path == path)
        #expect(error.code == .malformedInput)
    }

    @Test("a missing archive file is fileNotFound naming the path")
    func missingFile() throws {
        let error = try #require(throws: VouchError.self) { _ = try FileByteSource(path: "/no/such/layer.tar") }
        #expect(error.code == .fileNotFound)
        #expect(error.description == "/no/such/layer.tar: no such file")
    }

    @Test("a failing byte source's own error is reported, not libarchive's")
    func sourceErrorsPropagate() throws {
        /// A valid gzip header (so reading gets under way), then a read error.
        final class FailingSource: ByteSource {
            let header = MemoryByteSource([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff])
            func read(into buffer: UnsafeMutableRawBufferPointer) throws(VouchError) -> Int {
                let count = try header.read(into: buffer)
                if count > 0 { return count }
                throw VouchError(.ioFailure, "read failed: disk on fire")
            }
        }
        let error = try #require(throws: VouchError.self) {
            _ = try TarReader(source: FailingSource(), name: "layer.tar.gz").next()
        }
        #expect(error.description == "layer.tar.gz: read failed: disk on fire")
    }
}

@Suite("Archive limits")
struct ArchiveLimitTests {
    @Test("maxEntries stops at the entry past the limit")
    func maxEntries() throws {
        let error = try #require(throws: VouchError.self) { _ = try readArchive("plain.tar", limits: ArchiveLimits(maxEntries: 3)) }
        #expect(error.limit == VouchError.LimitViolation(name: "maxEntries", limit: 3, found: 4))
        #expect(error.reason == "entry count 4 exceeds the limit maxEntries=3")
        #expect(error.path?.hasSuffix("plain.tar") == true)
    }

    @Test("maxTotalUncompressedBytes trips on an entry's declared size before its content is read")
    func maxTotalUncompressedBytes() throws {
        let error = try #require(throws: VouchError.self) {
            _ = try readArchive("zeros.tar.gz", limits: ArchiveLimits(maxTotalUncompressedBytes: 1 << 20)).entries.count
        }
        let limit = try #require(error.limit)
        #expect(limit.name == "maxTotalUncompressedBytes")
        #expect(limit.limit == 1 << 20)
        #expect(limit.found > 32 << 20)
        #expect(error.reason.contains("exceeds the limit maxTotalUncompressedBytes=1048576"))
    }

    @Test("maxCompressionRatio trips on a decompression bomb")
    func maxCompressionRatio() throws {
        let error = try #require(throws: VouchError.self) { _ = try readArchive("zeros.tar.gz").entries.count }
        let limit = try #require(error.limit)
        #expect(limit.name == "maxCompressionRatio")
        #expect(limit.limit == 250)
        #expect(limit.found > 250)
        #expect(error.reason.contains("exceeds the limit maxCompressionRatio=250"))
    }

    @Test("maxCompressionRatio leaves ordinary archives alone")
    func compressionRatioGrace() throws {
        // plain.tar.gz inflates ~40:1, but is far below the grace volume.
        #expect(try readArchive("plain.tar.gz").entries.count == 5)
    }

    @Test("maxPathLength names the limit and the length found")
    func maxPathLength() throws {
        let error = try #require(throws: VouchError.self) { _ = try readArchive("plain.tar", limits: ArchiveLimits(maxPathLength: 8)) }
        #expect(error.limit == VouchError.LimitViolation(name: "maxPathLength", limit: 8, found: 11))
        #expect(error.reason == "path length 11 exceeds the limit maxPathLength=8")
    }
}

@Suite("Unsafe entries")
struct UnsafeEntryTests {
    @Test("traversal, absolute paths, escaping links, devices and setuid are reported, not dropped")
    func unsafeEntriesAreReported() throws {
        let entries = try readArchive("unsafe.tar").entries
        let issues = Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0.safetyIssues) })
        #expect(entries.count == 8)
        #expect(issues["../evil.sh"] == [.parentTraversal])
        #expect(issues["/etc/cron.d/evil"] == [.absolutePath])
        #expect(issues["ok/escape"] == [.linkEscapesRoot(target: "../../etc/shadow")])
        #expect(issues["ok/absolute-link"] == [])
        #expect(issues["ok/hard"] == [.linkEscapesRoot(target: "../outside")])
        #expect(issues["ok/setuid"] == [.setIDBit])
        #expect(issues["ok/tty"] == [.deviceFile])
        let pax = try #require(entries.first { $0.path.hasSuffix("pax-escape") })
        #expect(pax.safetyIssues == [.parentTraversal])
    }

    @Test("a GNU long name that climbs out of the root is reported")
    func gnuLongNameTraversal() throws {
        let entry = try #require(try readArchive("gnu-longname-traversal.tar").entries.first)
        #expect(entry.path.hasSuffix("/gnu-escape"))
        #expect(entry.path.utf8.count > 100)
        #expect(entry.safetyIssues == [.parentTraversal])
    }

    @Test("a symlink that climbs and comes back inside is not an escape")
    func symlinkWithinRoot() {
        #expect(EntrySafetyIssue.issues(path: "a/b/link", type: .symlink, linkTarget: "../../c", mode: 0o777) == [])
        #expect(EntrySafetyIssue.issues(path: "a/b/link", type: .symlink, linkTarget: "../../../c", mode: 0o777)
            == [.linkEscapesRoot(target: "../../../c")])
        #expect(EntrySafetyIssue.issues(path: "./a/link", type: .symlink, linkTarget: "./../x", mode: 0o777) == [])
    }
}

@Suite("The compressed stream is checked to its end")
struct CompressedTrailerTests {
    /// `plain.tar.gz` with its last 8 bytes (CRC-32 and ISIZE, RFC 1952 section 2.3.1) altered.
    private func gzipWithBadTrailer() throws -> [UInt8] {
        var bytes = try Fixtures.bytes("archives/plain.tar.gz")
        bytes[bytes.count - 8] ^= 0xff
        return bytes
    }

    @Test("a wrong CRC is an error even though the tar inside reads to its end")
    func badCRC() throws {
        let reader = try TarReader(source: MemoryByteSource(try gzipWithBadTrailer()), name: "layer.tar.gz")
        let error = try #require(throws: VouchError.self) {
            while try reader.next() != nil {}
        }
        #expect(error.path == "layer.tar.gz")
        #expect(error.reason.contains("CRC-32 or length check failed"))
    }

    @Test("bytes after the last gzip member are trailing garbage")
    func trailingGarbage() throws {
        let bytes = try Fixtures.bytes("archives/plain.tar.gz") + Array("not gzip".utf8)
        let reader = try TarReader(source: MemoryByteSource(bytes), name: "layer.tar.gz")
        let error = try #require(throws: VouchError.self) {
            while try reader.next() != nil {}
        }
        #expect(error.reason.contains("trailing garbage"))
    }

    @Test("a flipped bit anywhere after the gzip header is an error, never a quiet early end")
    func everyFlippedBit() throws {
        // For plain.tar.gz every such flip changes the output (checked with Python's gzip when this test was
        // written); some land in the tar headers, others only show in the CRC after the tar's end.
        let original = try Fixtures.bytes("archives/plain.tar.gz")
        for position in 10..<original.count {
            var bytes = original
            bytes[position] ^= 0x01
            let reader = try TarReader(source: MemoryByteSource(bytes), name: "layer.tar.gz")
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
            defer { chunk.deallocate() }
            #expect(throws: VouchError.self, "flip at byte \(position)") {
                while try reader.next() != nil {
                    while try reader.readContent(into: chunk) > 0 {}
                }
            }
        }
    }
}
