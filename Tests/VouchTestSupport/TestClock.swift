import Foundation
public import VouchCore

extension FixedWallClock {
    /// 2026-01-02T03:04:05Z, the instant every golden file is written at.
    public static let goldenInstant = FixedWallClock(Date(timeIntervalSince1970: 1_767_323_045))
}
