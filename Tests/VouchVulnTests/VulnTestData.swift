import Foundation
import Testing
import VouchTestSupport

/// The real OSV data and version-order fixtures under `../shared/vulndb` (read-only, never copied into
/// the repository), found from the package root upwards so a checkout in a worktree finds it too.
enum VulnTestData {
    static let root: String? = {
        var directory = Fixtures.repositoryRoot
        for _ in 0..<4 {
            directory.deleteLastPathComponent()
            let candidate = directory.appendingPathComponent("shared/vulndb").path
            if FileManager.default.fileExists(atPath: candidate + "/README.md") { return candidate }
        }
        return nil
    }()

    /// True when the data is there, or under CI (where its absence must fail the test, not skip it).
    static var shouldRun: Bool { root != nil || Peers.isCI }

    /// `../shared/vulndb/<relative>`, or a thrown error saying the data is missing.
    static func path(_ relative: String) throws -> String {
        guard let root else { throw MissingData(relative: relative) }
        return root + "/" + relative
    }

    struct MissingData: Error, CustomStringConvertible {
        let relative: String
        var description: String { "../shared/vulndb/\(relative) is missing (the shared OSV test data)" }
    }

    /// The comparisons in a version-order fixture: `a < b`, `a > b`, `a = b`; blank lines and `//` comments skipped.
    static func pairs(_ relative: String) throws -> [(String, String, Int)] {
        let text = try String(contentsOfFile: try path(relative), encoding: .utf8)
        var pairs: [(String, String, Int)] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("//") {
            let words = line.split(separator: " ")
            guard words.count == 3 else { continue }
            let order: Int
            switch words[1] {
            case "<": order = -1
            case ">": order = 1
            case "=": order = 0
            default: continue
            }
            pairs.append((String(words[0]), String(words[2]), order))
        }
        return pairs
    }
}

/// A small deterministic random source (SplitMix64), so generated pairs are the same in every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
