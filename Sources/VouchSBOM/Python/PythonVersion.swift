/// A version per PEP 440 ("Version specifiers"): `[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]`,
/// with the spec's normalisations (case, separators, `alpha`/`c`/`pre`/`rev`..., implicit numbers).
public struct PythonVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var epoch: Int
    public var release: [Int]
    /// (0 = a, 1 = b, 2 = rc, number)
    public var pre: (kind: Int, number: Int)?
    public var post: Int?
    public var dev: Int?
    public var local: [String]

    public var isPrerelease: Bool { pre != nil || dev != nil }

    /// `N(.N)*` and nothing else, what nearly every installed version and specifier is, parsed without
    /// the allocations of the general grammar; nil for anything else.
    private static func plainRelease(_ text: String) -> PythonVersion? {
        var release: [Int] = []
        var value = 0
        var digits = 0
        for byte in text.utf8 {
            if byte >= 0x30, byte <= 0x39 {
                value = value &* 10 &+ Int(byte - 0x30)
                digits += 1
                if digits > 18 { return nil }
            } else if byte == UInt8(ascii: "."), digits > 0 {
                release.append(value)
                value = 0
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        release.append(value)
        return PythonVersion(epoch: 0, release: release, pre: nil, post: nil, dev: nil, local: [])
    }

    private init(epoch: Int, release: [Int], pre: (kind: Int, number: Int)?, post: Int?, dev: Int?, local: [String]) {
        self.epoch = epoch
        self.release = release
        self.pre = pre
        self.post = post
        self.dev = dev
        self.local = local
    }

    public init?(_ text: String) {
        if let plain = Self.plainRelease(text) {
            self = plain
            return
        }
        var s = Array(text.lowercased().utf8)
        while let f = s.first, f == 0x20 || f == 0x09 || f == 0x0A { s.removeFirst() }
        while let l = s.last, l == 0x20 || l == 0x09 || l == 0x0A { s.removeLast() }
        var i = 0
        if i < s.count, s[i] == UInt8(ascii: "v") { i += 1 }
        func number() -> Int? {
            var value = 0, digits = 0
            while i < s.count, s[i] >= 0x30, s[i] <= 0x39 {
                value = value &* 10 &+ Int(s[i] - 0x30); digits += 1; i += 1
                if digits > 18 { return nil }
            }
            return digits > 0 ? value : nil
        }
        func separator() -> Bool {
            if i < s.count, s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "_") { i += 1; return true }
            return false
        }
        func word(_ words: [String]) -> String? {
            for w in words {
                let count = w.utf8.count
                if i + count <= s.count, s[i..<(i + count)].elementsEqual(w.utf8) { i += count; return w }
            }
            return nil
        }
        guard var first = number() else { return nil }
        epoch = 0
        if i < s.count, s[i] == UInt8(ascii: "!") {
            i += 1
            epoch = first
            guard let n = number() else { return nil }
            first = n
        }
        release = [first]
        while i + 1 < s.count, s[i] == UInt8(ascii: "."), s[i + 1] >= 0x30, s[i + 1] <= 0x39 {
            i += 1
            guard let n = number() else { return nil }
            release.append(n)
        }
        pre = nil; post = nil; dev = nil; local = []
        // Pre-release.
        var mark = i
        _ = separator()
        if let w = word(["alpha", "beta", "preview", "pre", "rc", "a", "b", "c"]) {
            let kind = (w == "alpha" || w == "a") ? 0 : (w == "beta" || w == "b") ? 1 : 2
            _ = separator()
            pre = (kind, number() ?? 0)
        } else { i = mark }
        // Post-release.
        mark = i
        if i < s.count, s[i] == UInt8(ascii: "-"), i + 1 < s.count, s[i + 1] >= 0x30, s[i + 1] <= 0x39 {
            i += 1
            post = number()
        } else {
            _ = separator()
            if word(["post", "rev", "r"]) != nil {
                _ = separator()
                post = number() ?? 0
            } else { i = mark }
        }
        // Development release.
        mark = i
        _ = separator()
        if word(["dev"]) != nil {
            _ = separator()
            dev = number() ?? 0
        } else { i = mark }
        if i < s.count, s[i] == UInt8(ascii: "+") {
            i += 1
            let rest = String(decoding: s[i...], as: UTF8.self)
            local = rest.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "_" }).map(String.init)
            guard !local.isEmpty, local.allSatisfy({ $0.utf8.allSatisfy(PythonPackageName.isAlphanumeric) }) else { return nil }
            i = s.count
        }
        guard i == s.count else { return nil }
    }

    public var description: String {
        var text = epoch == 0 ? "" : "\(epoch)!"
        text += release.map(String.init).joined(separator: ".")
        if let pre { text += ["a", "b", "rc"][pre.kind] + "\(pre.number)" }
        if let post { text += ".post\(post)" }
        if let dev { text += ".dev\(dev)" }
        if !local.isEmpty { text += "+" + local.joined(separator: ".") }
        return text
    }

    /// The release without trailing zeros, for comparison (`1.0 == 1.0.0`).
    var trimmedRelease: [Int] {
        var r = release
        while r.count > 1, r.last == 0 { r.removeLast() }
        return r
    }

    public static func == (lhs: PythonVersion, rhs: PythonVersion) -> Bool { compare(lhs, rhs) == 0 }
    /// Equal versions hash alike: what ``compare(_:_:ignoringLocal:)`` compares, so `1.0` and `1.0.0` (trailing
    /// zeros) and `+01` and `+1` (numeric local segments) hash the same although they print differently.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        hasher.combine(trimmedRelease)
        hasher.combine(pre?.kind ?? -1)
        hasher.combine(pre?.number ?? -1)
        hasher.combine(post ?? -1)
        hasher.combine(dev ?? -1)
        for segment in local {
            if let number = Int(segment) { hasher.combine(number) } else { hasher.combine(segment) }
        }
    }
    public static func < (lhs: PythonVersion, rhs: PythonVersion) -> Bool { compare(lhs, rhs) < 0 }

    /// PEP 440 "Summary of permitted suffixes and relative ordering": dev < pre < final < post; local last.
    static func compare(_ a: PythonVersion, _ b: PythonVersion, ignoringLocal: Bool = false) -> Int {
        if a.epoch != b.epoch { return a.epoch < b.epoch ? -1 : 1 }
        let ra = a.trimmedRelease, rb = b.trimmedRelease
        for k in 0..<max(ra.count, rb.count) {
            let x = k < ra.count ? ra[k] : 0, y = k < rb.count ? rb[k] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        // Pre-release key: a dev-only release sorts before any pre-release of it.
        func preKey(_ v: PythonVersion) -> (Int, Int, Int) {
            if let pre = v.pre { return (1, pre.kind, pre.number) }
            if v.post == nil, v.dev != nil { return (0, 0, 0) }
            return (2, 0, 0)
        }
        let pa = preKey(a), pb = preKey(b)
        if pa != pb { return pa < pb ? -1 : 1 }
        let qa = a.post ?? -1, qb = b.post ?? -1
        if qa != qb { return qa < qb ? -1 : 1 }
        let da = a.dev ?? Int.max, db = b.dev ?? Int.max
        if da != db { return da < db ? -1 : 1 }
        if ignoringLocal { return 0 }
        if a.local != b.local {
            if a.local.isEmpty { return -1 }
            if b.local.isEmpty { return 1 }
            for k in 0..<min(a.local.count, b.local.count) {
                let x = a.local[k], y = b.local[k]
                switch (Int(x), Int(y)) {
                case let (i?, j?): if i != j { return i < j ? -1 : 1 }
                case (_?, nil): return 1
                case (nil, _?): return -1
                default: if x != y { return x < y ? -1 : 1 }
                }
            }
            // Every shared segment is equal (`01` and `1` are): the longer local version is the later one.
            if a.local.count != b.local.count { return a.local.count < b.local.count ? -1 : 1 }
        }
        return 0
    }
}
