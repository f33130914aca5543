import VouchCore

/// A JSON value with object keys kept in the order written, so documents come out byte-identical and in
/// the order their specs list fields (JSONEncoder sorts or shuffles keys).
indirect enum JSONValue {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Pretty printed with two-space indentation, ending in a newline.
    func serialized() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(into: &out, indent: 0)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    private static func indentation(_ count: Int, into out: inout [UInt8]) {
        for _ in 0..<count { out.append(0x20) }
    }

    private func write(into out: inout [UInt8], indent: Int) {
        switch self {
        case .string(let text): JSONValue.writeString(text, into: &out)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(contentsOf: "[\n".utf8)
            for (index, item) in items.enumerated() {
                JSONValue.indentation(indent + 2, into: &out)
                item.write(into: &out, indent: indent + 2)
                if index + 1 < items.count { out.append(UInt8(ascii: ",")) }
                out.append(0x0A)
            }
            JSONValue.indentation(indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(contentsOf: "{\n".utf8)
            for (index, member) in members.enumerated() {
                JSONValue.indentation(indent + 2, into: &out)
                JSONValue.writeString(member.0, into: &out)
                out.append(contentsOf: ": ".utf8)
                member.1.write(into: &out, indent: indent + 2)
                if index + 1 < members.count { out.append(UInt8(ascii: ",")) }
                out.append(0x0A)
            }
            JSONValue.indentation(indent, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// RFC 8259 section 7 string quoting (``JSONString``).
    static func writeString(_ text: String, into out: inout [UInt8]) {
        JSONString.append(text, to: &out)
    }

    /// The same, appended to a String (tests, small values).
    static func writeString(_ text: String, into out: inout String) {
        out += JSONString.quote(text)
    }
}

/// Building objects with optional members.
struct JSONObjectBuilder {
    var members: [(String, JSONValue)] = []

    mutating func add(_ key: String, _ value: JSONValue) { members.append((key, value)) }
    mutating func add(_ key: String, _ value: String?) { if let value { members.append((key, .string(value))) } }
    mutating func addNonEmpty(_ key: String, _ items: [JSONValue]) { if !items.isEmpty { members.append((key, .array(items))) } }

    var value: JSONValue { .object(members) }
}
