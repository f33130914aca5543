import CVectorscan
public import VouchCore

/// Scans byte buffers against a ``PatternDatabase``; one scanner per thread (it owns the Vectorscan
/// scratch and the PCRE2 match data).
///
/// Confirmation is exact: for each Vectorscan hit ending at `h`, PCRE2 looks for the leftmost match that
/// starts at or after the end of the previous match of that pattern, at or after `h - maxWidth`, and at
/// or before `h` (`pcre2_set_offset_limit`). So the matches reported are exactly those of running PCRE2
/// alone over the buffer, non-overlapping and leftmost-first, while PCRE2 only looks near hits, and never
/// tries one start position twice for the same pattern.
public final class PatternScanner {
    public let database: PatternDatabase
    /// Nil when the database has no regex.
    private let scratch: VectorscanScratch?
    private let matchState: PCRE2MatchState
    private let state: ScanState

    public init(database: PatternDatabase) throws(VouchError) {
        self.database = database
        scratch = try database.vectorscan.map { (vectorscan) throws(VouchError) in try VectorscanScratch(for: vectorscan) }
        matchState = try PCRE2MatchState(maximumCaptureCount: database.maximumCaptureCount)
        state = ScanState(count: database.patterns.count)
    }

    /// Every confirmed match in `bytes`, ordered by pattern then position; matches of a regex whose
    /// required literals are all absent (ignoring ASCII case) are dropped.
    public func scan(_ bytes: UnsafeRawBufferPointer) throws(VouchError) -> [PatternMatch] {
        guard bytes.count > 0, let vectorscan = database.vectorscan, let scratch else { return [] }
        guard bytes.count <= Int(UInt32.max) else {
            throw VouchError.limitExceeded("maxScanBytes", limit: Int64(UInt32.max), found: Int64(bytes.count), path: nil, what: "buffer size")
        }
        state.reset(subject: bytes, database: database, matchState: matchState)
        let context = Unmanaged.passUnretained(state).toOpaque()
        let status = hs_scan(vectorscan.handle, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), UInt32(bytes.count), 0, scratch.handle, { id, _, to, _, context in
            Unmanaged<ScanState>.fromOpaque(context!).takeUnretainedValue().hit(pattern: Int(id), end: Int(to))
            return 0
        }, context)
        guard status == HS_SUCCESS else {
            throw VouchError(.ioFailure, "Vectorscan scan failed with error \(status)")
        }
        return state.finish(database: database)
    }

    /// Scans a byte array (convenience for small inputs and tests).
    public func scan(_ bytes: [UInt8]) throws(VouchError) -> [PatternMatch] {
        var result: Result<[PatternMatch], VouchError> = .success([])
        bytes.withUnsafeBytes { raw in
            do throws(VouchError) { result = .success(try scan(raw)) } catch { result = .failure(error) }
        }
        return try result.get()
    }
}

/// What one scan accumulates; reached from Vectorscan's C callback through an unretained pointer.
///
/// Per-pattern state lives in raw buffers allocated once per scanner: this runs for every file and
/// every hit, where Swift arrays in a class would pay exclusivity checks on each access.
private final class ScanState {
    var subject = UnsafeRawBufferPointer(start: nil, count: 0)
    var database: PatternDatabase?
    var matchState: PCRE2MatchState?
    /// Per pattern: where its last match ended (new matches start there or later).
    let previousEnd: UnsafeMutableBufferPointer<Int>
    /// Per pattern: PCRE2 already tried every start before this offset.
    let searchedThrough: UnsafeMutableBufferPointer<Int>
    /// Per literal pattern, whether it occurs in the subject: 0 not looked for yet, 1 yes, 2 no.
    let literalPresence: UnsafeMutableBufferPointer<UInt8>
    var matches: [PatternMatch] = []

    init(count: Int) {
        previousEnd = .allocate(capacity: count)
        searchedThrough = .allocate(capacity: count)
        literalPresence = .allocate(capacity: count)
        previousEnd.initialize(repeating: 0)
        searchedThrough.initialize(repeating: 0)
        literalPresence.initialize(repeating: 0)
    }

    deinit {
        previousEnd.deallocate()
        searchedThrough.deallocate()
        literalPresence.deallocate()
    }

    func reset(subject: UnsafeRawBufferPointer, database: PatternDatabase, matchState: PCRE2MatchState) {
        self.subject = subject
        self.database = database
        self.matchState = matchState
        previousEnd.update(repeating: 0)
        searchedThrough.update(repeating: 0)
        if !matches.isEmpty { matches.removeAll(keepingCapacity: true) }
    }

    func hit(pattern: Int, end: Int) {
        guard let database, let matchState else { return }
        // Only regexes are in the Vectorscan database.
        guard let code = database.confirmers[pattern] else { return }
        if end <= previousEnd[pattern] && end > 0 { return }
        var start = max(previousEnd[pattern], searchedThrough[pattern])
        if let width = database.maximumWidths[pattern] { start = max(start, end - width) }
        guard start <= end else { return }
        if let found = matchState.firstMatch(code, in: subject, from: start, startLimit: end) {
            matches.append(PatternMatch(pattern: pattern, range: found.range, groups: found.groups))
            previousEnd[pattern] = found.range.isEmpty ? found.range.upperBound + 1 : found.range.upperBound
            searchedThrough[pattern] = found.range.lowerBound + 1
        } else {
            searchedThrough[pattern] = end + 1
        }
    }

    func finish(database: PatternDatabase) -> [PatternMatch] {
        self.database = nil
        self.matchState = nil
        defer { subject = UnsafeRawBufferPointer(start: nil, count: 0) }
        guard !matches.isEmpty else { return [] }
        let kept = matches.filter { match in
            let required = database.patterns[match.pattern].requiredLiterals
            return required.isEmpty || required.contains { literalOccurs($0, database: database) }
        }
        // Reset only what a match made us look at: most scans have no match.
        for match in matches { for literal in database.patterns[match.pattern].requiredLiterals { literalPresence[literal] = 0 } }
        return kept.sorted { ($0.pattern, $0.range.lowerBound) < ($1.pattern, $1.range.lowerBound) }
    }

    /// Whether literal pattern `index` occurs in the subject, ignoring ASCII case; searched once per scan.
    private func literalOccurs(_ index: Int, database: PatternDatabase) -> Bool {
        if literalPresence[index] == 0 {
            literalPresence[index] = ScanState.containsCaseless(subject, database.lowercasedLiterals[index]) ? 1 : 2
        }
        return literalPresence[index] == 1
    }

    /// Whether `needle` (ASCII-lowercased bytes) occurs in `haystack` ignoring ASCII case.
    static func containsCaseless(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        let firstUpper = first >= 0x61 && first <= 0x7A ? first - 0x20 : first
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            let byte = haystack[index]
            if byte == first || byte == firstUpper {
                var offset = 1
                while offset < needle.count, ScanState.lowercased(haystack[index + offset]) == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
}
