/// What a `Package.swift` declares that can be read without running Swift: the package's name and its
/// products, when they are written as string literals (`name: "vouch"`). A manifest is a Swift program;
/// anything it computes is left out and said so, never guessed.
public struct PackageManifest: Hashable, Sendable {
    /// The largest manifest read.
    public static let maximumBytes = 1 << 20

    public struct Product: Hashable, Sendable {
        /// `library`, `executable` or `plugin`.
        public var kind: String
        public var name: String
    }

    /// `Package(name: "...")`, nil when it is not a literal.
    public var name: String?
    /// In the order the manifest declares them.
    public var products: [Product]
    /// Product declarations whose name is not a literal.
    public var unreadableProducts: Int

    public init(parsing bytes: [UInt8]) {
        let code = Self.withoutComments(bytes)
        var name: String?
        var products: [(position: Int, product: Product)] = []
        var unreadable = 0
        if let call = Self.find(Array("Package(".utf8), in: code, from: 0) {
            name = Self.literalArgument("name", in: code, from: call + 8, adjacent: true)
            if let label = Self.find(Array("products:".utf8), in: code, from: call),
               let open = Self.skipSpaces(code, label + 9), open < code.count, code[open] == UInt8(ascii: "[") {
                let close = Self.matchingBracket(code, open)
                for kind in ["library", "executable", "plugin"] {
                    var cursor = open
                    let marker = Array(".\(kind)(".utf8)
                    while let found = Self.find(marker, in: code, from: cursor), found < close {
                        if let productName = Self.literalArgument("name", in: code, from: found + marker.count, adjacent: true) {
                            products.append((found, Product(kind: kind, name: productName)))
                        } else {
                            unreadable += 1
                        }
                        cursor = found + marker.count
                    }
                }
            }
        }
        self.name = name
        self.products = products.sorted { $0.position < $1.position }.map(\.product)
        self.unreadableProducts = unreadable
    }

    /// The code with `//` and `/* */` comments replaced by spaces; string literals kept as they are.
    static func withoutComments(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 2; continue }
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true; index += 1; continue }
            if byte == UInt8(ascii: "/"), index + 1 < bytes.count {
                if bytes[index + 1] == UInt8(ascii: "/") {
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { out[index] = UInt8(ascii: " "); index += 1 }
                    continue
                }
                if bytes[index + 1] == UInt8(ascii: "*") {
                    var depth = 0
                    repeat {
                        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "/"), bytes[index + 1] == UInt8(ascii: "*") { depth += 1 }
                        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "*"), bytes[index + 1] == UInt8(ascii: "/") {
                            depth -= 1
                            out[index] = UInt8(ascii: " ")
                            index += 1
                        }
                        if bytes[index] != UInt8(ascii: "\n") { out[index] = UInt8(ascii: " ") }
                        index += 1
                    } while depth > 0 && index < bytes.count
                    continue
                }
            }
            index += 1
        }
        return out
    }

    /// The first occurrence of `needle` at or after `start`, outside string literals.
    static func find(_ needle: [UInt8], in code: [UInt8], from start: Int) -> Int? {
        var index = start
        var inString = false
        while index < code.count {
            let byte = code[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 2; continue }
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if index + needle.count <= code.count, code[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    static func skipSpaces(_ code: [UInt8], _ start: Int) -> Int? {
        var index = start
        while index < code.count, code[index] == UInt8(ascii: " ") || code[index] == UInt8(ascii: "\n") || code[index] == UInt8(ascii: "\t") || code[index] == UInt8(ascii: "\r") {
            index += 1
        }
        return index
    }

    /// The index of the `]` closing the `[` at `open` (brackets inside strings ignored), or the end.
    static func matchingBracket(_ code: [UInt8], _ open: Int) -> Int {
        var depth = 0
        var index = open
        var inString = false
        while index < code.count {
            let byte = code[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 2; continue }
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "(") {
                depth += 1
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return code.count
    }

    /// The plain string literal given as `label:`: the first such argument after `start` (or, with
    /// `adjacent`, only when it is the call's first argument). Nil when the value is not a literal
    /// without interpolation.
    static func literalArgument(_ label: String, in code: [UInt8], from start: Int, adjacent: Bool = false) -> String? {
        let marker = Array("\(label):".utf8)
        guard let found = adjacent ? skipSpaces(code, start) : find(marker, in: code, from: start) else { return nil }
        guard found + marker.count <= code.count, code[found..<(found + marker.count)].elementsEqual(marker),
              let quote = skipSpaces(code, found + marker.count), quote < code.count, code[quote] == UInt8(ascii: "\"") else { return nil }
        var end = quote + 1
        while end < code.count, code[end] != UInt8(ascii: "\"") {
            if code[end] == UInt8(ascii: "\\") || code[end] == UInt8(ascii: "\n") { return nil }
            end += 1
        }
        guard end < code.count, end > quote + 1 else { return nil }
        return String(decoding: code[(quote + 1)..<end], as: UTF8.self)
    }
}
