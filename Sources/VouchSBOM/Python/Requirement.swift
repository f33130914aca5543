public import VouchCore

/// A dependency specification per PEP 508: `name [extras] (specifier | @ url) [; marker]`.
///
/// Both specifier forms are accepted: bare (`requests>=2,<3`) and the older parenthesised one
/// (`requests (>=2,<3)`) that metadata 1.2 tools wrote.
public struct Requirement: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    /// Extras, normalised per PEP 685.
    public var extras: [String]
    public var specifier: VersionSpecifierSet?
    public var url: String?
    public var marker: Marker?
    /// The text it was parsed from.
    public var description: String

    public init(parsing text: String) throws(VouchError) {
        description = text
        let bytes = Array(text.utf8)
        var i = 0
        func skipSpaces() { while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 } }
        func fail(_ why: String) -> VouchError { VouchError(.malformedInput, "requirement '\(text)': \(why)") }
        skipSpaces()
        let nameStart = i
        while i < bytes.count, PythonPackageName.isAlphanumeric(bytes[i]) || bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "_") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
        guard PythonPackageName.isValid(name) else { throw fail("no valid project name at the start") }
        skipSpaces()
        extras = []
        if i < bytes.count, bytes[i] == UInt8(ascii: "[") {
            guard let close = bytes[i...].firstIndex(of: UInt8(ascii: "]")) else { throw fail("'[' without ']'") }
            let inner = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
            for extra in inner.split(separator: ",").map({ String($0).trimmingSpaces() }) where !extra.isEmpty {
                guard PythonPackageName.isValid(extra) else { throw fail("extra '\(extra)' is not a valid name") }
                extras.append(PythonPackageName.normalize(extra))
            }
            i = close + 1
            skipSpaces()
        }
        specifier = nil
        url = nil
        var markerStart: Int?
        if i < bytes.count, bytes[i] == UInt8(ascii: "@") {
            i += 1
            skipSpaces()
            let start = i
            while i < bytes.count, bytes[i] != 0x20, bytes[i] != 0x09 { i += 1 }
            url = String(decoding: bytes[start..<i], as: UTF8.self)
            skipSpaces()
            if i < bytes.count {
                guard bytes[i] == UInt8(ascii: ";") else { throw fail("text after the URL is not a ';' marker") }
                markerStart = i + 1
            }
        } else {
            var specText: String
            if i < bytes.count, bytes[i] == UInt8(ascii: "(") {
                guard let close = bytes[i...].firstIndex(of: UInt8(ascii: ")")) else { throw fail("'(' without ')'") }
                specText = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
                i = close + 1
                skipSpaces()
                if i < bytes.count {
                    guard bytes[i] == UInt8(ascii: ";") else { throw fail("text after the version specifier") }
                    markerStart = i + 1
                }
            } else {
                let start = i
                while i < bytes.count, bytes[i] != UInt8(ascii: ";") { i += 1 }
                specText = String(decoding: bytes[start..<i], as: UTF8.self)
                if i < bytes.count { markerStart = i + 1 }
            }
            specText = specText.trimmingSpaces()
            if !specText.isEmpty {
                guard let set = VersionSpecifierSet(specText) else { throw fail("'\(specText)' is not a valid version specifier") }
                specifier = set
            }
        }
        marker = nil
        if let markerStart {
            let markerText = String(decoding: bytes[markerStart...], as: UTF8.self)
            marker = try Marker(parsing: markerText, requirement: text)
        }
    }

    /// The PEP 503 name.
    public var normalizedName: String { PythonPackageName.normalize(name) }
}
