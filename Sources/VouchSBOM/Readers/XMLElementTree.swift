import VouchCore

/// One element of an XML document read by ``XMLElementTree``: its name as written (`prefix:local`),
/// attributes in document order, child elements, and the character data directly inside it.
struct XMLElementNode: Sendable {
    var name: String
    var attributes: [(name: String, value: String)] = []
    var children: [XMLElementNode] = []
    var text = ""
    /// The byte offset of its `<`, for errors.
    var offset: Int

    /// The name without its prefix.
    var localName: String { name.split(separator: ":", maxSplits: 1).last.map(String.init) ?? name }

    func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

    /// The first child named `name` (unprefixed: elements of the document's default namespace).
    func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }

    func children(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }

    /// The text of the child `name`, with surrounding whitespace removed; nil when there is no such child.
    func childText(_ name: String) -> String? { child(name).map { $0.text.trimmingXMLWhitespace } }
}

/// A strict, minimal, non-validating XML 1.0 reader for SBOM documents (CycloneDX XML): elements,
/// attributes, character data, CDATA sections, the five predefined entities and character references;
/// comments, processing instructions and the XML declaration are skipped.
///
/// A document type declaration (`<!DOCTYPE`) is refused: CycloneDX needs none, and internal entity
/// declarations are how XML readers are made to expand a few bytes into gigabytes or read local files.
/// Untrusted input meets named limits (``maximumDepth``; the document size is bounded by its reader).
/// Errors say the byte offset and what was expected.
enum XMLElementTree {
    /// The deepest element nesting accepted.
    static let maximumDepth = 256

    /// The root element of the document in `bytes`; `path` is named in errors.
    static func parse(_ bytes: [UInt8], path: String) throws(VouchError) -> XMLElementNode {
        var parser = Parser(bytes: bytes, path: path)
        return try parser.document()
    }

    private struct Parser {
        let bytes: [UInt8]
        let path: String
        var position = 0

        init(bytes: [UInt8], path: String) {
            self.bytes = bytes
            self.path = path
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        }

        func error(_ reason: String, at offset: Int? = nil) -> VouchError {
            VouchError(.malformedInput, "invalid XML at byte \(offset ?? position): \(reason)", path: path)
        }

        var atEnd: Bool { position >= bytes.count }

        func peek(_ text: String) -> Bool {
            let utf8 = Array(text.utf8)
            return bytes.count - position >= utf8.count && bytes[position..<(position + utf8.count)].elementsEqual(utf8)
        }

        mutating func skipWhitespace() {
            while position < bytes.count, Self.isWhitespace(bytes[position]) { position += 1 }
        }

        static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

        /// Skips past `terminator`; an error naming `what` when the document ends first.
        mutating func skip(past terminator: String, what: String) throws(VouchError) {
            let start = position
            while !atEnd {
                if peek(terminator) { position += terminator.utf8.count; return }
                position += 1
            }
            throw error("\(what) is not closed with \(terminator)", at: start)
        }

        /// Comments, processing instructions and whitespace outside the root element.
        mutating func skipMisc() throws(VouchError) {
            while true {
                skipWhitespace()
                if peek("<!--") {
                    try skip(past: "-->", what: "a comment")
                } else if peek("<?") {
                    try skip(past: "?>", what: "a processing instruction")
                } else if peek("<!DOCTYPE") || peek("<!doctype") {
                    throw error("a document type declaration (<!DOCTYPE) is not accepted: SBOMs need none, and its entities are a denial-of-service vector")
                } else {
                    return
                }
            }
        }

        mutating func document() throws(VouchError) -> XMLElementNode {
            try skipMisc()
            guard peek("<") else { throw error(atEnd ? "the document has no root element" : "expected the root element") }
            let root = try element()
            try skipMisc()
            guard atEnd else { throw error("content after the root element") }
            return root
        }

        mutating func name() throws(VouchError) -> String {
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if Self.isWhitespace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "=")
                    || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { break }
                position += 1
            }
            guard position > start, let text = String(validating: bytes[start..<position], as: UTF8.self) else { throw error("expected a name", at: start) }
            return text
        }

        /// An element and everything inside it, iteratively, so nesting depth costs no stack.
        mutating func element() throws(VouchError) -> XMLElementNode {
            var stack: [XMLElementNode] = []
            var finished: XMLElementNode?
            var text: [UInt8] = []
            func appendText(_ node: inout XMLElementNode, _ text: inout [UInt8]) throws(VouchError) {
                guard !text.isEmpty else { return }
                guard let decoded = String(validating: text, as: UTF8.self) else { throw error("character data is not UTF-8") }
                node.text += decoded
                text.removeAll(keepingCapacity: true)
            }
            repeat {
                if peek("</") {
                    guard var node = stack.popLast() else { throw error("a closing tag without an open element") }
                    try appendText(&node, &text)
                    let at = position
                    position += 2
                    let closing = try name()
                    guard closing == node.name else { throw error("</\(closing)> closes <\(node.name)> (opened at byte \(node.offset))", at: at) }
                    skipWhitespace()
                    guard peek(">") else { throw error("expected > after </\(closing)") }
                    position += 1
                    if stack.isEmpty { finished = node } else { stack[stack.count - 1].children.append(node) }
                } else if peek("<!--") {
                    try skip(past: "-->", what: "a comment")
                } else if peek("<![CDATA[") {
                    position += 9
                    let start = position
                    try skip(past: "]]>", what: "a CDATA section")
                    text += bytes[start..<(position - 3)]
                } else if peek("<?") {
                    try skip(past: "?>", what: "a processing instruction")
                } else if peek("<!") {
                    throw error("a declaration (<!...) inside an element is not accepted")
                } else if peek("<") {
                    if !stack.isEmpty { try appendText(&stack[stack.count - 1], &text) }
                    guard stack.count < maximumDepth else {
                        throw VouchError.limitExceeded("maximumDepth", limit: Int64(maximumDepth), found: Int64(stack.count + 1), path: path,
                                                       what: "XML element nesting at byte \(position)")
                    }
                    let (node, selfClosing) = try startTag()
                    if selfClosing {
                        if stack.isEmpty { finished = node } else { stack[stack.count - 1].children.append(node) }
                    } else {
                        stack.append(node)
                    }
                } else if atEnd {
                    throw error("the document ends inside <\(stack.last?.name ?? "?")>")
                } else if bytes[position] == UInt8(ascii: "&") {
                    text += try reference()
                } else {
                    if bytes[position] == 0x0D {
                        // XML 1.0 section 2.11: CR LF and a lone CR are read as LF.
                        text.append(0x0A)
                        position += 1
                        if position < bytes.count, bytes[position] == 0x0A { position += 1 }
                        continue
                    }
                    text.append(bytes[position])
                    position += 1
                }
            } while finished == nil
            return finished!
        }

        /// `<name attributes>` or `<name attributes/>`.
        mutating func startTag() throws(VouchError) -> (XMLElementNode, Bool) {
            let offset = position
            position += 1
            var node = XMLElementNode(name: try name(), offset: offset)
            while true {
                let before = position
                skipWhitespace()
                if peek("/>") { position += 2; return (node, true) }
                if peek(">") { position += 1; return (node, false) }
                guard position > before else { throw error("expected whitespace, > or /> in <\(node.name)>") }
                let attributeName = try name()
                skipWhitespace()
                guard peek("=") else { throw error("expected = after the attribute \(attributeName)") }
                position += 1
                skipWhitespace()
                guard !atEnd, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
                    throw error("expected a quoted value for the attribute \(attributeName)")
                }
                let quote = bytes[position]
                position += 1
                var value: [UInt8] = []
                while true {
                    guard !atEnd else { throw error("the value of the attribute \(attributeName) is not closed") }
                    let byte = bytes[position]
                    if byte == quote { position += 1; break }
                    if byte == UInt8(ascii: "<") { throw error("< inside the value of the attribute \(attributeName)") }
                    if byte == UInt8(ascii: "&") { value += try reference(); continue }
                    // XML 1.0 section 3.3.3: white space in an attribute value reads as a space.
                    value.append(Self.isWhitespace(byte) ? 0x20 : byte)
                    position += 1
                }
                guard node.attribute(attributeName) == nil else { throw error("the attribute \(attributeName) appears twice in <\(node.name)>") }
                guard let decoded = String(validating: value, as: UTF8.self) else { throw error("the value of the attribute \(attributeName) is not UTF-8") }
                node.attributes.append((attributeName, decoded))
            }
        }

        /// `&lt;`, `&gt;`, `&amp;`, `&quot;`, `&apos;`, `&#N;` or `&#xH;` as UTF-8; any other entity is an error.
        mutating func reference() throws(VouchError) -> [UInt8] {
            let start = position
            position += 1
            var name: [UInt8] = []
            while position < bytes.count, bytes[position] != UInt8(ascii: ";"), name.count < 12 {
                name.append(bytes[position])
                position += 1
            }
            guard position < bytes.count, bytes[position] == UInt8(ascii: ";") else { throw error("an & that starts no entity or character reference", at: start) }
            position += 1
            switch String(decoding: name, as: UTF8.self) {
            case "lt": return [UInt8(ascii: "<")]
            case "gt": return [UInt8(ascii: ">")]
            case "amp": return [UInt8(ascii: "&")]
            case "quot": return [UInt8(ascii: "\"")]
            case "apos": return [UInt8(ascii: "'")]
            case let reference where reference.hasPrefix("#"):
                let digits = reference.dropFirst()
                let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                guard let value, value != 0, let scalar = Unicode.Scalar(value) else { throw error("an invalid character reference &\(reference);", at: start) }
                return Array(String(Character(scalar)).utf8)
            case let other:
                throw error("the entity &\(other); is not one of XML's predefined entities", at: start)
            }
        }
    }
}

extension String {
    /// Without leading and trailing XML white space (space, tab, CR, LF).
    var trimmingXMLWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !" \t\r\n".unicodeScalars.contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !" \t\r\n".unicodeScalars.contains($0) })!
        return String(scalars[first...last])
    }
}
