import VouchCore

/// The strict JSON reader (``JSONValue``), the one reader of untrusted JSON.
enum JSONTargets {
    static let depthLimit = 24

    /// Parse, write back, parse again: the second document is the first one (same kinds, member names and
    /// order, string texts, number texts), and writing it again gives the same bytes. The depth limit holds.
    static let json = FuzzTarget(name: "json", dictionary: "json") { bytes in
        let limits = JSONLimits(maxBytes: 1 << 20, maxBytesName: "maxFuzzBytes", maxJSONDepth: depthLimit)
        let value: JSONValue
        do throws(VouchError) {
            value = try JSONValue(parsing: bytes, path: "fuzz.json", limits: limits)
        } catch {
            requireWellFormed(error, file: "fuzz.json")
            return
        }
        require(depth(value) <= depthLimit, "a document nested \(depth(value)) deep past maxJSONDepth=\(depthLimit)")
        let written = write(value)
        let reparsed: JSONValue
        do throws(VouchError) {
            reparsed = try JSONValue(parsing: written, path: "written.json", limits: limits)
        } catch {
            require(false, "the written form of an accepted document is refused: \(error)\n\(text(written))")
            return
        }
        let rewritten = write(reparsed)
        require(rewritten == written, "parse-write-parse changed the document:\n\(text(written))\n\(text(rewritten))")
    }

    /// The document in a canonical form: no whitespace, members in document order, strings re-escaped from
    /// their decoded text, numbers as written.
    static func write(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value.kind {
        case .object:
            out.append(UInt8(ascii: "{"))
            for (index, member) in (value.members ?? []).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONString.append(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array:
            out.append(UInt8(ascii: "["))
            for (index, item) in (value.array ?? []).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .string:
            guard let string = value.string else {
                require(false, "a string value without text at \(value.path)")
                return
            }
            JSONString.append(string, to: &out)
        case .number:
            require(value.number != nil, "a number '\(value.numberText)' without a value")
            out += Array(value.numberText.utf8)
        case .bool:
            out += Array((value.bool == true ? "true" : "false").utf8)
        case .null:
            out += Array("null".utf8)
        }
    }

    /// Nesting depth: a scalar is 0, `[]` is 1.
    static func depth(_ value: JSONValue) -> Int {
        switch value.kind {
        case .object: 1 + ((value.members ?? []).map { depth($0.value) }.max() ?? 0)
        case .array: 1 + ((value.array ?? []).map(depth).max() ?? 0)
        default: 0
        }
    }
}
