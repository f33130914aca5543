public import VouchSBOM

/// A version in the PyPI ecosystem, in the total order OSV uses for it.
///
/// PEP 440 versions compare in PEP 440's full order ("Summary of permitted suffixes and relative
/// ordering": epochs, dev < a < b < rc < final < post, local versions after their public version), not
/// with specifier semantics (which exclude pre-releases). A string that is not PEP 440 (`0.2.0-n653`,
/// `-class.-jw.util.version.version-pre`) is a *legacy* version, ordered by the rule setuptools and
/// `packaging` < 22 used (`LegacyVersion`): every legacy version sorts before every PEP 440 version, and
/// legacy versions among themselves by their parts (numbers zero-padded, words prefixed, `pre`/`preview`/
/// `rc` as `c`, `dev` as `@`, `-` as `final-`). osv-scalibr orders PyPI versions the same way.
public enum PyPIVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    case pep440(PythonVersion)
    case legacy(text: String, key: [[UInt8]])

    public init(_ text: String) {
        if let version = PythonVersion(text) {
            self = .pep440(version)
        } else {
            self = .legacy(text: text, key: Self.legacyKey(text))
        }
    }

    public var isLegacy: Bool {
        if case .legacy = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .pep440(let version): version.description
        case .legacy(let text, _): text
        }
    }

    public static func < (lhs: PyPIVersion, rhs: PyPIVersion) -> Bool {
        switch (lhs, rhs) {
        case let (.pep440(a), .pep440(b)): a < b
        case (.legacy, .pep440): true
        case (.pep440, .legacy): false
        case let (.legacy(_, a), .legacy(_, b)): a.lexicographicallyPrecedes(b) { $0.lexicographicallyPrecedes($1) }
        }
    }

    public static func == (lhs: PyPIVersion, rhs: PyPIVersion) -> Bool {
        switch (lhs, rhs) {
        case let (.pep440(a), .pep440(b)): a == b
        case let (.legacy(_, a), .legacy(_, b)): a == b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .pep440(let version):
            hasher.combine(0)
            hasher.combine(version.epoch)
            var release = version.release
            while release.count > 1, release.last == 0 { release.removeLast() }
            hasher.combine(release)
            hasher.combine(version.pre?.kind)
            hasher.combine(version.pre?.number)
            hasher.combine(version.post)
            hasher.combine(version.dev)
            hasher.combine(version.local.map { Int($0).map(String.init) ?? $0 })
        case .legacy(_, let key):
            hasher.combine(1)
            hasher.combine(key)
        }
    }

    /// `packaging.version._legacy_cmpkey` (packaging 21): the lowercased text split into runs of digits,
    /// runs of letters, `.` and `-` (and whatever lies between them), then normalised.
    static func legacyKey(_ text: String) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
        var pieces: [[UInt8]] = []
        var other: [UInt8] = []
        let bytes = Array(text.lowercased().utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var run: [UInt8] = []
            if isDigit(byte) {
                while index < bytes.count, isDigit(bytes[index]) { run.append(bytes[index]); index += 1 }
            } else if isLetter(byte) {
                while index < bytes.count, isLetter(bytes[index]) { run.append(bytes[index]); index += 1 }
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") {
                run = [byte]
                index += 1
            } else {
                other.append(byte)
                index += 1
                continue
            }
            if !other.isEmpty { pieces.append(other); other = [] }
            pieces.append(run)
        }
        if !other.isEmpty { pieces.append(other) }
        let star = UInt8(ascii: "*")
        let final = Array("*final".utf8), finalDash = Array("*final-".utf8), zeros = Array("00000000".utf8)
        var normalised: [[UInt8]] = []
        for piece in pieces {
            let replaced: [UInt8]
            switch String(decoding: piece, as: UTF8.self) {
            case "pre", "preview", "rc": replaced = Array("c".utf8)
            case "-": replaced = Array("final-".utf8)
            case "dev": replaced = Array("@".utf8)
            default: replaced = piece
            }
            if replaced == [UInt8(ascii: ".")] { continue }
            if let first = replaced.first, isDigit(first) {
                normalised.append(Array(repeating: UInt8(ascii: "0"), count: max(0, 8 - replaced.count)) + replaced)
            } else {
                normalised.append([star] + replaced)
            }
        }
        normalised.append(final)
        for part in normalised {
            if part.first == star {
                if part.lexicographicallyPrecedes(final) {
                    while parts.last == finalDash { parts.removeLast() }
                }
                while parts.last == zeros { parts.removeLast() }
            }
            parts.append(part)
        }
        return parts
    }
}
