/// The named limits the JSON reader enforces while it parses untrusted input.
///
/// The size limit is the caller's (a DSSE envelope is bounded by `maxEnvelopeBytes`, an image document by
/// `maxJSONBytes`), so the error names the limit the user can look up; the depth limit is the reader's own.
public struct JSONLimits: Sendable, Hashable {
    /// The largest document accepted, in bytes.
    public var maxBytes: Int
    /// The name reported when ``maxBytes`` is exceeded (the caller's limit).
    public var maxBytesName: String
    /// The deepest nesting of objects and arrays accepted (`[[1]]` is depth 2).
    public var maxJSONDepth: Int

    /// The tape stores byte offsets as 32-bit values: no document can be larger than this.
    public static let maxJSONTapeBytes = Int(UInt32.max) - 1
    /// The default nesting limit: deeper than any SBOM, provenance or image document seen in practice.
    public static let defaultMaxJSONDepth = 256

    public init(maxBytes: Int = JSONLimits.maxJSONTapeBytes, maxBytesName: String = "maxJSONTapeBytes",
                maxJSONDepth: Int = JSONLimits.defaultMaxJSONDepth) {
        self.maxBytes = min(maxBytes, Self.maxJSONTapeBytes)
        self.maxBytesName = maxBytes > Self.maxJSONTapeBytes ? "maxJSONTapeBytes" : maxBytesName
        self.maxJSONDepth = maxJSONDepth
    }
}
