import Testing
import VouchCore
import VouchRegex

/// The scanner's named limit, tested by name: Vectorscan takes a 32-bit length, so a larger buffer is
/// refused before it is touched (the buffer here is never read, so nothing of that size is allocated).
@Suite("regex limits")
struct RegexLimitTests {
    @Test func maxScanBytes() throws {
        let database = try PatternDatabase(patterns: [ScanPattern(name: "x", regex: "x")], cacheDirectory: nil)
        let scanner = try PatternScanner(database: database)
        let count = Int(UInt32.max) + 1
        let huge = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: 0x1000), count: count)
        let error = #expect(throws: VouchError.self) { try scanner.scan(huge) }
        #expect(error?.limit == VouchError.LimitViolation(name: "maxScanBytes", limit: Int64(UInt32.max), found: Int64(count)))
    }
}
