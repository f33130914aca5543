import Foundation
import Testing
import VouchTestSupport
@testable import VouchVuln

/// CVSS v3.x and v4.0 scores: vectors with published scores, FIRST's calculator over every v4.0 vector of
/// the PyPI data (Fixtures/vuln/cvss4-known-scores.txt), and RedHat's `cvss` library over the real data.
@Suite struct SeverityTests {
    @Test(arguments: [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8), ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1), ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", 5.5),
        ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9), ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5),
        ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9), ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8), ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0),
    ])
    func cvss3BaseScores(_ vector: String, _ score: Double) throws {
        #expect(try #require(CVSS3(vector)).baseScore == score)
    }

    @Test func cvss3RoundupAvoidsFloatingPointErrors() {
        #expect(CVSS3.roundup(4.000000000000001) == 4.0)
        #expect(CVSS3.roundup(4.02) == 4.1)
    }

    @Test(arguments: ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                      "CVSS:2.0/AV:N", "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:4.0/AV:N"])
    func incompleteOrInvalidVectorsDoNotScore(_ vector: String) {
        #expect(CVSS3(vector) == nil && CVSS4(vector) == nil)
    }

    /// Scores from FIRST's CVSS v4.0 reference calculator (cvss40.js) for vectors covering every EQ.
    @Test(arguments: [
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", 6.9),
        ("CVSS:4.0/AV:L/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/MAV:A/AU:N/R:A", 7.7),
        ("CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:P/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 2.1),
        ("CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L", 1.0),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 6.3),
        ("CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:H/SI:H/SA:H/MSI:S", 8.1),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0),
    ])
    func cvss4Scores(_ vector: String, _ score: Double) throws {
        #expect(try #require(CVSS4(vector)).score == score)
    }

    @Test func cvss4MatchesFIRSTsCalculatorOnEveryVectorOfThePyPIData() throws {
        let text = try String(contentsOfFile: Fixtures.path("vuln/cvss4-known-scores.txt"), encoding: .utf8)
        var wrong: [String] = []
        var count = 0
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            count += 1
            let ours = CVSS4(String(parts[0]))?.score
            if ours != Double(parts[1]) { wrong.append("\(parts[0]): FIRST \(parts[1]), vouch \(ours.map { "\($0)" } ?? "nil")") }
        }
        #expect(count > 300)
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }

    /// Every CVSS vector in the PyPI data scored by RedHat's `cvss` library (the peer) and by Vouch.
    @Test(.enabled(if: VulnTestData.shouldRun && Peers.shouldRun("python3")))
    func everyVectorOfThePyPIDataAgreesWithTheCVSSLibrary() throws {
        let python = try Peers.require("python3")
        let zip = try VulnTestData.path("PyPI/all.zip")
        let script = """
            import json, sys, zipfile
            from cvss import CVSS3, CVSS4
            z = zipfile.ZipFile(sys.argv[1])
            seen = set()
            for name in z.namelist():
                r = json.loads(z.read(name))
                for s in r.get("severity", []) + [s for a in r.get("affected", []) for s in a.get("severity", [])]:
                    if s["score"] in seen: continue
                    seen.add(s["score"])
                    try:
                        score = (CVSS3 if s["type"] == "CVSS_V3" else CVSS4)(s["score"]).base_score
                    except Exception:
                        score = "invalid"
                    print(s["score"], score)
            """
        let directory = try TemporaryDirectory("cvss-peer")
        let file = try directory.write("scores.py", script)
        let result = try CommandRunner.run(python, [file, zip])
        try #require(result.status == 0, "\(result.stderr)")
        var wrong: [String] = []
        var count = 0
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ")
            let vector = String(parts[0])
            let ours = vector.hasPrefix("CVSS:4.0") ? CVSS4(vector)?.score : CVSS3(vector)?.baseScore
            count += 1
            let theirs = Double(parts[1])
            if ours != theirs { wrong.append("\(vector): cvss \(parts[1]), vouch \(ours.map { "\($0)" } ?? "nil")") }
        }
        #expect(count > 800)
        #expect(wrong.isEmpty, "\(wrong.count) differ: \(wrong.prefix(10))")
    }

    @Test func ratingsFollowTheScale() {
        #expect(SeverityLevel(score: 0) == .none && SeverityLevel(score: 0.1) == .low && SeverityLevel(score: 3.9) == .low)
        #expect(SeverityLevel(score: 4.0) == .medium && SeverityLevel(score: 6.9) == .medium && SeverityLevel(score: 7.0) == .high)
        #expect(SeverityLevel(score: 8.9) == .high && SeverityLevel(score: 9.0) == .critical)
        #expect(SeverityLevel(vendor: "MODERATE") == .medium && SeverityLevel(vendor: "not yet assigned") == nil)
    }
}
