import VouchCore

/// A registry's error body (distribution-spec v1.1.1, "Error Codes": `{"errors": [{"code", "message",
/// "detail"}]}`) turned into Vouch's error: `UNAUTHORIZED` and `DENIED` are access denied (exit 2 with the
/// registry's message); `MANIFEST_UNKNOWN`, `NAME_UNKNOWN` and `BLOB_UNKNOWN` are "no such image".
struct RegistryErrorResponse: Decodable, Sendable {
    struct Entry: Decodable, Sendable {
        var code: String?
        var message: String?
    }

    var errors: [Entry]?

    static func decode(_ bytes: [UInt8]) -> RegistryErrorResponse? {
        try? JSONValue.decode(RegistryErrorResponse.self, from: bytes, path: "registry error",
                              limits: JSONLimits(maxBytes: bytes.count + 1, maxBytesName: "maxRegistryResponseBytes", maxJSONDepth: 16))
    }

    /// `CODE: message; CODE: message`, or the status line when the body says nothing.
    static func summary(_ bytes: [UInt8], status: UInt) -> (codes: [String], text: String) {
        let entries = decode(bytes)?.errors ?? []
        let codes = entries.compactMap(\.code)
        let text = entries.map { [$0.code, $0.message].compactMap { $0 }.joined(separator: ": ") }.filter { !$0.isEmpty }.joined(separator: "; ")
        if !text.isEmpty { return (codes, text) }
        let plain = String(decoding: bytes.prefix(200), as: UTF8.self).filter { !$0.isNewline }
        return (codes, "HTTP \(status)" + (plain.isEmpty ? "" : ": \(plain)"))
    }

    /// The error for a failed request about `subject` (a reference, for messages).
    static func error(status: UInt, body: [UInt8], subject: String) -> VouchError {
        let (codes, text) = summary(body, status: status)
        if codes.contains(where: { ["MANIFEST_UNKNOWN", "NAME_UNKNOWN", "BLOB_UNKNOWN"].contains($0) }) || (codes.isEmpty && status == 404) {
            return VouchError(.fileNotFound, "no such image: \(subject) (\(text))")
        }
        if codes.contains(where: { ["UNAUTHORIZED", "DENIED"].contains($0) }) || status == 401 || status == 403 {
            return VouchError(.accessDenied, "registry denied access to \(subject): \(text)")
        }
        if status >= 500 || status == 429 {
            return VouchError(.networkFailure, "registry failed for \(subject): \(text)")
        }
        return VouchError(.unsupportedInput, "registry refused the request for \(subject): \(text)")
    }
}
