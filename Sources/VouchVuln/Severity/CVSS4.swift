import Foundation

/// A CVSS v4.0 vector and its score (FIRST, "CVSS v4.0 Specification Document", section 8 "CVSS v4.0
/// Scoring"): the vector's MacroVector (six equivalence classes, EQ1-EQ6) gives the score of its
/// highest-severity vector from FIRST's table (``CVSS4Tables``), lowered by the mean proportional
/// distance of the vector from that highest vector, rounded half up to one decimal.
///
/// The score is of whatever the vector carries (CVSS-B, -BT, -BE, -BTE): threat and environmental
/// metrics are applied as the specification says (`E:X` as `A`, `CR/IR/AR:X` as `H`, `M*` values over
/// their base metrics), like FIRST's calculator does.
public struct CVSS4: Sendable, Hashable {
    public let vector: String
    public let score: Double
    /// The six EQ levels, e.g. `002201`.
    public let macroVector: String

    /// Parses and scores `vector`; nil when it is not a valid v4.0 vector (a base metric missing, a
    /// metric repeated or unknown, a value not allowed).
    public init?(_ vector: String) {
        let parts = vector.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.first == "CVSS:4.0" else { return nil }
        var metrics: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard pair.count == 2, metrics[pair[0]] == nil, let allowed = Self.allowed[pair[0]], allowed.contains(pair[1]) else { return nil }
            metrics[pair[0]] = pair[1]
        }
        guard Self.baseMetrics.allSatisfy({ metrics[$0] != nil }) else { return nil }
        let scorer = Scorer(metrics: metrics)
        macroVector = scorer.macroVector
        score = scorer.computeScore()
        self.vector = vector
    }

    static let baseMetrics = ["AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA"]

    static let allowed: [String: Set<String>] = [
        "AV": ["N", "A", "L", "P"], "AC": ["L", "H"], "AT": ["N", "P"], "PR": ["N", "L", "H"], "UI": ["N", "P", "A"],
        "VC": ["H", "L", "N"], "VI": ["H", "L", "N"], "VA": ["H", "L", "N"], "SC": ["H", "L", "N"], "SI": ["H", "L", "N"], "SA": ["H", "L", "N"],
        "E": ["X", "A", "P", "U"], "CR": ["X", "H", "M", "L"], "IR": ["X", "H", "M", "L"], "AR": ["X", "H", "M", "L"],
        "MAV": ["X", "N", "A", "L", "P"], "MAC": ["X", "L", "H"], "MAT": ["X", "N", "P"], "MPR": ["X", "N", "L", "H"],
        "MUI": ["X", "N", "P", "A"], "MVC": ["X", "H", "L", "N"], "MVI": ["X", "H", "L", "N"], "MVA": ["X", "H", "L", "N"],
        "MSC": ["X", "H", "L", "N"], "MSI": ["X", "S", "H", "L", "N"], "MSA": ["X", "S", "H", "L", "N"],
        "S": ["X", "N", "P"], "AU": ["X", "N", "Y"], "R": ["X", "A", "U", "I"], "V": ["X", "D", "C"],
        "RE": ["X", "L", "M", "H"], "U": ["X", "Clear", "Green", "Amber", "Red"],
    ]

    /// Section 8: the effective metric values, the MacroVector and the interpolation.
    private struct Scorer {
        let metrics: [String: String]

        /// The value a metric takes in scoring: the worst case for an unset E/CR/IR/AR, a modified
        /// (environmental) value over its base metric.
        func value(_ metric: String) -> String {
            let own = metrics[metric] ?? "X"
            if own == "X", let worst = ["E": "A", "CR": "H", "IR": "H", "AR": "H"][metric] { return worst }
            if let modified = metrics["M" + metric], modified != "X" { return modified }
            return own
        }

        var macroVector: String {
            let av = value("AV"), pr = value("PR"), ui = value("UI")
            let eq1: Int
            if av == "N", pr == "N", ui == "N" {
                eq1 = 0
            } else if (av == "N" || pr == "N" || ui == "N"), av != "P" {
                eq1 = 1
            } else {
                eq1 = 2
            }
            let eq2 = value("AC") == "L" && value("AT") == "N" ? 0 : 1
            let vc = value("VC"), vi = value("VI"), va = value("VA")
            let eq3 = vc == "H" && vi == "H" ? 0 : (vc == "H" || vi == "H" || va == "H") ? 1 : 2
            let msi = metrics["MSI"] ?? "X", msa = metrics["MSA"] ?? "X"
            let eq4 = msi == "S" || msa == "S" ? 0 : (value("SC") == "H" || value("SI") == "H" || value("SA") == "H") ? 1 : 2
            let eq5 = ["A": 0, "P": 1, "U": 2][value("E")]!
            let eq6 = (value("CR") == "H" && vc == "H") || (value("IR") == "H" && vi == "H") || (value("AR") == "H" && va == "H") ? 0 : 1
            return "\(eq1)\(eq2)\(eq3)\(eq4)\(eq5)\(eq6)"
        }

        static let levels: [String: [String: Double]] = [
            "AV": ["N": 0.0, "A": 0.1, "L": 0.2, "P": 0.3], "PR": ["N": 0.0, "L": 0.1, "H": 0.2], "UI": ["N": 0.0, "P": 0.1, "A": 0.2],
            "AC": ["L": 0.0, "H": 0.1], "AT": ["N": 0.0, "P": 0.1],
            "VC": ["H": 0.0, "L": 0.1, "N": 0.2], "VI": ["H": 0.0, "L": 0.1, "N": 0.2], "VA": ["H": 0.0, "L": 0.1, "N": 0.2],
            "SC": ["H": 0.1, "L": 0.2, "N": 0.3], "SI": ["S": 0.0, "H": 0.1, "L": 0.2, "N": 0.3], "SA": ["S": 0.0, "H": 0.1, "L": 0.2, "N": 0.3],
            "CR": ["H": 0.0, "M": 0.1, "L": 0.2], "IR": ["H": 0.0, "M": 0.1, "L": 0.2], "AR": ["H": 0.0, "M": 0.1, "L": 0.2],
            "E": ["U": 0.2, "P": 0.1, "A": 0.0],
        ]

        func computeScore() -> Double {
            if ["VC", "VI", "VA", "SC", "SI", "SA"].allSatisfy({ value($0) == "N" }) { return 0 }
            let macro = macroVector
            let eq = macro.map { Int(String($0))! }
            let table = CVSS4Tables.macroVectorScores
            guard let base = table[macro] else { return 0 }
            func lower(_ index: Int, by step: Int = 1) -> String {
                var copy = eq
                copy[index] += step
                return copy.map(String.init).joined()
            }
            let eq3eq6Lower: Double?
            switch (eq[2], eq[5]) {
            case (0, 0):
                // Two lower MacroVectors; the higher one counts (and, as in FIRST's calculator, none when either is missing).
                if let left = table[lower(5)], let right = table[lower(2)] { eq3eq6Lower = max(left, right) } else { eq3eq6Lower = nil }
            case (1, 1), (0, 1): eq3eq6Lower = table[lower(2)]
            case (1, 0): eq3eq6Lower = table[lower(5)]
            default:
                var copy = eq
                copy[2] += 1
                copy[5] += 1
                eq3eq6Lower = table[copy.map(String.init).joined()]
            }
            let lowerScores: [Double?] = [table[lower(0)], table[lower(1)], eq3eq6Lower, table[lower(3)], table[lower(4)]]

            // The highest-severity vectors of this MacroVector; the first one no metric is above.
            let maxima: [[String]] = [
                CVSS4Tables.maxComposedEQ1[eq[0]] ?? [], CVSS4Tables.maxComposedEQ2[eq[1]] ?? [],
                CVSS4Tables.maxComposedEQ3[eq[2]]?[eq[5]] ?? [], CVSS4Tables.maxComposedEQ4[eq[3]] ?? [],
                CVSS4Tables.maxComposedEQ5[eq[4]] ?? [],
            ]
            var candidates = [""]
            for options in maxima { candidates = candidates.flatMap { prefix in options.map { prefix + $0 } } }
            var distances: [String: Double] = [:]
            for candidate in candidates {
                var values: [String: String] = [:]
                for part in candidate.split(separator: "/") {
                    let pair = part.split(separator: ":")
                    values[String(pair[0])] = String(pair[1])
                }
                var found: [String: Double] = [:]
                for (metric, levels) in Self.levels {
                    found[metric] = levels[value(metric)]! - levels[values[metric]!]!
                }
                distances = found
                if found.values.allSatisfy({ $0 >= 0 }) { break }
            }
            func sum(_ names: [String]) -> Double { names.reduce(0) { $0 + distances[$1]! } }
            let current = [sum(["AV", "PR", "UI"]), sum(["AC", "AT"]), sum(["VC", "VI", "VA", "CR", "IR", "AR"]), sum(["SC", "SI", "SA"]), 0]
            let step = 0.1
            let depths: [Double] = [
                CVSS4Tables.maxSeverityEQ1[eq[0]]! * step, CVSS4Tables.maxSeverityEQ2[eq[1]]! * step,
                CVSS4Tables.maxSeverityEQ3EQ6[eq[2]]![eq[5]]! * step, CVSS4Tables.maxSeverityEQ4[eq[3]]! * step, 1,
            ]
            var existing = 0
            var total = 0.0
            for index in 0..<5 {
                guard let lowerScore = lowerScores[index] else { continue }
                existing += 1
                if index < 4 { total += (base - lowerScore) * (current[index] / depths[index]) }
            }
            let mean = existing == 0 ? 0 : total / Double(existing)
            let unrounded = max(0, min(10, base - mean))
            return ((unrounded + 1e-6) * 10 + 0.5).rounded(.down) / 10
        }
    }
}

/// FIRST's CVSS v4.0 MacroVector tables; the data is generated (``CVSS4Tables+Data.swift``).
enum CVSS4Tables {}
