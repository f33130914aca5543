/// A qualitative severity (CVSS v3.1 / v4.0 "Qualitative Severity Rating Scale"), plus UNKNOWN for a
/// vulnerability nothing rates.
public enum SeverityLevel: Int, Comparable, Sendable, Hashable, CaseIterable, CustomStringConvertible, Codable {
    case unknown = 0, none, low, medium, high, critical

    public static func < (lhs: SeverityLevel, rhs: SeverityLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Encoded by name (`"HIGH"`), as reports spell it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let level = SeverityLevel(name: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown severity \(name)"))
        }
        self = level
    }

    public var description: String {
        switch self {
        case .unknown: "UNKNOWN"
        case .none: "NONE"
        case .low: "LOW"
        case .medium: "MEDIUM"
        case .high: "HIGH"
        case .critical: "CRITICAL"
        }
    }

    /// `CRITICAL`, `high`, ... (any case); nil for anything else.
    public init?(name: String) {
        guard let level = Self.allCases.first(where: { $0.description == name.uppercased() }) else { return nil }
        self = level
    }

    /// The rating scale: 0.0 NONE, 0.1-3.9 LOW, 4.0-6.9 MEDIUM, 7.0-8.9 HIGH, 9.0-10.0 CRITICAL.
    public init(score: Double) {
        switch score {
        case ..<0.05: self = .none
        case ..<3.95: self = .low
        case ..<6.95: self = .medium
        case ..<8.95: self = .high
        default: self = .critical
        }
    }

    /// A vendor's word for a severity: GHSA's `MODERATE`, Debian's urgencies (`low`, `medium`, `high`,
    /// `unimportant`; `not yet assigned` and `end-of-life` say nothing); nil when it says nothing.
    public init?(vendor text: String) {
        let word = text.lowercased().split(separator: " ").first.map(String.init) ?? ""
        switch word {
        case "critical": self = .critical
        case "high", "important": self = .high
        case "moderate", "medium": self = .medium
        case "low", "unimportant", "negligible": self = .low
        default: return nil
        }
    }
}

/// How a finding's severity was chosen, and from what.
public struct SeverityAssessment: Sendable, Hashable, Codable {
    public enum Rule: String, Sendable, Hashable, Codable {
        /// A record's own rating (`database_specific.severity`, `ecosystem_specific.severity`, Debian urgency).
        case vendor
        /// The highest CVSS base score across the records of the alias group.
        case cvss
        /// Nothing rates it.
        case none
    }

    public var level: SeverityLevel
    public var rule: Rule
    /// The CVSS score, for ``Rule/cvss``.
    public var score: Double?
    /// The vector scored, or the vendor's word.
    public var vector: String?
    /// The record that carried the rating or vector.
    public var source: String?

    public init(level: SeverityLevel, rule: Rule, score: Double? = nil, vector: String? = nil, source: String? = nil) {
        self.level = level
        self.rule = rule
        self.score = score
        self.vector = vector
        self.source = source
    }

    /// The rule in words, for reports: `CVSS 9.8 (CVSS:3.1/...) from PYSEC-...`.
    public var explanation: String {
        switch rule {
        case .vendor: "vendor rating \(vector ?? "") from \(source ?? "?")"
        case .cvss: "CVSS \(score.map { String(format: "%.1f", $0) } ?? "?") \(vector ?? "") from \(source ?? "?")"
        case .none: "no rating and no CVSS vector"
        }
    }

    /// The rating rule over the records of one alias group (and the `affected[]` entries that matched):
    /// a vendor rating where any carries one (the highest), else the highest CVSS v3.x / v4.0 base score
    /// of any vector they carry, else UNKNOWN. Vectors that do not parse are ignored.
    public static func assess(_ group: [(record: OSVRecord, entries: [OSVAffected])]) -> SeverityAssessment {
        var best: SeverityAssessment?
        func vendor(_ text: String?, _ source: String) {
            guard let text, let level = SeverityLevel(vendor: text) else { return }
            if best == nil || level > best!.level { best = SeverityAssessment(level: level, rule: .vendor, vector: text, source: source) }
        }
        for (record, entries) in group {
            vendor(record.vendorSeverity, record.id)
            for entry in entries { vendor(entry.vendorSeverity, record.id) }
        }
        if let best { return best }
        var scored: SeverityAssessment?
        func consider(_ severities: [OSVSeverity], _ source: String) {
            for severity in severities {
                let score: Double?
                switch severity.type {
                case "CVSS_V3": score = CVSS3(severity.score)?.baseScore
                case "CVSS_V4": score = CVSS4(severity.score)?.score
                default: score = nil
                }
                guard let score else { continue }
                if scored == nil || score > scored!.score! {
                    scored = SeverityAssessment(level: SeverityLevel(score: score), rule: .cvss, score: score, vector: severity.score, source: source)
                }
            }
        }
        for (record, entries) in group {
            consider(record.severity, record.id)
            for entry in entries { consider(entry.severity, record.id) }
        }
        return scored ?? SeverityAssessment(level: .unknown, rule: .none)
    }
}
