import Foundation
import Testing
import VouchCore
import VouchTestSupport
import VouchVuln

/// One test per named limit of the vulnerability scanner's readers, named after the limit: each drives
/// input over it and asserts the error names the limit, the value found and the file.
@Suite("vulnerability limits")
struct VulnLimitTests {
    @Test func maximumRecordBytes() {
        let limit = OSVRecord.maximumRecordBytes
        let json = Array(#"{"id":"PYSEC-0","modified":"2024-01-01T00:00:00Z"}"#.utf8)
        let padded = json + [UInt8](repeating: UInt8(ascii: " "), count: limit + 1 - json.count)
        let error = #expect(throws: VouchError.self) { try OSVRecord(json: padded, path: "big.json") }
        #expect(error?.limit?.name == "maximumRecordBytes")
        #expect(error?.limit == VouchError.LimitViolation(name: "maximumRecordBytes", limit: Int64(limit), found: Int64(limit + 1)))
        #expect(error?.path == "big.json")
        #expect(throws: Never.self) { _ = try OSVRecord(json: Array(padded.dropLast()), path: "big.json") }
    }

    /// The document is read whole, so the 64 MiB bound is a parameter with that default; a small one is tested.
    @Test func maximumVEXBytes() throws {
        let directory = try TemporaryDirectory("vex-limit")
        let json = Array(#"{"statements":[]}"#.utf8)
        let path = try directory.write("big.vex.json", json + [UInt8](repeating: UInt8(ascii: " "), count: 1001 - json.count))
        #expect(VEXStatement.maximumVEXBytes == 64 << 20)
        let error = #expect(throws: VouchError.self) { try VEXStatement.read(path: path, maximumVEXBytes: 1000) }
        #expect(error?.limit?.name == "maximumVEXBytes")
        #expect(error?.limit == VouchError.LimitViolation(name: "maximumVEXBytes", limit: 1000, found: 1001))
        #expect(error?.path == path)
        #expect(try VEXStatement.read(path: path, maximumVEXBytes: 1001).isEmpty)
    }
}
