#if canImport(Glibc)
import Glibc
#endif
public import VouchCore
import VouchCrypto

/// Every pattern of a ruleset compiled into one Vectorscan block-mode database, plus a PCRE2 (JIT) copy
/// of each regex that confirms Vectorscan's hits and extracts capture groups.
///
/// Vectorscan reports only where matches *end* (no start-of-match: it was several times slower and
/// rejected patterns); a pattern it cannot take exactly (lookaround, back-references) goes in with
/// `HS_FLAG_PREFILTER`, so its hits are a superset that PCRE2 sorts out. The compiled database is
/// cached on disk keyed by the SHA-256 of the library version and the patterns.
public final class PatternDatabase: Sendable {
    public let patterns: [ScanPattern]
    /// The SHA-256 (hex) of Vectorscan's version, every pattern, its kind and flags: the cache key.
    public let rulesetHash: String
    /// Whether the compiled database came from the cache rather than a fresh compile.
    public let loadedFromCache: Bool
    /// Indices of regex patterns that Vectorscan runs in prefilter mode.
    public let prefilteredPatterns: [Int]

    let vectorscan: VectorscanDatabase
    /// The PCRE2 code of each regex pattern (nil for literals).
    let confirmers: [PCRE2Code?]
    /// The longest match of each regex pattern, or nil when unbounded or prefiltered.
    let maximumWidths: [Int?]
    let maximumCaptureCount: Int

    /// Compiles `patterns`, using and filling the cache in `cacheDirectory` when one is given.
    public init(patterns: [ScanPattern], cacheDirectory: String?) throws(VouchError) {
        guard !patterns.isEmpty else { throw VouchError(.invalidArgument, "no patterns to compile") }
        self.patterns = patterns
        var confirmers: [PCRE2Code?] = []
        for pattern in patterns {
            confirmers.append(pattern.kind == .regex ? try PCRE2Code(pattern.expression, name: pattern.name, offsetLimit: true) : nil)
        }
        self.confirmers = confirmers
        maximumCaptureCount = confirmers.map { $0?.captureCount ?? 0 }.max() ?? 0

        let expressions = patterns.map { $0.kind == .regex ? $0.expression : $0.literalExpression }
        let baseFlags = patterns.map { $0.kind == .regex ? UInt32(0) : VectorscanFlag.caseless | VectorscanFlag.singleMatch }
        var keyText = "vouch-patterns-1\n\(VectorscanDatabase.version)\n"
        for (index, expression) in expressions.enumerated() { keyText += "\(baseFlags[index])\t\(expression)\n" }
        let hash = try DigestHasher.digest(of: Array(keyText.utf8)).hex
        rulesetHash = hash

        let cacheFile = cacheDirectory.map { "\($0)/patterns-\(hash).hsdb" }
        if let cacheFile, let cached = PatternDatabaseCache.load(cacheFile, count: patterns.count) {
            vectorscan = cached.database
            maximumWidths = cached.widths
            prefilteredPatterns = cached.prefiltered
            loadedFromCache = true
            return
        }
        let compiled = try PatternDatabase.compile(patterns, expressions: expressions, baseFlags: baseFlags)
        vectorscan = compiled.database
        maximumWidths = compiled.widths
        prefilteredPatterns = compiled.prefiltered
        loadedFromCache = false
        if let cacheDirectory, let cacheFile {
            PatternDatabaseCache.store(compiled, to: cacheFile, directory: cacheDirectory)
        }
    }

    /// The longest match pattern `index` can have, as Vectorscan computes it; nil when unbounded,
    /// prefiltered (then PCRE2 searches from the previous match) or a literal.
    public func maximumWidth(ofPattern index: Int) -> Int? { maximumWidths[index] }

    struct Compiled {
        var database: VectorscanDatabase
        var widths: [Int?]
        var prefiltered: [Int]
    }

    private static func compile(_ patterns: [ScanPattern], expressions: [String], baseFlags: [UInt32]) throws(VouchError) -> Compiled {
        var flags = baseFlags
        var widths: [Int?] = []
        for (index, pattern) in patterns.enumerated() {
            switch VectorscanDatabase.maximumWidth(of: expressions[index], flags: flags[index]) {
            case .success(let width):
                widths.append(pattern.kind == .regex ? width.map(Int.init) : nil)
            case .failure(let exact):
                guard pattern.kind == .regex else {
                    throw VouchError(.malformedInput, "\(pattern.name): Vectorscan rejects the keyword: \(exact.message)")
                }
                flags[index] |= VectorscanFlag.prefilter
                if case .failure(let failure) = VectorscanDatabase.maximumWidth(of: expressions[index], flags: flags[index]) {
                    throw VouchError(.malformedInput, "\(pattern.name): Vectorscan rejects the regex even as a prefilter: \(failure.message)")
                }
                widths.append(nil)
            }
        }
        // The multi-pattern compile can still reject one expression (e.g. too large); prefilter it and retry.
        while true {
            switch VectorscanDatabase.compile(expressions, flags: flags) {
            case .success(let database):
                let prefiltered = flags.indices.filter { flags[$0] & VectorscanFlag.prefilter != 0 }
                return Compiled(database: database, widths: widths, prefiltered: prefiltered)
            case .failure(let failure):
                guard failure.index >= 0, failure.index < patterns.count, patterns[failure.index].kind == .regex,
                      flags[failure.index] & VectorscanFlag.prefilter == 0 else {
                    let name = failure.index >= 0 && failure.index < patterns.count ? patterns[failure.index].name : "ruleset"
                    throw VouchError(.malformedInput, "\(name): Vectorscan cannot compile the pattern: \(failure.message)")
                }
                flags[failure.index] |= VectorscanFlag.prefilter
                widths[failure.index] = nil
            }
        }
    }
}
