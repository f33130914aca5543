import Foundation

/// A CVSS v3.0 or v3.1 base vector and its base score (FIRST, "CVSS v3.1 Specification Document",
/// section 7.1 "Base Metrics Equations" and Appendix A "Floating Point Rounding").
///
/// Both versions are scored with v3.1's `Roundup`, which fixes v3.0's floating-point errors (v3.0's
/// `ceil(x * 10) / 10` turns 4.0000000001 into 4.1); the equations are otherwise the same. Only the base
/// metrics are scored; temporal and environmental metrics in the vector are checked and ignored.
public struct CVSS3: Sendable, Hashable {
    public let vector: String
    public let version: String
    public let baseScore: Double

    /// Parses `vector` (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`); nil when it is not a complete,
    /// valid v3.0/v3.1 base vector (a metric missing, repeated or with an unknown value).
    public init?(_ vector: String) {
        let parts = vector.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let head = parts.first, head == "CVSS:3.0" || head == "CVSS:3.1" else { return nil }
        var metrics: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard pair.count == 2, metrics[pair[0]] == nil, let allowed = Self.allowed[pair[0]], allowed.contains(pair[1]) else { return nil }
            metrics[pair[0]] = pair[1]
        }
        guard ["AV", "AC", "PR", "UI", "S", "C", "I", "A"].allSatisfy({ metrics[$0] != nil }) else { return nil }
        let changed = metrics["S"] == "C"
        let av = ["N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2][metrics["AV"]!]!
        let ac = ["L": 0.77, "H": 0.44][metrics["AC"]!]!
        let pr = (changed ? ["N": 0.85, "L": 0.68, "H": 0.5] : ["N": 0.85, "L": 0.62, "H": 0.27])[metrics["PR"]!]!
        let ui = ["N": 0.85, "R": 0.62][metrics["UI"]!]!
        let cia = ["H": 0.56, "L": 0.22, "N": 0.0]
        let iss = 1 - (1 - cia[metrics["C"]!]!) * (1 - cia[metrics["I"]!]!) * (1 - cia[metrics["A"]!]!)
        let impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss
        let exploitability = 8.22 * av * ac * pr * ui
        if impact <= 0 {
            baseScore = 0
        } else if changed {
            baseScore = Self.roundup(min(1.08 * (impact + exploitability), 10))
        } else {
            baseScore = Self.roundup(min(impact + exploitability, 10))
        }
        self.vector = vector
        self.version = String(head.dropFirst(5))
    }

    /// Appendix A: the smallest number with one decimal place that is at least `value`, computed on
    /// integers so `4.000000000000001` is 4.0.
    static func roundup(_ value: Double) -> Double {
        let integer = Int((value * 100_000).rounded())
        if integer % 10_000 == 0 { return Double(integer) / 100_000 }
        return (Double(integer / 10_000) + 1) / 10
    }

    /// Every metric a v3 vector may carry (base, temporal, environmental) and its values.
    static let allowed: [String: Set<String>] = [
        "AV": ["N", "A", "L", "P"], "AC": ["L", "H"], "PR": ["N", "L", "H"], "UI": ["N", "R"], "S": ["U", "C"],
        "C": ["H", "L", "N"], "I": ["H", "L", "N"], "A": ["H", "L", "N"],
        "E": ["X", "H", "F", "P", "U"], "RL": ["X", "U", "W", "T", "O"], "RC": ["X", "C", "R", "U"],
        "CR": ["X", "H", "M", "L"], "IR": ["X", "H", "M", "L"], "AR": ["X", "H", "M", "L"],
        "MAV": ["X", "N", "A", "L", "P"], "MAC": ["X", "L", "H"], "MPR": ["X", "N", "L", "H"], "MUI": ["X", "N", "R"],
        "MS": ["X", "U", "C"], "MC": ["X", "H", "L", "N"], "MI": ["X", "H", "L", "N"], "MA": ["X", "H", "L", "N"],
    ]
}
