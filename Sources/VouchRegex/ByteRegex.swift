public import VouchCore

/// One PCRE2 regular expression over bytes, for checks made once per candidate finding (allowlist
/// regexes, path patterns): rare enough that a match state per call costs nothing.
public final class ByteRegex: Sendable {
    public let expression: String
    private let code: PCRE2Code

    /// Compiles `expression`; `name` labels the error if it does not compile.
    public init(_ expression: String, name: String) throws(VouchError) {
        self.expression = expression
        code = try PCRE2Code(expression, name: name, offsetLimit: false)
    }

    /// Whether the expression matches anywhere in `bytes`.
    public func matches(_ bytes: some Collection<UInt8>) -> Bool {
        guard let state = try? PCRE2MatchState(maximumCaptureCount: code.captureCount) else { return false }
        let run: (UnsafeRawBufferPointer) -> Bool = { raw in state.firstMatch(self.code, in: raw, from: 0, startLimit: nil) != nil }
        if let answer = bytes.withContiguousStorageIfAvailable({ run(UnsafeRawBufferPointer($0)) }) { return answer }
        return Array(bytes).withUnsafeBytes(run)
    }

    /// Every match in `bytes` as PCRE2 alone finds them: leftmost first, not overlapping, the search
    /// resuming where the previous match ended (one byte further after an empty match). This is the
    /// reference the Vectorscan-then-PCRE2 pipeline of ``PatternScanner`` must agree with.
    public func allMatches(in bytes: [UInt8]) -> [Range<Int>] {
        guard let state = try? PCRE2MatchState(maximumCaptureCount: code.captureCount) else { return [] }
        return bytes.withUnsafeBytes { raw in
            var found: [Range<Int>] = []
            var start = 0
            while start <= raw.count, let match = state.firstMatch(code, in: raw, from: start, startLimit: nil) {
                found.append(match.range)
                start = match.range.isEmpty ? match.range.upperBound + 1 : match.range.upperBound
            }
            return found
        }
    }

    /// Whether the expression matches anywhere in `text`.
    public func matches(_ text: String) -> Bool { matches(Array(text.utf8)) }
}
