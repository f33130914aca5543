/// Debian control-file syntax (Debian Policy 5.1): paragraphs of `Field: value` lines separated by blank
/// lines, continuation lines starting with a space or tab. Used by dpkg's status file and by
/// machine-readable copyright files.
enum DebianControlParagraphs {
    /// Every paragraph as (lowercased field name, value) pairs; continuation lines joined with `\n`.
    static func parse(_ bytes: [UInt8]) -> [[(name: String, value: String)]] {
        var paragraphs: [[(name: String, value: String)]] = []
        var current: [(name: String, value: String)] = []
        let text = String(decoding: bytes, as: UTF8.self)
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.trimmingSet(" \t").isEmpty {
                if !current.isEmpty { paragraphs.append(current); current = [] }
                continue
            }
            if line.first == " " || line.first == "\t" {
                guard !current.isEmpty else { continue }
                let continuation = line.trimmingSet(" \t")
                current[current.count - 1].value += "\n" + (continuation == "." ? "" : continuation)
                continue
            }
            if line.first == "#" { continue }
            guard let colon = line.firstIndex(of: ":") else { continue }
            current.append((String(line[..<colon]).lowercased(), String(line[line.index(after: colon)...]).trimmingSet(" \t")))
        }
        if !current.isEmpty { paragraphs.append(current) }
        return paragraphs
    }
}

extension StringProtocol {
    func trimmingSet(_ set: String) -> String {
        var slice = Substring(self)
        while let f = slice.first, set.contains(f) { slice.removeFirst() }
        while let l = slice.last, set.contains(l) { slice.removeLast() }
        return String(slice)
    }
}

extension Array where Element == (name: String, value: String) {
    func field(_ name: String) -> String? { first { $0.name == name }?.value }

    /// A simple field (Debian Policy 5.1: `Package`, `Version`, `Architecture`, `Source`, `Status`, `Maintainer`,
    /// `Homepage`) is one line; continuation lines under it are not part of its value (they are malformed), so
    /// only the first line is kept. Found by the dpkg-status fuzz target: `Source: glibc` followed by an indented
    /// line became a source package named `glibc\nContains`, which no SBOM format can carry.
    func simpleField(_ name: String) -> String? {
        field(name).map { value in value.firstIndex(of: "\n").map { String(value[..<$0]) } ?? value }
    }
}
