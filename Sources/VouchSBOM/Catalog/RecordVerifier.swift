import Dispatch
import Foundation
public import VouchCore
import VouchCrypto

/// `vouch sbom verify-record`: re-hashes every file each installed distribution's RECORD lists and
/// compares (PyPA "Recording installed projects": sha256, urlsafe base64 without padding), and lists every
/// file in site-packages no RECORD mentions. Tampering is a verdict, not an error.
public struct RecordVerifier: Sendable {
    /// One file that failed a check.
    public struct Finding: Hashable, Sendable, Codable, Comparable {
        public enum Kind: String, Hashable, Sendable, Codable { case modified, missing, unrecorded }
        public var kind: Kind
        public var path: String
        /// The distribution whose RECORD lists it (nil for unrecorded files).
        public var distribution: String?
        public var expected: String?
        public var actual: String?

        public static func < (lhs: Finding, rhs: Finding) -> Bool { (lhs.path, lhs.kind.rawValue) < (rhs.path, rhs.kind.rawValue) }
    }

    /// The verdict over a whole source.
    public struct Report: Hashable, Sendable, Codable, VerdictReport {
        public var source: String
        public var distributions: Int
        public var filesChecked: Int
        public var findings: [Finding]
        public var passed: Bool { findings.isEmpty }

        /// One failure per modified, missing or unrecorded file.
        public var verdict: Verdict {
            Verdict(checksMade: filesChecked, failures: findings.map {
                CheckFailure(subject: $0.path, reason: $0.kind.rawValue, expected: $0.expected, actual: $0.actual)
            })
        }
    }

    public init() {}

    /// Opens SOURCE (a directory or an image, see ``SBOMSourceOpener``) and verifies it.
    public func verify(source: String, tag: String? = nil, platform: Platform? = nil) throws(VouchError) -> Report {
        try verify(try SBOMSourceOpener.open(source, tag: tag, platform: platform, retainingAllFiles: true).resolver)
    }

    public func verify(_ resolver: any FileResolver) throws(VouchError) -> Report {
        var jobs: [(path: String, expected: String, size: Int64?, distribution: String)] = []
        var findings: [Finding] = []
        var recorded: Set<String> = []
        var distributions = 0
        let sitePackages = try SitePackagesLocator().locate(resolver)
        for directory in sitePackages {
            for name in try resolver.list(directory) where name.hasSuffix(".egg-info") {
                // Legacy (setup.py install) distributions have no RECORD; their metadata and the files their
                // installed-files.txt lists cannot be hash-checked, but they are not unrecorded either.
                let eggInfo = TreePath.join(directory, name)
                recorded.insert(eggInfo)
                for file in try resolver.list(eggInfo) { recorded.insert(TreePath.join(eggInfo, file)) }
                if let listing = try? resolver.contents(of: TreePath.join(eggInfo, "installed-files.txt"), maximumBytes: RecordFile.maximumBytes) {
                    for line in String(decoding: listing, as: UTF8.self).split(whereSeparator: \.isNewline) {
                        recorded.insert(RecordPaths.treePath(String(line), sitePackages: eggInfo))
                    }
                }
            }
            for name in try resolver.list(directory) where name.hasSuffix(".dist-info") {
                let recordPath = TreePath.join(directory, "\(name)/RECORD")
                guard try resolver.info(recordPath) != nil else { continue }
                distributions += 1
                let record = try RecordFile(parsing: try resolver.contents(of: recordPath, maximumBytes: RecordFile.maximumBytes), path: recordPath)
                for entry in record.entries {
                    let path = RecordPaths.treePath(entry.path, sitePackages: directory)
                    recorded.insert(path)
                    guard let expected = entry.hexDigest, entry.algorithm == "sha256" else { continue }
                    jobs.append((path, expected, entry.size, name))
                }
            }
        }
        findings += try hash(jobs, resolver: resolver)
        for directory in sitePackages {
            try walk(resolver, directory) { path in
                if !recorded.contains(path), !Self.isBytecodeCache(path) {
                    findings.append(Finding(kind: .unrecorded, path: path, distribution: nil, expected: nil, actual: nil))
                }
            }
        }
        return Report(source: resolver.displayName, distributions: distributions, filesChecked: jobs.count, findings: findings.sorted())
    }

    /// `__pycache__/*.pyc` are written by the interpreter after installation; RECORD cannot list them all.
    static func isBytecodeCache(_ path: String) -> Bool {
        path.hasSuffix(".pyc") && path.contains("/__pycache__/")
    }

    private func walk(_ resolver: any FileResolver, _ directory: String, _ visit: (String) -> Void) throws(VouchError) {
        for entry in try resolver.entries(directory) {
            let path = TreePath.join(directory, entry.name)
            if entry.kind == .directory { try walk(resolver, path, visit) } else { visit(path) }
        }
    }

    /// Hashes on every core: each worker has its own digester and writes only its own result slots. A
    /// file that is not there is a `missing` finding; any other read failure (EACCES, EIO) is an error,
    /// never a finding: the tool could not check that file.
    private func hash(_ jobs: [(path: String, expected: String, size: Int64?, distribution: String)], resolver: any FileResolver) throws(VouchError) -> [Finding] {
        let directoryResolver = resolver as? DirectoryFileResolver
        var hostPaths: [String?] = []
        hostPaths.reserveCapacity(jobs.count)
        for job in jobs { hostPaths.append(try directoryResolver?.hostPath(of: job.path)) }
        var outcomes: [Result<(String, Int64), VouchError>?] = Array(repeating: nil, count: jobs.count)
        if directoryResolver != nil {
            let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
            let paths = hostPaths
            outcomes = ConcurrentMap.map(
                count: paths.count, workers: workers,
                state: { _ in Result { () throws(VouchError) in try FileDigester(algorithm: .sha256) } }
            ) { digester, index in
                guard let host = paths[index] else { return nil }
                return Result { () throws(VouchError) in
                    let digested = try digester.get().digest(path: host)
                    return (digested.digest.hex, digested.size)
                }
            }.map { $0 ?? nil }
        } else {
            for (index, job) in jobs.enumerated() {
                outcomes[index] = Result { () throws(VouchError) in
                    let bytes = try resolver.contents(of: job.path, maximumBytes: Int.max)
                    return (try DigestHasher.digest(of: bytes).hex, Int64(bytes.count))
                }
            }
        }
        var results: [(String, Int64)?] = []
        results.reserveCapacity(jobs.count)
        for outcome in outcomes {
            switch outcome {
            case .success(let result): results.append(result)
            case .failure(let error) where error.code != .fileNotFound: throw error
            case .failure, nil: results.append(nil)
            }
        }
        var findings: [Finding] = []
        for (index, job) in jobs.enumerated() {
            guard let (actual, size) = results[index] else {
                findings.append(Finding(kind: .missing, path: job.path, distribution: job.distribution, expected: "sha256:" + job.expected, actual: nil))
                continue
            }
            if actual != job.expected {
                findings.append(Finding(kind: .modified, path: job.path, distribution: job.distribution, expected: "sha256:" + job.expected, actual: "sha256:" + actual))
            } else if let expectedSize = job.size, expectedSize != size {
                findings.append(Finding(kind: .modified, path: job.path, distribution: job.distribution, expected: "\(expectedSize) bytes", actual: "\(size) bytes"))
            }
        }
        return findings
    }
}
