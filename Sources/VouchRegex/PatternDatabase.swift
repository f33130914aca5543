#if canImport(Glibc)
import Glibc
#endif
public import VouchCore
import VouchCrypto

/// Every regex of a ruleset compiled into one Vectorscan block-mode database, plus a PCRE2 (JIT) copy
/// of each regex that confirms Vectorscan's hits and extracts capture groups.
///
/// Caseless literals (a rule's keywords) are not in the Vectorscan database: they only gate matches, and
/// matches are rare, so the scanner looks for a match's literals in the bytes after the match is
/// confirmed. Short keywords (`key`, `sk`, `ey`) occur in nearly every file; as Vectorscan literals they
/// cost a fifth of its scan time on source trees (issue 17).
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
    /// Whether it was the prebuilt database the caller embedded (see ``distributable(patterns:)``).
    public let loadedFromPrebuilt: Bool
    /// Seconds spent compiling (0 when the database was loaded).
    public let compileSeconds: Double
    /// Why the compiled database could not be written to the cache, when it could not.
    public let cacheWriteFailure: String?
    /// Indices of regex patterns that Vectorscan runs in prefilter mode.
    public let prefilteredPatterns: [Int]

    /// Nil when there is no regex pattern (only literals): nothing to scan for.
    let vectorscan: VectorscanDatabase?
    /// The PCRE2 code of each regex pattern (nil for literals).
    let confirmers: [PCRE2Code?]
    /// Each literal pattern's bytes, ASCII-lowercased (empty for regexes), for the scanner's search.
    let lowercasedLiterals: [[UInt8]]
    /// The longest match of each regex pattern, or nil when unbounded or prefiltered.
    let maximumWidths: [Int?]
    let maximumCaptureCount: Int

    /// Compiles `patterns`, using and filling the cache in `cacheDirectory` when one is given. A
    /// `prebuilt` database (bytes of ``distributable(patterns:)``) is used instead when it was made
    /// from the same patterns and Vectorscan version and this CPU runs it.
    public init(patterns: [ScanPattern], cacheDirectory: String?, prebuilt: UnsafeRawBufferPointer? = nil) throws(VouchError) {
        guard !patterns.isEmpty else { throw VouchError(.invalidArgument, "no patterns to compile") }
        self.patterns = patterns
        var confirmers: [PCRE2Code?] = []
        for pattern in patterns {
            confirmers.append(pattern.kind == .regex ? try PCRE2Code(pattern.expression, name: pattern.name, offsetLimit: true) : nil)
        }
        self.confirmers = confirmers
        lowercasedLiterals = patterns.map { $0.kind == .caselessLiteral ? $0.expression.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 } : [] }
        maximumCaptureCount = confirmers.map { $0?.captureCount ?? 0 }.max() ?? 0

        let expressions = patterns.map { $0.kind == .regex ? $0.expression : $0.literalExpression }
        let baseFlags = patterns.map { $0.kind == .regex ? UInt32(0) : VectorscanFlag.caseless | VectorscanFlag.singleMatch }
        let hash = try PatternDatabase.hash(expressions: expressions, baseFlags: baseFlags)
        rulesetHash = hash

        if let prebuilt, let embedded = PatternDatabase.parsePrebuilt(prebuilt, hash: hash, count: patterns.count, hasRegex: patterns.contains { $0.kind == .regex }) {
            vectorscan = embedded.database
            maximumWidths = embedded.widths
            prefilteredPatterns = embedded.prefiltered
            loadedFromCache = false
            loadedFromPrebuilt = true
            compileSeconds = 0
            cacheWriteFailure = nil
            return
        }
        loadedFromPrebuilt = false
        let cacheFile = cacheDirectory.map { "\($0)/patterns-\(hash).hsdb" }
        if let cacheFile, let cached = PatternDatabaseCache.load(cacheFile, count: patterns.count, hasRegex: patterns.contains { $0.kind == .regex }) {
            vectorscan = cached.database
            maximumWidths = cached.widths
            prefilteredPatterns = cached.prefiltered
            loadedFromCache = true
            compileSeconds = 0
            cacheWriteFailure = nil
            return
        }
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let compiled = try PatternDatabase.compile(patterns, expressions: expressions, baseFlags: baseFlags)
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        compileSeconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
        vectorscan = compiled.database
        maximumWidths = compiled.widths
        prefilteredPatterns = compiled.prefiltered
        loadedFromCache = false
        if let cacheDirectory, let cacheFile {
            cacheWriteFailure = PatternDatabaseCache.store(compiled, to: cacheFile, directory: cacheDirectory).map { "\(cacheDirectory): \($0)" }
        } else {
            cacheWriteFailure = nil
        }
    }

    /// `VOUCHEMB`, the patterns' hash (64 hex digits), then the cache format of a database compiled for
    /// the generic CPU of this architecture: what a build embeds so a first run does not compile.
    public static func distributable(patterns: [ScanPattern]) throws(VouchError) -> [UInt8] {
        let expressions = patterns.map { $0.kind == .regex ? $0.expression : $0.literalExpression }
        let baseFlags = patterns.map { $0.kind == .regex ? UInt32(0) : VectorscanFlag.caseless | VectorscanFlag.singleMatch }
        let compiled = try PatternDatabase.compile(patterns, expressions: expressions, baseFlags: baseFlags, generic: true)
        guard let body = PatternDatabaseCache.serialize(compiled) else {
            throw VouchError(.ioFailure, "Vectorscan could not serialize the database")
        }
        return prebuiltMagic + Array(try hash(expressions: expressions, baseFlags: baseFlags).utf8) + body
    }

    /// The SHA-256 (hex) of Vectorscan's version and every expression with its flags (version 2: literals
    /// are no longer compiled into the database).
    private static func hash(expressions: [String], baseFlags: [UInt32]) throws(VouchError) -> String {
        var keyText = "vouch-patterns-2\n\(VectorscanDatabase.version)\n"
        for (index, expression) in expressions.enumerated() { keyText += "\(baseFlags[index])\t\(expression)\n" }
        return try DigestHasher.digest(of: Array(keyText.utf8)).hex
    }

    static let prebuiltMagic = Array("VOUCHEMB".utf8)

    private static func parsePrebuilt(_ bytes: UnsafeRawBufferPointer, hash: String, count: Int, hasRegex: Bool) -> Compiled? {
        let header = prebuiltMagic.count + 64
        guard bytes.count > header, Array(bytes[0..<prebuiltMagic.count]) == prebuiltMagic,
              Array(bytes[prebuiltMagic.count..<header]) == Array(hash.utf8) else { return nil }
        return PatternDatabaseCache.parse(Array(bytes[header...]), count: count, hasRegex: hasRegex)
    }

    /// The longest match pattern `index` can have, as Vectorscan computes it; nil when unbounded,
    /// prefiltered (then PCRE2 searches from the previous match) or a literal.
    public func maximumWidth(ofPattern index: Int) -> Int? { maximumWidths[index] }

    struct Compiled {
        var database: VectorscanDatabase?
        var widths: [Int?]
        var prefiltered: [Int]
    }

    private static func compile(_ patterns: [ScanPattern], expressions: [String], baseFlags: [UInt32], generic: Bool = false) throws(VouchError) -> Compiled {
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
        // Only the regexes go to Vectorscan, each with its pattern index as id.
        let regexIndices = patterns.indices.filter { patterns[$0].kind == .regex }
        guard !regexIndices.isEmpty else { return Compiled(database: nil, widths: widths, prefiltered: []) }
        // The multi-pattern compile can still reject one expression (e.g. too large); prefilter it and retry.
        while true {
            switch VectorscanDatabase.compile(regexIndices.map { expressions[$0] }, flags: regexIndices.map { flags[$0] }, ids: regexIndices.map { UInt32($0) }, generic: generic) {
            case .success(let database):
                let prefiltered = flags.indices.filter { flags[$0] & VectorscanFlag.prefilter != 0 }
                return Compiled(database: database, widths: widths, prefiltered: prefiltered)
            case .failure(let failure):
                // Vectorscan names the failing expression by its position in the regex list.
                let index = failure.index >= 0 && failure.index < regexIndices.count ? regexIndices[failure.index] : -1
                guard index >= 0, flags[index] & VectorscanFlag.prefilter == 0 else {
                    let name = index >= 0 ? patterns[index].name : "ruleset"
                    throw VouchError(.malformedInput, "\(name): Vectorscan cannot compile the pattern: \(failure.message)")
                }
                flags[index] |= VectorscanFlag.prefilter
                widths[index] = nil
            }
        }
    }
}
