import VouchCore

/// Writes pretty-printed JSON (two-space indentation, `"key": value`, empty containers as `{}`/`[]`,
/// ending in a newline) straight into a byte buffer, in the order the encoder calls it, so documents come
/// out byte-identical and in the order their specs list fields. Streaming rather than building a tree:
/// a 300-distribution SBOM is megabytes of JSON, and a tree of boxed values cost more than the writing.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// One entry per open container: whether it has a member or item yet.
    private var open: [Bool] = []

    init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    /// The document's bytes, with its final newline.
    mutating func finish() -> [UInt8] {
        precondition(open.isEmpty, "unbalanced JSONWriter containers")
        bytes.append(0x0A)
        return bytes
    }

    // MARK: - Containers

    mutating func beginObject() { beginContainer(UInt8(ascii: "{")) }
    mutating func endObject() { endContainer(UInt8(ascii: "}")) }
    mutating func beginArray() { beginContainer(UInt8(ascii: "[")) }
    mutating func endArray() { endContainer(UInt8(ascii: "]")) }

    /// `"key": ` inside an object; the value follows.
    mutating func key(_ name: String) {
        startElement()
        JSONString.append(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(0x20)
        pendingValue = true
    }

    // MARK: - Values (inside an array, or after `key`)

    mutating func string(_ text: String) {
        startValue()
        JSONString.append(text, to: &bytes)
    }

    mutating func int(_ value: Int) {
        startValue()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func bool(_ value: Bool) {
        startValue()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    // MARK: - Members

    mutating func member(_ name: String, _ text: String) {
        key(name)
        string(text)
    }

    /// The member when there is a value; left out when nil.
    mutating func member(_ name: String, _ text: String?) {
        if let text { member(name, text) }
    }

    mutating func member(_ name: String, _ value: Int) {
        key(name)
        int(value)
    }

    mutating func member(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// An object member whose body `write` fills in.
    mutating func object(_ name: String, _ write: (inout JSONWriter) -> Void) {
        key(name)
        beginObject()
        write(&self)
        endObject()
    }

    /// An object as an array item.
    mutating func object(_ write: (inout JSONWriter) -> Void) {
        beginObject()
        write(&self)
        endObject()
    }

    /// An array member, left out when `items` is empty and `omitWhenEmpty` (the spec makes it optional).
    mutating func array<Items: Collection>(_ name: String, _ items: Items, omitWhenEmpty: Bool = true,
                                           _ write: (inout JSONWriter, Items.Element) -> Void) {
        if items.isEmpty, omitWhenEmpty { return }
        key(name)
        beginArray()
        for item in items { write(&self, item) }
        endArray()
    }

    // MARK: - Layout

    /// Set by `key`: the next value sits on the key's line.
    private var pendingValue = false

    private mutating func startValue() {
        if pendingValue {
            pendingValue = false
        } else {
            startElement()
        }
    }

    /// The separator and indentation before a member or an array item.
    private mutating func startElement() {
        guard let last = open.indices.last else { return }
        if open[last] { bytes.append(UInt8(ascii: ",")) }
        bytes.append(0x0A)
        open[last] = true
        indent(open.count)
    }

    private mutating func beginContainer(_ bracket: UInt8) {
        startValue()
        bytes.append(bracket)
        open.append(false)
    }

    private mutating func endContainer(_ bracket: UInt8) {
        let hadElements = open.removeLast()
        if hadElements {
            bytes.append(0x0A)
            indent(open.count)
        }
        bytes.append(bracket)
    }

    private mutating func indent(_ level: Int) {
        bytes.append(contentsOf: repeatElement(0x20, count: 2 * level))
    }
}
