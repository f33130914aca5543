/// `*` and `?` within one path component (fnmatch without brackets).
public enum GlobPattern {
    public static func matches(_ name: String, _ pattern: String) -> Bool {
        let text = Array(name.utf8), glob = Array(pattern.utf8)
        var t = 0, g = 0, starG = -1, starT = 0
        while t < text.count {
            if g < glob.count, glob[g] == UInt8(ascii: "?") || glob[g] == text[t] {
                t += 1
                g += 1
            } else if g < glob.count, glob[g] == UInt8(ascii: "*") {
                starG = g
                starT = t
                g += 1
            } else if starG >= 0 {
                g = starG + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while g < glob.count, glob[g] == UInt8(ascii: "*") { g += 1 }
        return g == glob.count
    }
}
