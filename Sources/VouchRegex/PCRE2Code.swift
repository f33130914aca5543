#if canImport(Glibc)
import Glibc
#endif
import CPCRE2
import VouchCore

/// Owns one compiled PCRE2 pattern (JIT-compiled when the platform allows); matching it is thread-safe
/// when each thread brings its own ``PCRE2MatchState``.
///
/// `@unchecked Sendable`, the C-handle box exception: the handle is set once in `init`, never mutated
/// or exposed for mutation, and freed only in `deinit`; pcre2api(3) "Multithreading": a compiled pattern
/// (and its JIT code) may be used by several threads at once, only match data must be per thread.
final class PCRE2Code: @unchecked Sendable {
    let handle: OpaquePointer
    /// Number of capture groups.
    let captureCount: Int

    /// Compiles `expression`; `offsetLimit` enables `pcre2_set_offset_limit` for this pattern.
    init(_ expression: String, name: String, offsetLimit: Bool) throws(VouchError) {
        var errorCode: Int32 = 0
        var errorOffset = 0
        let options = offsetLimit ? UInt32(PCRE2_USE_OFFSET_LIMIT) : 0
        let compiled = expression.withCString { text in
            pcre2_compile_8(UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), strlen(text), options, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw VouchError(.malformedInput, "\(name): regex does not compile at offset \(errorOffset): \(PCRE2Code.message(errorCode))")
        }
        handle = compiled
        // Without JIT (e.g. no executable memory) the interpreter still gives the same answers.
        _ = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE))
        var count: UInt32 = 0
        _ = pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
    }

    deinit { pcre2_code_free_8(handle) }

    static func message(_ code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
        return length > 0 ? String(decoding: buffer.prefix(Int(length)), as: UTF8.self) : "error \(code)"
    }
}
