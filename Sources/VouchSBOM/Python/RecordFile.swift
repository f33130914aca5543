public import VouchCore
import VouchCrypto

/// A distribution's `RECORD` (PyPA "Recording installed projects"): CSV rows `path,hash,size`, where hash
/// is `<algorithm>=<urlsafe-base64-nopad digest>`.
public struct RecordFile: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        /// The path as written, relative to the site-packages directory (may start with `../`).
        public var path: String
        public var algorithm: String?
        /// The digest as lowercase hex.
        public var hexDigest: String?
        public var size: Int64?
    }

    public var entries: [Entry]

    /// The largest RECORD read, and the most rows accepted.
    public static let maximumBytes = 64 << 20
    public static let maximumEntries = 1_000_000

    public init(parsing bytes: [UInt8], path: String, maximumEntries: Int = RecordFile.maximumEntries) throws(VouchError) {
        var entries: [Entry] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var index = 0
        func endRow() throws(VouchError) {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            defer { fields.removeAll(keepingCapacity: true) }
            if fields.count == 1, fields[0].isEmpty { return }
            guard entries.count < maximumEntries else {
                throw VouchError.limitExceeded("maximumEntries", limit: Int64(maximumEntries), found: Int64(entries.count + 1),
                                               path: path, what: "RECORD rows")
            }
            var entry = Entry(path: fields[0], algorithm: nil, hexDigest: nil, size: nil)
            if fields.count > 1, let equals = fields[1].firstIndex(of: "=") {
                entry.algorithm = String(fields[1][..<equals])
                entry.hexDigest = Self.hex(fromURLSafeBase64: String(fields[1][fields[1].index(after: equals)...]))
            }
            if fields.count > 2 { entry.size = Int64(fields[2]) }
            entries.append(entry)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") { field.append(byte); index += 1 } else { inQuotes = false }
                } else {
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: "\""), field.isEmpty {
                inQuotes = true
            } else if byte == UInt8(ascii: ",") {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else if byte == 0x0A {
                try endRow()
            } else if byte != 0x0D {
                field.append(byte)
            }
            index += 1
        }
        if !field.isEmpty || !fields.isEmpty { try endRow() }
        self.entries = entries
    }

    /// Lowercase hex of an unpadded URL-safe base64 string (RFC 4648 section 5), or nil if it is not one.
    static func hex(fromURLSafeBase64 text: String) -> String? {
        Base64.decode(text).flatMap { $0.isEmpty ? nil : Hex.encode($0) }
    }
}


