import Testing
import VouchArchive
import VouchCore
import VouchTestSupport

/// The archive module's named limits not covered by the tar reader's tests (moved here with the ISA-L
/// inflater from the image tests), named after the limit.
@Suite("archive compression limits")
struct CompressionLimitTests {
    @Test func maxCompressionRatio() throws {
        var limits = ArchiveLimits()
        limits.maxCompressionRatio = 10
        limits.compressionRatioGraceBytes = 0
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        let error = ImageFixtures.error { try IsalGzipInflaterTests.inflate(try IsalGzipInflaterTests.gzip(zeros), limits: limits) }
        #expect(error?.limit?.name == "maxCompressionRatio")
        #expect((error?.limit?.found ?? 0) > 10)
    }
}
