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

    /// Whether `path` is a YAML file whose bytes hold `kind: Secret`.
    static func applies(path: String, bytes: UnsafeRawBufferPointer) -> Bool {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml"), let base = bytes.baseAddress else { return false }
        let needle = Array("kind: Secret".utf8)
        var offset = 0
        while offset + needle.count <= bytes.count, let found = memchr(base + offset, Int32(needle[0]), bytes.count - offset - needle.count + 1) {
            let position = base.distance(to: UnsafeRawPointer(found))
            if memcmp(base + position, needle, needle.count) == 0 { return true }
            offset = position + 1
        }
        return false
    }

    static func entries(_ bytes: UnsafeRawBufferPointer) -> [Entry] {
        var entries: [Entry] = []
        var inData = false
        var dataIndent = 0
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var line = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            start = end + 1
            if line.last == 0x0D { line.removeLast() }
            let indent = line.prefix { $0 == 0x20 }.count
            let content = line.dropFirst(indent)
            if content.isEmpty || content.first == UInt8(ascii: "#") { continue }
            if inData && indent > dataIndent, let colon = content.firstIndex(of: UInt8(ascii: ":")) {
                let key = String(decoding: content[content.startIndex..<colon], as: UTF8.self)
                var value = content[(colon + 1)...].drop { $0 == 0x20 }
                if value.first == UInt8(ascii: "\"") || value.first == UInt8(ascii: "'") {
                    value = value.dropFirst()
                    if let last = value.last, last == UInt8(ascii: "\"") || last == UInt8(ascii: "'") { value = value.dropLast() }
                }
                guard !value.isEmpty, value.count <= maximumValueBytes, let decoded = decodeBase64(value) else { continue }
                entries.append(Entry(line: lineNumber, key: key, encoded: String(decoding: value, as: UTF8.self), decoded: decoded))
                continue
            }
            inData = content.elementsEqual("data:".utf8)
            dataIndent = indent
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
