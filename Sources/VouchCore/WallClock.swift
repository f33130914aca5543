public import Foundation

/// The source of "now" for anything Vouch writes into a document, injected so output is reproducible.
public protocol WallClock: Sendable {
    func now() -> Date
}

/// The system's clock, or `SOURCE_DATE_EPOCH` when that is set (reproducible-builds.org convention).
public struct SystemWallClock: WallClock {
    private let sourceDateEpoch: Date?

    /// The latest `SOURCE_DATE_EPOCH` accepted: 9999-12-31T23:59:59Z, the last instant an RFC 3339 timestamp
    /// (four-digit year) can write.
    public static let maximumSourceDateEpoch: Int64 = 253_402_300_799

    /// Ignores a `SOURCE_DATE_EPOCH` that ``init(validating:)`` would refuse; the CLI uses that one.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        sourceDateEpoch = try? Self.sourceDateEpoch(environment)
    }

    /// The same clock, refusing a `SOURCE_DATE_EPOCH` that is not what the specification says: "an ASCII
    /// representation of an integer with no fractional component, identical to the output format of
    /// `date +%s`" (reproducible-builds.org/specs/source-date-epoch), here at most
    /// ``maximumSourceDateEpoch``.
    public init(validating environment: [String: String]) throws(VouchError) {
        sourceDateEpoch = try Self.sourceDateEpoch(environment)
    }

    private static func sourceDateEpoch(_ environment: [String: String]) throws(VouchError) -> Date? {
        guard let text = environment["SOURCE_DATE_EPOCH"] else { return nil }
        guard !text.isEmpty, text.utf8.count <= 19, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let seconds = Int64(text)
        else {
            throw VouchError(.invalidArgument, "SOURCE_DATE_EPOCH '\(text)' is not a whole number of seconds since 1970-01-01 (the format of date +%s)")
        }
        guard seconds <= maximumSourceDateEpoch else {
            throw VouchError.limitExceeded("maximumSourceDateEpoch", limit: maximumSourceDateEpoch, found: seconds, path: nil,
                                           what: "SOURCE_DATE_EPOCH (after the year 9999)")
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    public func now() -> Date { sourceDateEpoch ?? Date() }
}

/// A clock that always answers the same instant.
public struct FixedWallClock: WallClock {
    public let instant: Date
    public init(_ instant: Date) { self.instant = instant }
    public func now() -> Date { instant }
}
