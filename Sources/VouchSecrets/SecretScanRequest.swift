import Foundation
public import VouchCore
import VouchImage
import VouchFiles

/// Everything `vouch secrets scan` asks for, as one value the CLI fills from its flags.
public struct SecretScanRequest: Sendable {
    /// Files, directories, or `-` for standard input; in git mode, the repository (default `.`).
    public var paths: [String]
    public var git = false
    /// `IMAGE[:tag]`: an image (OCI layout directory, oci-archive or docker-save tar) whose layers are
    /// scanned; the tag picks one when the container holds several.
    public var image: String?
    /// The tag picking one image of a container holding several (as `IMAGE:TAG`).
    public var imageTag: String?
    /// Replaces the default `--full-history --all` of `git log`.
    public var logOptions: [String] = []
    public var configPath: String?
    /// A previous JSON report whose findings are not reported again.
    public var baselinePath: String?
    public var format: SecretReportFormat = .text
    /// Where the report goes; nil is standard output.
    public var reportPath: String?
    public var redact = true
    public var colour = false
    public var options = SecretScanOptions()
    public var cacheDirectory: String? = SecretDetector.defaultCacheDirectory
    /// Told when the rules had to be compiled (not embedded, not cached) and when the compiled rules
    /// could not be cached; the CLI turns these into a notice and a warning on standard error.
    public var notice: (@Sendable (ScanNotice) -> Void)?

    public init(paths: [String]) { self.paths = paths }

    /// Runs the scan and writes the report; returns the summary (its `findings` count decides the exit
    /// status). Throws when the scan could not run: a missing input, a bad config or baseline, an
    /// unwritable report. A report file is only created when the scan completes.
    public func run() throws(VouchError) -> SecretScanSummary {
        let ruleset = try SecretRuleset.load(configPath: configPath)
        var options = self.options
        if let baselinePath { options.suppressedFingerprints.formUnion(try SecretScanRequest.baselineFingerprints(baselinePath)) }
        let roots = git ? (paths.isEmpty ? ["."] : paths) : paths
        // `.vouchignore` at each scanned directory, and in git mode at the repository's top level (whose
        // paths the fingerprints are relative to).
        var ignoreFiles = Set(roots.filter(SecretScanRequest.isDirectory).map { $0 + "/.vouchignore" })
        if git { for root in roots { if let top = GitHistorySource.topLevel(of: root) { ignoreFiles.insert(top + "/.vouchignore") } } }
        for path in ignoreFiles.sorted() {
            options.suppressedFingerprints.formUnion(try SecretScanRequest.ignoredFingerprints(path))
        }
        let detector: SecretDetector
        do { detector = try SecretDetector(ruleset: ruleset, cacheDirectory: cacheDirectory) } catch {
            throw configPath.map { error.attributed(to: $0) } ?? error
        }
        if detector.database.compileSeconds > 0 {
            notice?(.compiled(patterns: detector.database.patterns.count, seconds: detector.database.compileSeconds, cacheDirectory: cacheDirectory))
        }
        if let failure = detector.database.cacheWriteFailure { notice?(.cacheNotWritten(failure)) }
        let output = try reportPath.map { (path) throws(VouchError) in try OutputFile(path: path) } ?? OutputFile.standardOutput()
        let writer = format.writer(output: output, rules: ruleset.rules, colour: colour && reportPath == nil && output.isTerminal)
        let scan = SecretScan(detector: detector, options: options)
        do {
            try writer.begin()
            let redact = self.redact
            let sink: (SecretFinding) throws(VouchError) -> Void = { (finding) throws(VouchError) in try writer.write(redact ? finding.redacted() : finding) }
            var summary = SecretScanSummary()
            if let image {
                let reference = ImageReference(argument: image, tag: imageTag) { FileManager.default.fileExists(atPath: $0) }
                summary = try scan.scanImage(reference, sink: sink)
            } else if git {
                for repository in roots {
                    let part = try scan.scanGit(repository: repository, logOptions: logOptions, sink: sink)
                    summary.merge(part)
                }
            } else {
                summary = try scan.scan(paths: paths, sink: sink)
            }
            try writer.finish(summary)
            return summary
        } catch {
            output.abandon()
            throw error
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// The fingerprints of a previous `--format json` report.
    public static func baselineFingerprints(_ path: String) throws(VouchError) -> Set<String> {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw VouchError(.unsupportedInput, "is a directory, not a baseline report", path: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VouchError(.fileNotFound, "cannot read the baseline report", path: path)
        }
        // The strict JSON reader: a repeated key or a finding of the wrong shape is an error naming its JSON
        // path (`$.findings[3].fingerprint`), not a silently shorter baseline.
        let report = try JSONValue(parsing: [UInt8](data), path: path)
        guard report.kind == .object, let findings = report["findings"], findings.kind == .array else {
            throw VouchError(.malformedInput, "not a vouch JSON report (expected an object with a 'findings' array)", path: path)
        }
        var result = Set<String>()
        for finding in try findings.arrayValue() {
            result.insert(try finding.string("fingerprint"))
        }
        return result
    }

    /// The fingerprints listed in a `.vouchignore` (one per line, `#` comments); none if it is absent.
    static func ignoredFingerprints(_ path: String) throws(VouchError) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var result = Set<String>()
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let entry = line.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty || entry.hasPrefix("#") { continue }
            result.insert(entry)
        }
        return result
    }
}

/// What a scan request says beside its report.
public enum ScanNotice: Sendable, Equatable {
    /// The rules were compiled at run time (a custom config, or a CPU the embedded database does not suit).
    case compiled(patterns: Int, seconds: Double, cacheDirectory: String?)
    /// The compiled rules could not be written to the cache directory (the reason names it).
    case cacheNotWritten(String)
}

extension SecretScanSummary {
    mutating func merge(_ other: SecretScanSummary) {
        filesScanned += other.filesScanned
        bytesScanned += other.bytesScanned
        binaryFilesSkipped += other.binaryFilesSkipped
        largeFilesSkipped += other.largeFilesSkipped
        symlinksSkipped += other.symlinksSkipped
        commitsScanned += other.commitsScanned
        findings += other.findings
        suppressed += other.suppressed
        belowMinimumConfidence += other.belowMinimumConfidence
        errors += other.errors
    }
}

extension SecretRuleset {
    /// The built-in rules, or what the config at `configPath` resolves to.
    public static func load(configPath: String?) throws(VouchError) -> SecretRuleset {
        guard let configPath else { return .builtin }
        let directory = (configPath as NSString).deletingLastPathComponent
        do {
            return try SecretConfig.load(path: configPath).resolve(baseDirectory: directory.isEmpty ? "." : directory)
        } catch { throw error.attributed(to: configPath) }
    }
}
