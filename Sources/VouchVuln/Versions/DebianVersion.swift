/// A Debian package version, `[epoch:]upstream_version[-debian_revision]`, ordered exactly as
/// `dpkg --compare-versions` orders it (Debian Policy 5.6.12 and dpkg's `verrevcmp`).
///
/// The epoch compares numerically; upstream version and revision each compare as alternating runs of
/// non-digits (letters before non-letters, `~` before everything, even the end of the string) and of
/// digits (numerically). A missing revision equals `0`, so `1.0 == 1.0-0`.
public struct DebianVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let epoch: Int
    public let upstream: String
    public let revision: String

    /// Parses `text`; nil when it is empty, has a non-numeric epoch, an empty upstream part, or a
    /// character dpkg does not allow (whitespace, control characters).
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        var rest = bytes[...]
        var epoch = 0
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            let digits = bytes[..<colon]
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            epoch = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            rest = bytes[(colon + 1)...]
        }
        var upstream = rest
        var revision = rest[rest.endIndex...]
        if let hyphen = rest.lastIndex(of: UInt8(ascii: "-")) {
            upstream = rest[..<hyphen]
            revision = rest[(hyphen + 1)...]
        }
        guard !upstream.isEmpty else { return nil }
        self.epoch = epoch
        self.upstream = String(decoding: upstream, as: UTF8.self)
        self.revision = String(decoding: revision, as: UTF8.self)
    }

    public var description: String {
        (epoch == 0 ? "" : "\(epoch):") + upstream + (revision.isEmpty ? "" : "-\(revision)")
    }

    /// -1, 0 or 1, as `dpkg --compare-versions a lt|eq|gt b` would answer.
    public static func compare(_ a: DebianVersion, _ b: DebianVersion) -> Int {
        if a.epoch != b.epoch { return a.epoch < b.epoch ? -1 : 1 }
        let upstream = verrevcmp(Array(a.upstream.utf8), Array(b.upstream.utf8))
        if upstream != 0 { return upstream }
        return verrevcmp(Array(a.revision.utf8), Array(b.revision.utf8))
    }

    public static func < (lhs: DebianVersion, rhs: DebianVersion) -> Bool { compare(lhs, rhs) < 0 }
    public static func == (lhs: DebianVersion, rhs: DebianVersion) -> Bool { compare(lhs, rhs) == 0 }

    /// Equal versions hash alike: the epoch, and each part with leading zeros of digit runs dropped
    /// (`1.01 == 1.1`) and a revision of zeros as none.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        hasher.combine(Self.canonical(upstream))
        let revision = Self.canonical(revision)
        hasher.combine(revision == "0" ? "" : revision)
    }

    private static func canonical(_ part: String) -> String {
        var out: [UInt8] = []
        var inDigits = false
        var digitsStart = 0
        for byte in part.utf8 {
            let digit = byte >= 0x30 && byte <= 0x39
            if digit, !inDigits { inDigits = true; digitsStart = out.count }
            if !digit { inDigits = false }
            if digit, byte == 0x30, out.count == digitsStart { continue }  // a leading zero
            out.append(byte)
        }
        // A run of zeros only became empty; dpkg compares it as 0, like the empty run.
        return String(decoding: out, as: UTF8.self)
    }

    /// The sort weight of one non-digit byte: `~` first, then the end of the part, letters, and the rest.
    private static func order(_ byte: UInt8?) -> Int {
        guard let byte else { return 0 }
        if byte >= 0x30, byte <= 0x39 { return 0 }
        if (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) { return Int(byte) }
        if byte == UInt8(ascii: "~") { return -1 }
        return Int(byte) + 256
    }

    /// dpkg's `verrevcmp` (lib/dpkg/version.c).
    static func verrevcmp(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var i = 0, j = 0
        func isDigit(_ bytes: [UInt8], _ k: Int) -> Bool { k < bytes.count && bytes[k] >= 0x30 && bytes[k] <= 0x39 }
        while i < a.count || j < b.count {
            while (i < a.count && !isDigit(a, i)) || (j < b.count && !isDigit(b, j)) {
                let ac = order(i < a.count ? a[i] : nil), bc = order(j < b.count ? b[j] : nil)
                if ac != bc { return ac < bc ? -1 : 1 }
                i += 1
                j += 1
            }
            while i < a.count, a[i] == 0x30 { i += 1 }
            while j < b.count, b[j] == 0x30 { j += 1 }
            var firstDifference = 0
            while isDigit(a, i), isDigit(b, j) {
                if firstDifference == 0 { firstDifference = Int(a[i]) - Int(b[j]) }
                i += 1
                j += 1
            }
            if isDigit(a, i) { return 1 }
            if isDigit(b, j) { return -1 }
            if firstDifference != 0 { return firstDifference < 0 ? -1 : 1 }
        }
        return 0
    }
}
