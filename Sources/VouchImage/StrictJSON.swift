public import VouchCore

/// The strict JSON check image documents used before they were decoded; kept as a thin forwarder to the
/// one JSON reader, ``VouchCore/JSONValue``, which refuses duplicate keys (compared after unescaping),
/// invalid UTF-8 and lone surrogates, and enforces the depth limit while parsing.
public enum StrictJSON {
    /// Throws a ``VouchError`` naming `name`, the JSON path and the byte offset of the first problem;
    /// nesting deeper than `maxDepth` names the limit `maxJSONDepth`.
    public static func validate(_ bytes: [UInt8], name: String, maxDepth: Int) throws(VouchError) {
        _ = try JSONValue(parsing: bytes, path: name, limits: JSONLimits(maxJSONDepth: maxDepth))
    }
}
