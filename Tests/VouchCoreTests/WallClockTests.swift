import Foundation
import Testing
import VouchCore

/// `SOURCE_DATE_EPOCH` as the system clock validates it.
@Suite("wall clock")
struct WallClockTests {
    /// One second after 9999-12-31T23:59:59Z is refused naming the limit; the limit itself is accepted.
    @Test func maximumSourceDateEpoch() throws {
        let limit = SystemWallClock.maximumSourceDateEpoch
        let error = #expect(throws: VouchError.self) { try SystemWallClock(validating: ["SOURCE_DATE_EPOCH": String(limit + 1)]) }
        #expect(error?.limit?.name == "maximumSourceDateEpoch")
        #expect(error?.limit == VouchError.LimitViolation(name: "maximumSourceDateEpoch", limit: limit, found: limit + 1))
        let clock = try SystemWallClock(validating: ["SOURCE_DATE_EPOCH": String(limit)])
        #expect(clock.now() == Date(timeIntervalSince1970: TimeInterval(limit)))
    }
}
