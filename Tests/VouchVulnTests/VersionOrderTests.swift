import Foundation
import Testing
import VouchTestSupport
@testable import VouchVuln

/// PEP 440 and dpkg version order: every pair of the shared fixtures, and generated pairs against the
/// reference implementations (Python's `packaging`, `dpkg --compare-versions`).
@Suite struct VersionOrderTests {
    static func sign(_ value: Int) -> Int { value < 0 ? -1 : value > 0 ? 1 : 0 }

    static func compare(_ a: PyPIVersion, _ b: PyPIVersion) -> Int { a < b ? -1 : b < a ? 1 : 0 }

    @Test(.enabled(if: VulnTestData.shouldRun), arguments: ["version-order/pypi-versions.txt", "version-order/pypi-versions-generated.txt"])
    func everyPyPIFixturePairIsOrdered(_ file: String) throws {
        let pairs = try VulnTestData.pairs(file)
        #expect(pairs.count >= 30)
        var wrong: [String] = []
        for (a, b, order) in pairs {
            let left = PyPIVersion(a), right = PyPIVersion(b)
            if Self.compare(left, right) != order || Self.compare(right, left) != -order { wrong.append("\(a) vs \(b)") }
            if order == 0, left.hashValue != right.hashValue { wrong.append("hash \(a) vs \(b)") }
        }
        #expect(wrong.isEmpty, "\(wrong.count) pairs misordered: \(wrong.prefix(20))")
    }

    @Test(.enabled(if: VulnTestData.shouldRun), arguments: ["version-order/debian-versions.txt", "version-order/debian-versions-generated.txt"])
    func everyDebianFixturePairIsOrdered(_ file: String) throws {
        let pairs = try VulnTestData.pairs(file)
        #expect(pairs.count >= 30)
        var wrong: [String] = []
        for (a, b, order) in pairs {
            guard let left = DebianVersion(a), let right = DebianVersion(b) else { wrong.append("unparsed \(a) / \(b)"); continue }
            if DebianVersion.compare(left, right) != order || DebianVersion.compare(right, left) != -order { wrong.append("\(a) vs \(b)") }
            if order == 0, left.hashValue != right.hashValue { wrong.append("hash \(a) vs \(b)") }
        }
        #expect(wrong.isEmpty, "\(wrong.count) pairs misordered: \(wrong.prefix(20))")
    }

    @Test func legacyVersionsSortBeforeEveryPEP440Version() {
        #expect(PyPIVersion("0.2.0-n653").isLegacy)
        #expect(PyPIVersion("0.2.0-n653") < PyPIVersion("0.0.0.dev0"))
        #expect(PyPIVersion("0.1-bulbasaur") < PyPIVersion("0.1-charmander"))
        #expect(!PyPIVersion("2022.12.07").isLegacy)
        #expect(PyPIVersion("2022.12.07") == PyPIVersion("2022.12.7"))
        #expect(PyPIVersion("1.0") == PyPIVersion("1.0.0") && PyPIVersion("1.0").hashValue == PyPIVersion("1.0.0").hashValue)
    }

    @Test func debianTildeSortsBeforeTheEndAndEpochsWin() throws {
        let v = { (text: String) in DebianVersion(text)! }
        #expect(v("1.0~rc1") < v("1.0"))
        #expect(v("1.0") < v("1.0+deb11u1"))
        #expect(v("1:0.1") > v("9.9"))
        #expect(v("1.0") == v("1.0-0"))
        #expect(DebianVersion("") == nil && DebianVersion("a:1") == nil && DebianVersion("1 0") == nil)
    }

    /// Random dpkg-valid versions (epoch, upstream starting with a digit, revision), each pair compared by
    /// `dpkg --compare-versions` too.
    @Test(.enabled(if: Peers.shouldRun("dpkg")))
    func generatedDebianPairsAgreeWithDpkg() throws {
        let dpkg = try Peers.require("dpkg")
        var random = SeededGenerator(state: 14)
        let pieces = ["0", "1", "2", "10", "01", "9", ".", "+", "~", "a", "b", "rc", "deb11u1", "~bpo", "ubuntu", ".0", "z", "A"]
        func version() -> String {
            var text = Bool.random(using: &random) ? "" : "\(Int.random(in: 0...2, using: &random)):"
            text += ["0", "1", "2", "10"].randomElement(using: &random)!
            for _ in 0..<Int.random(in: 0...4, using: &random) { text += pieces.randomElement(using: &random)! }
            if Bool.random(using: &random) {
                text += "-" + ["0", "1", "2", "1~", "1+b1", "a"].randomElement(using: &random)!
                if Bool.random(using: &random) { text += pieces.randomElement(using: &random)! }
            }
            return text
        }
        var pairs: [(String, String)] = []
        for _ in 0..<300 {
            let a = version()
            // Half the pairs share a prefix, so the comparison reaches the interesting part.
            let b = Bool.random(using: &random) ? a + pieces.randomElement(using: &random)! : version()
            pairs.append((a, b))
        }
        let directory = try TemporaryDirectory("dpkg-order")
        let list = try directory.write("pairs.txt", pairs.map { "\($0.0) \($0.1)" }.joined(separator: "\n") + "\n")
        let script = """
            while read -r a b; do
              if '\(dpkg)' --compare-versions "$a" lt "$b"; then echo -1
              elif '\(dpkg)' --compare-versions "$a" eq "$b"; then echo 0
              else echo 1; fi
            done < '\(list)'
            """
        let result = try CommandRunner.shell(script)
        #expect(result.status == 0, "\(result.stderr)")
        let answers = result.stdout.split(separator: "\n").compactMap { Int($0) }
        try #require(answers.count == pairs.count)
        var wrong: [String] = []
        for (index, (a, b)) in pairs.enumerated() {
            let ours = DebianVersion.compare(DebianVersion(a)!, DebianVersion(b)!)
            if ours != answers[index] { wrong.append("\(a) vs \(b): dpkg \(answers[index]), vouch \(ours)") }
        }
        #expect(wrong.isEmpty, "\(wrong)")
    }

    /// Random PEP 440 versions in many spellings, each pair compared by `packaging.version.Version` too.
    @Test(.enabled(if: Peers.shouldRun("python3")))
    func generatedPEP440PairsAgreeWithPackaging() throws {
        let python = try Peers.require("python3")
        var random = SeededGenerator(state: 440)
        func version() -> String {
            var text = Int.random(in: 0..<6, using: &random) == 0 ? "\(Int.random(in: 1...2, using: &random))!" : ""
            if Int.random(in: 0..<8, using: &random) == 0 { text = "v" + text }
            text += (0..<Int.random(in: 1...4, using: &random)).map { _ in ["0", "1", "2", "00", "10"].randomElement(using: &random)! }.joined(separator: ".")
            if Bool.random(using: &random) {
                text += ["a", "b", "rc", "c", "alpha", "beta", "pre", "preview", ".a", "-b", "_rc", "A"].randomElement(using: &random)!
                if Bool.random(using: &random) { text += ["0", "1", "2"].randomElement(using: &random)! }
            }
            if Int.random(in: 0..<3, using: &random) == 0 { text += [".post1", "-1", ".post", "post2", "-r3", ".rev0", "_post1"].randomElement(using: &random)! }
            if Int.random(in: 0..<3, using: &random) == 0 { text += [".dev0", "dev", ".dev1", "-dev2", "_DEV3"].randomElement(using: &random)! }
            if Int.random(in: 0..<4, using: &random) == 0 { text += ["+local", "+1", "+abc.2", "+0.a", "+ubuntu-1", "+01"].randomElement(using: &random)! }
            return text
        }
        var pairs: [(String, String)] = []
        for _ in 0..<2000 {
            let a = version()
            pairs.append((a, Int.random(in: 0..<4, using: &random) == 0 ? a : version()))
        }
        let script = """
            import sys
            from packaging.version import Version
            for line in sys.stdin:
                a, b = line.split()
                x, y = Version(a), Version(b)
                print(-1 if x < y else 1 if x > y else 0)
            """
        let directory = try TemporaryDirectory("pep440-order")
        let file = try directory.write("order.py", script)
        let result = try CommandRunner.run(python, [file], stdin: Array(pairs.map { "\($0.0) \($0.1)\n" }.joined().utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let answers = result.stdout.split(separator: "\n").compactMap { Int($0) }
        try #require(answers.count == pairs.count)
        var wrong: [String] = []
        for (index, (a, b)) in pairs.enumerated() {
            let left = PyPIVersion(a), right = PyPIVersion(b)
            if left.isLegacy || right.isLegacy { wrong.append("not PEP 440 to vouch: \(a) / \(b)"); continue }
            if Self.compare(left, right) != answers[index] { wrong.append("\(a) vs \(b): packaging \(answers[index])") }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
    }
}
