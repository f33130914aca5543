public import Foundation

/// The source of "now" for anything Vouch writes into a document, injected so output is reproducible.
public protocol WallClock: Sendable {
    func now() -> Date
}

/// The system's clock, or `SOURCE_DATE_EPOCH` when that is set (reproducible-builds.org convention).
public struct SystemWallClock: WallClock {
    private let sourceDateEpoch: Date?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        sourceDateEpoch = environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:))
    }

    public func now() -> Date { sourceDateEpoch ?? Date() }
}

/// A clock that always answers the same instant.
public struct FixedWallClock: WallClock {
    public let instant: Date
    public init(_ instant: Date) { self.instant = instant }
    public func now() -> Date { instant }
}
