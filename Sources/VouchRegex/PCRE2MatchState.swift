import CPCRE2
import VouchCore

/// Per-thread PCRE2 state: match data sized for the widest pattern, a match context, and a JIT stack
/// made only when a match needs more than PCRE2's default 32 KiB (so a state made per check, as
/// ``ByteRegex`` does for each path, costs no mmap).
final class PCRE2MatchState {
    let matchData: OpaquePointer
    let context: OpaquePointer
    private var jitStack: OpaquePointer?

    init(maximumCaptureCount: Int) throws(VouchError) {
        guard let matchData = pcre2_match_data_create_8(UInt32(maximumCaptureCount + 1), nil),
              let context = pcre2_match_context_create_8(nil) else {
            throw VouchError(.ioFailure, "could not allocate PCRE2 match data")
        }
        self.matchData = matchData
        self.context = context
    }

    /// The default 32 KiB JIT stack is too small for long alternations: 1 MiB at most per thread, made
    /// when a match first runs out.
    private func growStack() -> Bool {
        guard jitStack == nil, let stack = pcre2_jit_stack_create_8(32 * 1024, 1024 * 1024, nil) else { return false }
        jitStack = stack
        pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(stack))
        return true
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// The first match of `code` in `subject` starting at or after `start` (and, when `startLimit` is
    /// given, starting at or before it), as whole-match range plus groups; nil when there is none.
    func firstMatch(
        _ code: PCRE2Code,
        in subject: UnsafeRawBufferPointer,
        from start: Int,
        startLimit: Int?
    ) -> (range: Range<Int>, groups: [Range<Int>?])? {
        if let startLimit { pcre2_set_offset_limit_8(context, startLimit) } else { pcre2_set_offset_limit_8(context, vouch_pcre2_unset()) }
        let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(bitPattern: 1)!
        var status = pcre2_match_8(code.handle, base, subject.count, start, 0, matchData, context)
        if status == PCRE2_ERROR_JIT_STACKLIMIT && growStack() {
            status = pcre2_match_8(code.handle, base, subject.count, start, 0, matchData, context)
        }
        guard status > 0 else { return nil }
        let vector = pcre2_get_ovector_pointer_8(matchData)!
        let unset = vouch_pcre2_unset()
        let whole = vector[0]..<max(vector[0], vector[1])
        var groups: [Range<Int>?] = []
        groups.reserveCapacity(code.captureCount)
        for group in 0..<code.captureCount {
            let lower = vector[2 * (group + 1)], upper = vector[2 * (group + 1) + 1]
            if group + 1 < Int(status), lower != unset, upper != unset, lower <= upper {
                groups.append(lower..<upper)
            } else {
                groups.append(nil)
            }
        }
        return (whole, groups)
    }
}
