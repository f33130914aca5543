import Foundation

/// Shannon entropy in bits per character (over Unicode scalars, as gitleaks counts runes).
enum ShannonEntropy {
    static func of(_ text: String) -> Double {
        var counts: [Unicode.Scalar: Int] = [:]
        var total = 0
        for scalar in text.unicodeScalars { counts[scalar, default: 0] += 1; total += 1 }
        guard total > 0 else { return 0 }
        var entropy = 0.0
        for count in counts.values {
            let p = Double(count) / Double(total)
            entropy -= p * log2(p)
        }
        return entropy
    }
}
