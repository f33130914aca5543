#if canImport(Glibc)
import Glibc
#endif

/// The `data:` entries of Kubernetes Secret manifests in a YAML file, base64-decoded, so the rules can
/// look at the values themselves (a Secret's `data` is base64 by definition; Kubernetes API reference,
/// "Secret v1 core": `data` "values are base64 encoded strings").
///
/// Only block-style YAML is read (`data:` on its own line, then `  key: value` lines indented under it),
/// which is how manifests and `kubectl get -o yaml` write it. Values are at most ``maximumValueBytes``.
enum KubernetesSecretData {
    static let maximumValueBytes = 64 << 10

    struct Entry {
        /// 1-based line of the entry in the file.
        var line: Int
        var key: String
        /// The value as written (base64).
        var encoded: String
        var decoded: [UInt8]
    }

    /// Whether `path` is a YAML file whose bytes hold `kind: Secret` (any case, quoted or not).
    static func applies(path: String, bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count > 0, hasYAMLExtension(path) else { return false }
        var index = 0
        while index + 5 <= bytes.count {
            if bytes[index] | 0x20 == UInt8(ascii: "k"), matchesCaseless(bytes, at: index, "kind:") {
                var value = index + 5
                while value < bytes.count, bytes[value] == 0x20 || bytes[value] == 0x09 || bytes[value] == 0x22 || bytes[value] == 0x27 { value += 1 }
                if matchesCaseless(bytes, at: value, "secret") { return true }
            }
            index += 1
        }
        return false
    }

    /// `.yaml` or `.yml`, any case, compared on the last bytes (this runs for every scanned file;
    /// `lowercased()` made a new string of each path).
    static func hasYAMLExtension(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { endsCaseless($0, ".yaml") || endsCaseless($0, ".yml") }
    }

    /// Whether `bytes` end with `suffix` (lowercase ASCII), ignoring ASCII case.
    private static func endsCaseless(_ bytes: UnsafeBufferPointer<UInt8>, _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        for index in 0..<count {
            let byte = bytes[bytes.count - count + index]
            if (byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) != suffix.utf8Start[index] { return false }
        }
        return true
    }

    private static func matchesCaseless(_ bytes: UnsafeRawBufferPointer, at offset: Int, _ word: String) -> Bool {
        let letters = Array(word.utf8)
        guard offset + letters.count <= bytes.count else { return false }
        for (index, letter) in letters.enumerated() where bytes[offset + index] | 0x20 != letter | 0x20 { return false }
        return true
    }

    /// The entries of every `data:` mapping: `key: value`, the value plain, quoted, or a `|`/`>` block
    /// scalar (its lines joined), indented with spaces or tabs under `data:`.
    static func entries(_ bytes: UnsafeRawBufferPointer) -> [Entry] {
        var lines: [(number: Int, indent: Int, content: ArraySlice<UInt8>)] = []
        var start = 0
        var number = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            number += 1
            var line = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            start = end + 1
            while let last = line.last, last == 0x0D || last == 0x20 || last == 0x09 { line.removeLast() }
            let indent = line.prefix { $0 == 0x20 || $0 == 0x09 }.count
            lines.append((number, indent, line[indent...]))
        }
        var entries: [Entry] = []
        var index = 0
        while index < lines.count {
            let (_, dataIndent, content) = lines[index]
            index += 1
            guard content.elementsEqual("data:".utf8) else { continue }
            while index < lines.count {
                let (lineNumber, indent, entry) = lines[index]
                if entry.isEmpty || entry.first == UInt8(ascii: "#") { index += 1; continue }
                guard indent > dataIndent, let colon = entry.firstIndex(of: UInt8(ascii: ":")) else { break }
                index += 1
                let key = String(decoding: entry[entry.startIndex..<colon], as: UTF8.self)
                var value = Array(entry[(colon + 1)...].drop { $0 == 0x20 || $0 == 0x09 })
                if value == [UInt8(ascii: "|")] || value == [UInt8(ascii: ">")] || value.starts(with: [UInt8(ascii: "|")]) || value.starts(with: [UInt8(ascii: ">")]) {
                    value = []
                    while index < lines.count, lines[index].indent > indent, !lines[index].content.isEmpty {
                        value += lines[index].content
                        index += 1
                    }
                } else if let first = value.first, first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
                    value.removeFirst()
                    if value.last == first { value.removeLast() }
                }
                guard !value.isEmpty, value.count <= maximumValueBytes, let decoded = decodeBase64(value) else { continue }
                entries.append(Entry(line: lineNumber, key: key, encoded: String(decoding: value, as: UTF8.self), decoded: decoded))
            }
        }
        return entries
    }

    /// Standard base64 (RFC 4648 §4) with optional padding; nil for anything else.
    static func decodeBase64<C: Collection>(_ text: C) -> [UInt8]? where C.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = 0
        for byte in text {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="):
                padding += 1
                continue
            default: return nil
            }
            guard padding == 0 else { return nil }
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        guard padding <= 2, (text.count % 4 == 0 || padding == 0), bits < 6 else { return nil }
        return output
    }
}
