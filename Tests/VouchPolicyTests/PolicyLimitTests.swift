import Foundation
import Testing
import VouchCore
import VouchPolicy
import VouchTestSupport

@Suite("policy limits")
struct PolicyLimitTests {
    @Test func maximumFileSize() throws {
        let directory = try TemporaryDirectory("policy-limit")
        let path = try directory.write("policy.yaml", "version: 1\n" + String(repeating: "#", count: Policy.maximumFileSize))
        let error = #expect(throws: VouchError.self) { try Policy(contentsOf: path) }
        #expect(error?.limit == VouchError.LimitViolation(name: "maximumFileSize", limit: Int64(Policy.maximumFileSize),
                                                         found: Int64(Policy.maximumFileSize + 11)))
        #expect(error?.path == path)
    }
}
