public import VouchCore

/// What a scan covered and what it skipped, beside its findings.
public struct SecretScanSummary: Hashable, Sendable, Codable, VerdictReport {
    public var filesScanned = 0
    public var bytesScanned: Int64 = 0
    /// Files that look binary (a known binary magic number, or mostly control bytes; see `TextContent`).
    public var binaryFilesSkipped = 0
    /// Files over ``SecretScanOptions/maxFileBytes``.
    public var largeFilesSkipped = 0
    /// Symbolic links met in a tree; never followed, so nothing outside the tree is read.
    public var symlinksSkipped = 0
    /// Commits read in git mode.
    public var commitsScanned = 0
    /// Findings reported.
    public var findings = 0
    /// Findings dropped because their fingerprint is in the baseline or in `.vouchignore`.
    public var suppressed = 0
    /// Findings dropped because their confidence is under ``SecretScanOptions/minimumConfidence``.
    public var belowMinimumConfidence = 0
    /// Files that could not be read, with the reason; the scan goes on without them.
    public var errors: [SkippedInput] = []

    public init() {}

    /// Fails when findings remain (the findings themselves are in the report; this counts them).
    public var verdict: Verdict {
        Verdict(checksMade: filesScanned + commitsScanned, failures: findings > 0 ? [CheckFailure(subject: "secrets", reason: "\(findings) finding(s)")] : [])
    }
}

/// An input that could not be read, and why: the same record `vouch digest` reports.
public typealias SkippedInput = InputFailure
