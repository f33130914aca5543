public import VouchCore
import VouchSBOM

/// Reading records from OSV JSON through the one JSON reader (``VouchSBOM/JSONNode``).
extension OSVRecord {
    /// The largest record accepted (the largest in the osv.dev PyPI export is under 1 MB).
    public static let maximumRecordBytes = 8 << 20

    /// Parses one OSV record from `bytes`, the file or archive member `path` (named in errors).
    ///
    /// A record is refused (thrown) only when it is not an object or has no string `id` and `modified`;
    /// malformed parts inside it (an event that is not an object, an unknown event kind) are kept in a
    /// form the matcher reports as an unusable range rather than dropped silently.
    public init(json bytes: [UInt8], path: String) throws(VouchError) {
        guard bytes.count <= Self.maximumRecordBytes else {
            throw VouchError.limitExceeded("maximumRecordBytes", limit: Int64(Self.maximumRecordBytes), found: Int64(bytes.count),
                                           path: path, what: "OSV record size")
        }
        let root = try JSONNode(parsing: bytes, path: path)
        try self.init(node: root, path: path)
    }

    init(node root: JSONNode, path: String) throws(VouchError) {
        guard root.kind == .object else { throw VouchError(.malformedInput, "an OSV record must be a JSON object", path: path) }
        guard let id = root["id"]?.string, !id.isEmpty else { throw VouchError(.malformedInput, "the OSV record has no string \"id\"", path: path) }
        guard let modified = root["modified"]?.string else {
            throw VouchError(.malformedInput, "OSV record \(id) has no string \"modified\"", path: path)
        }
        self.init(id: id, modified: modified)
        published = root["published"]?.string
        withdrawn = root["withdrawn"]?.string
        aliases = Self.strings(root["aliases"])
        upstream = Self.strings(root["upstream"])
        summary = root["summary"]?.string
        details = root["details"]?.string
        severity = Self.severities(root["severity"])
        vendorSeverity = root["database_specific"]?["severity"]?.string
        references = (root["references"]?.array ?? []).compactMap { reference in
            guard let type = reference["type"]?.string, type == "ADVISORY" || type == "WEB" else { return nil }
            return reference["url"]?.string
        }
        affected = (root["affected"]?.array ?? []).map(Self.affected)
    }

    private static func strings(_ node: JSONNode?) -> [String] {
        (node?.array ?? []).compactMap(\.string)
    }

    private static func severities(_ node: JSONNode?) -> [OSVSeverity] {
        (node?.array ?? []).compactMap { item in
            guard let type = item["type"]?.string, let score = item["score"]?.string else { return nil }
            return OSVSeverity(type: type, score: score)
        }
    }

    private static func affected(_ node: JSONNode) -> OSVAffected {
        let package = node["package"]
        var entry = OSVAffected(ecosystem: package?["ecosystem"]?.string, name: package?["name"]?.string, purl: package?["purl"]?.string)
        entry.versions = strings(node["versions"])
        entry.severity = severities(node["severity"])
        entry.vendorSeverity = node["ecosystem_specific"]?["severity"]?.string ?? node["database_specific"]?["severity"]?.string
            ?? node["ecosystem_specific"]?["urgency"]?.string
        entry.ranges = (node["ranges"]?.array ?? []).map { range in
            var events: [OSVEvent] = []
            for event in range["events"]?.array ?? [] {
                let kinds = OSVEvent.Kind.allCases.compactMap { kind in event[kind.rawValue]?.string.map { OSVEvent(kind, $0) } }
                // An event without exactly one known kind is kept as an empty limit, which no version
                // parses as, so the range is reported unusable instead of silently widening or narrowing.
                events.append(kinds.count == 1 ? kinds[0] : OSVEvent(.limit, ""))
            }
            return OSVRange(type: range["type"]?.string ?? "", events: events)
        }
        return entry
    }
}
