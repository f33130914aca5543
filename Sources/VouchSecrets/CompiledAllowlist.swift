#if canImport(Glibc)
import Glibc
#endif
import VouchCore
import VouchRegex

/// A ``SecretAllowlist`` with its regexes compiled (PCRE2), ready to judge candidate findings.
struct CompiledAllowlist: Sendable {
    let source: SecretAllowlist
    let paths: [ByteRegex]
    let regexes: [ByteRegex]
    let stopwords: [String]
    let commits: Set<String>

    init(_ allowlist: SecretAllowlist, owner: String) throws(VouchError) {
        source = allowlist
        var paths: [ByteRegex] = []
        for pattern in allowlist.paths { paths.append(try ByteRegex(pattern, name: "\(owner): allowlist path")) }
        var regexes: [ByteRegex] = []
        for pattern in allowlist.regexes { regexes.append(try ByteRegex(pattern, name: "\(owner): allowlist regex")) }
        self.paths = paths
        self.regexes = regexes
        stopwords = allowlist.stopwords.map { $0.lowercased() }
        commits = Set(allowlist.commits.map { $0.lowercased() })
    }

    /// Whether this allowlist lets the candidate through unreported.
    func allows(_ candidate: Candidate) -> Bool {
        var results: [Bool] = []
        if !commits.isEmpty { results.append(candidate.commit.map { commits.contains($0.lowercased()) } ?? false) }
        if !paths.isEmpty || !source.pathGlobs.isEmpty {
            results.append(paths.contains { $0.matches(candidate.path) } || source.pathGlobs.contains { CompiledAllowlist.glob($0, matches: candidate.path) })
        }
        if !regexes.isEmpty {
            let target: String
            switch source.regexTarget {
            case .secret: target = candidate.secret
            case .match: target = candidate.match
            case .line: target = candidate.line
            }
            results.append(regexes.contains { $0.matches(target) })
        }
        if !stopwords.isEmpty {
            let secret = candidate.secret.lowercased()
            results.append(stopwords.contains { secret.contains($0) })
        }
        guard !results.isEmpty else { return false }
        return source.condition == .and ? results.allSatisfy { $0 } : results.contains(true)
    }

    /// Shell-style glob (`fnmatch(3)` without `FNM_PATHNAME`, so `*` also matches `/`), tried on the
    /// whole path and on the path without a leading `./`.
    static func glob(_ pattern: String, matches path: String) -> Bool {
        if fnmatch(pattern, path, 0) == 0 { return true }
        if path.hasPrefix("./") { return fnmatch(pattern, String(path.dropFirst(2)), 0) == 0 }
        return false
    }

    /// What an allowlist looks at.
    struct Candidate {
        var path: String
        var secret: String
        var match: String
        var line: String
        var commit: String?
    }
}
