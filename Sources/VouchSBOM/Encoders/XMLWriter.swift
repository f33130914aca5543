import VouchCore

/// A minimal XML 1.0 writer: elements, attributes and escaped text, indented two spaces.
struct XMLWriter {
    private(set) var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var stack: [String] = []

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        output += indentation + "<" + name + Self.attributes(attributes) + ">\n"
        stack.append(name)
    }

    mutating func close() {
        let name = stack.removeLast()
        output += indentation + "</" + name + ">\n"
    }

    mutating func element(_ name: String, _ text: String?, _ attributes: [(String, String)] = []) {
        guard let text else { return }
        output += indentation + "<" + name + Self.attributes(attributes) + ">" + Self.escape(text) + "</" + name + ">\n"
    }

    mutating func empty(_ name: String, _ attributes: [(String, String)]) {
        output += indentation + "<" + name + Self.attributes(attributes) + "/>\n"
    }

    private var indentation: String { String(repeating: "  ", count: stack.count) }

    private static func attributes(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1, attribute: true))\"" }.joined()
    }

    /// ``XMLEscaping`` (shared with the JUnit writer); kept as a name for the encoders and their tests.
    static func escape(_ text: String, attribute: Bool = false) -> String {
        XMLEscaping.escape(text, in: attribute ? .attribute : .text)
    }
}
