import Foundation
import Testing
import VouchArchive
import VouchCore
import VouchCrypto
import VouchTestSupport

@Suite("ISA-L gzip inflate")
struct IsalGzipInflaterTests {
    static func inflate(_ bytes: [UInt8], limits: ArchiveLimits = ArchiveLimits()) throws(VouchError) -> [UInt8] {
        let inflater = IsalGzipInflater(upstream: MemoryByteSource(bytes), name: "test.gz", limits: limits)
        var output: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try inflater.read(into: buffer)
            if count == 0 { return output }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let result = try CommandRunner.run("/bin/gzip", ["-c", "-n"], stdin: bytes)
        return result.stdoutBytes
    }

    static let payload: [UInt8] = (0..<300_000).map { UInt8(truncatingIfNeeded: ($0 &* 2654435761) >> 13) }

    @Test("inflates what gzip(1) wrote, byte for byte")
    func roundTrip() throws {
        #expect(try Self.inflate(try Self.gzip(Self.payload)) == Self.payload)
    }

    @Test("a multi-member stream yields every member's bytes in order")
    func multiMember() throws {
        let first = Array(Self.payload[..<1000]), second = Array(Self.payload[1000...])
        #expect(try Self.inflate(try Self.gzip(first) + Self.gzip(second)) == Self.payload)
    }

    @Test("a wrong CRC-32 is an error")
    func badCRC() throws {
        var bytes = try Self.gzip(Self.payload)
        bytes[bytes.count - 8] ^= 0xff
        let error = ImageFixtures.error { try Self.inflate(bytes) }
        #expect(error?.reason == "corrupt gzip stream in member 1: CRC-32 or length check failed (the data is corrupt)")
    }

    @Test("bytes after the last member that are not a member are trailing garbage")
    func trailingGarbage() throws {
        let bytes = try Self.gzip(Self.payload)
        let error = ImageFixtures.error { try Self.inflate(bytes + Array("junk".utf8)) }
        #expect(error?.reason == "trailing garbage after gzip member 1 at compressed offset \(bytes.count)")
        let zeros = ImageFixtures.error { try Self.inflate(bytes + [0, 0, 0, 0]) }
        #expect(zeros?.reason == "trailing garbage after gzip member 1 at compressed offset \(bytes.count)")
    }

    @Test("a stream cut short is truncated, and an empty one is no gzip stream")
    func truncated() throws {
        let bytes = try Self.gzip(Self.payload)
        let error = ImageFixtures.error { try Self.inflate(Array(bytes[..<(bytes.count / 2)])) }
        #expect(error?.reason == "truncated gzip stream: input ended inside member 1 after \(bytes.count / 2) bytes")
        #expect(ImageFixtures.error { try Self.inflate([]) }?.reason == "empty gzip stream")
    }

    @Test("a gzip bomb stops at maxTotalUncompressedBytes")
    func totalLimit() throws {
        var limits = ArchiveLimits()
        limits.maxTotalUncompressedBytes = 100_000
        let error = ImageFixtures.error { try Self.inflate(try Self.gzip(Self.payload), limits: limits) }
        #expect(error?.limit?.name == "maxTotalUncompressedBytes")
    }
}
