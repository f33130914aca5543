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
        public enum Kind: String, Hashable, Sendable, Codable {
            case modified, missing, unrecorded
            /// A console script whose only difference is its `#!` line (``ScriptRelocation``): not tampering.
            case relocated
        }
        public var kind: Kind
        public var path: String
        /// The distribution whose RECORD lists it (nil for unrecorded files).
        public var distribution: String?
        public var expected: String?
        public var actual: String?
        /// Why a `relocated` file is not tampering.
        public var explanation: String?

        public static func < (lhs: Finding, rhs: Finding) -> Bool { (lhs.path, lhs.kind.rawValue) < (rhs.path, rhs.kind.rawValue) }
    }

    /// The verdict over a whole source.
    public struct Report: Hashable, Sendable, Codable, VerdictReport {
        public var source: String
        public var distributions: Int
        public var filesChecked: Int
        public var findings: [Finding]
        /// True when `relocated` findings fail the verdict too (`--strict`).
        public var strict = false
        public var passed: Bool { verdict.passed }

        /// One failure per modified, missing or unrecorded file (and per relocated script under `--strict`).
        public var verdict: Verdict {
            Verdict(checksMade: filesChecked, failures: findings.filter { $0.kind != .relocated || strict }.map {
                CheckFailure(subject: $0.path, reason: $0.kind.rawValue, expected: $0.expected, actual: $0.actual)
            })
        }

        /// What decoding reads back; `strict` is how the report was judged, not part of the document.
        private enum CodingKeys: String, CodingKey { case source, distributions, filesChecked, findings }
        private enum JSONKeys: String, CodingKey { case source, distributions, filesChecked, findings, passed }

        /// The JSON report (Schemas/verify-record.schema.json) carries the verdict as `passed`, as every
        /// Vouch report does.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: JSONKeys.self)
            try container.encode(source, forKey: .source)
            try container.encode(passed, forKey: .passed)
            try container.encode(distributions, forKey: .distributions)
            try container.encode(filesChecked, forKey: .filesChecked)
            try container.encode(findings, forKey: .findings)
        }
    }

    /// With `strict`, a relocated console script fails the verdict like a modified file.
    public var strict: Bool

    public init(strict: Bool = false) { self.strict = strict }

    /// Opens SOURCE (a directory or an image, see ``SBOMSourceOpener``) and verifies it.
    public func verify(source: String, tag: String? = nil, platform: Platform? = nil) throws(VouchError) -> Report {
        try verify(try SBOMSourceOpener.open(source, tag: tag, platform: platform, retainingAllFiles: true).resolver)
    }

    public func verify(_ resolver: any FileResolver) throws(VouchError) -> Report {
        var jobs: [Job] = []
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
                    jobs.append(Job(path: path, expected: expected, size: entry.size, distribution: name, distInfo: TreePath.join(directory, name)))
                }
            }
        }
        // Zero distributions checked is not "OK": it means the wrong directory was given.
        guard distributions > 0 else {
            let looked = sitePackages.isEmpty
                ? "no site-packages directory (lib/pythonX.Y/site-packages, or a directory holding *.dist-info) was found"
                : "looked in \(sitePackages.map { TreePath.join(resolver.displayName, $0) }.joined(separator: ", "))"
            throw VouchError(.unsupportedInput, "found no installed distribution with a RECORD (*.dist-info/RECORD) to verify: \(looked)",
                             path: resolver.displayName)
        }
        findings += try hash(jobs, resolver: resolver)
        for directory in sitePackages {
            try walk(resolver, directory) { path in
                if !recorded.contains(path), !Self.isBytecodeCache(path) {
                    findings.append(Finding(kind: .unrecorded, path: path, distribution: nil, expected: nil, actual: nil))
                }
            }
        }
        return Report(source: resolver.displayName, distributions: distributions, filesChecked: jobs.count, findings: findings.sorted(), strict: strict)
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
    struct Job {
        var path: String, expected: String, size: Int64?, distribution: String, distInfo: String
    }

    private func hash(_ jobs: [Job], resolver: any FileResolver) throws(VouchError) -> [Finding] {
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
            if actual != job.expected, let explanation = try relocation(job, resolver: resolver) {
                findings.append(Finding(kind: .relocated, path: job.path, distribution: job.distribution, explanation: explanation))
            } else if actual != job.expected {
                findings.append(Finding(kind: .modified, path: job.path, distribution: job.distribution, expected: "sha256:" + job.expected, actual: "sha256:" + actual))
            } else if let expectedSize = job.size, expectedSize != size {
                findings.append(Finding(kind: .modified, path: job.path, distribution: job.distribution, expected: "\(expectedSize) bytes", actual: "\(size) bytes"))
            }
        }
        return findings
    }

    /// The explanation if the mismatching `job` is a console script moved with its environment.
    private func relocation(_ job: Job, resolver: any FileResolver) throws(VouchError) -> String? {
        let name = TreePath.components(job.path).last ?? ""
        guard let info = try resolver.info(job.path), info.kind == .regular, info.size < 1 << 16,
              let entryText = try? resolver.contents(of: TreePath.join(job.distInfo, "entry_points.txt"), maximumBytes: RecordFile.maximumBytes),
              let bytes = try? resolver.contents(of: job.path, maximumBytes: 1 << 16) else { return nil }
        let treeDirectory = String(job.path[..<(job.path.lastIndex(of: "/") ?? job.path.startIndex)])
        var directory = treeDirectory
        if let directoryResolver = resolver as? DirectoryFileResolver {
            // On a host directory the interpreter path is a host path: where the environment is now.
            guard let host = try directoryResolver.hostPath(of: treeDirectory.isEmpty ? "/" : treeDirectory) else { return nil }
            directory = host.hasPrefix("/") ? host : FileManager.default.currentDirectoryPath + "/" + host
        }
        return ScriptRelocation.explain(bytes, name: name, scriptDirectory: directory, recordedSize: job.size,
                                        entryPoints: ScriptRelocation.entryPoints(String(decoding: entryText, as: UTF8.self)))
    }
}
