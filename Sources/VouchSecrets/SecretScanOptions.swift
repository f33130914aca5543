public import VouchArchive

/// Knobs of a scan.
public struct SecretScanOptions: Sendable {
    /// Files larger than this are skipped and counted, not read.
    public var maxFileBytes: Int
    /// Threads scanning files in parallel.
    public var threads: Int
    /// Fingerprints to suppress (baseline report plus `.vouchignore`).
    public var suppressedFingerprints: Set<String>
    /// Findings under this confidence are counted, not reported.
    public var minimumConfidence: SecretConfidence = .low
    /// How deep archives inside archives are opened (0: archives are not opened).
    public var maxArchiveDepth = 2
    /// What an archive found in the scan may hold (members, decompressed bytes, ratio, path length).
    public var archiveLimits = ArchiveLimits(maxEntries: 100_000, maxTotalUncompressedBytes: 2 << 30)

    public static let defaultMaxFileBytes = 25 << 20

    public init(maxFileBytes: Int = SecretScanOptions.defaultMaxFileBytes, threads: Int = 0, suppressedFingerprints: Set<String> = []) {
        self.maxFileBytes = maxFileBytes
        self.threads = threads
        self.suppressedFingerprints = suppressedFingerprints
    }
}
