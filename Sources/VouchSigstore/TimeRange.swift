import Foundation
public import VouchCore

/// protobuf-specs `common.proto` `TimeRange`: a closed interval, `start` required, `end` absent means open.
/// Both bounds are inclusive, as the sigstore-conformance cases `trust-root-*-validity-end-inclusive` pin.
public struct TimeRange: Sendable, Hashable {
    /// Seconds since the Unix epoch (fractions kept: roots write `23:59:59.999Z`).
    public var start: Double
    public var end: Double?

    public init(start: Double, end: Double? = nil) {
        self.start = start
        self.end = end
    }

    public func contains(_ time: Int64) -> Bool {
        let value = Double(time)
        return value >= start && (end.map { value <= $0 } ?? true)
    }

    /// `2021-01-12T11:53:27Z`, `2022-12-31T23:59:59.999Z` or with an offset (RFC 3339 section 5.6).
    static func parseTimestamp(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == 0x2d, bytes[7] == 0x2d, bytes[10] == 0x54 || bytes[10] == 0x74,
              bytes[13] == 0x3a, bytes[16] == 0x3a,
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == 0x2e {
            index += 1
            var scale = 0.1
            let first = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > first else { return nil }
        }
        var offset = 0
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case 0x5a, 0x7a: index += 1
        case 0x2b, 0x2d:
            guard let hours = number(index + 1..<index + 3), index + 3 < bytes.count, bytes[index + 3] == 0x3a,
                  let minutes = number(index + 4..<index + 6) else { return nil }
            offset = (hours * 3600 + minutes * 60) * (bytes[index] == 0x2b ? 1 : -1)
            index += 6
        default: return nil
        }
        guard index == bytes.count else { return nil }
        // Days from the civil date (H. Hinnant's days_from_civil), so no calendar or locale is involved.
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
    }
}

/// A time for messages: `2024-03-19T17:26:26Z`.
enum TimeText {
    static func format(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
