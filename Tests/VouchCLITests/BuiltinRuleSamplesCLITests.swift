import Foundation
import Testing
import VouchSecrets
import VouchTestSupport

/// Every built-in rule's own samples, scanned as a user would: one file per sample (under the path the
/// rule's samples name, in a folder of its own), one `vouch secrets scan` of the whole tree with the built
/// binary and its embedded rule database. Each true positive's file must carry a finding of its rule, and
/// no false positive's file may. (The library suite checks the same samples through the detector; this one
/// also covers the binary's prebuilt database, the tree walk and the report.)
///
/// gitleaks' own rule test strings are measured by `Benchmarks/gitleaks-samples.py GITLEAKS_CHECKOUT`,
/// which needs a gitleaks checkout that neither `../shared` nor a registry this project reaches carries.
@Suite struct BuiltinRuleSamplesCLITests {
    @Test func theBuiltBinaryFindsEveryRulesTruePositiveSamplesAndNoneOfItsFalsePositives() throws {
        let directory = try TemporaryDirectory("vouch-rule-samples")
        // folder -> (rule, whether it is a true positive)
        var expected: [String: (rule: String, truePositive: Bool)] = [:]
        for rule in BuiltinRules.all where rule.regex != nil {
            for (kind, samples) in [(true, rule.samples.truePositives), (false, rule.samples.falsePositives)] {
                for sample in samples {
                    let folder = "s\(expected.count)"
                    try directory.write(folder + "/" + rule.samples.path, sample)
                    expected[folder] = (rule.id, kind)
                }
            }
        }
        #expect(expected.values.filter(\.truePositive).count >= 290, "too few samples: \(expected.count)")
        let report = directory.path + "/report.json"
        let result = try SecretsCLI.run(["scan", "--format", "json", "--report", report, "--exit-code", "0", directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        var rulesByFolder: [String: Set<String>] = [:]
        for finding in findings {
            let file = try #require(finding["file"] as? String)
            let relative = file.hasPrefix(directory.path + "/") ? String(file.dropFirst(directory.path.count + 1)) : file
            let folder = String(relative.prefix { $0 != "/" })
            rulesByFolder[folder, default: []].insert(try #require(finding["ruleID"] as? String))
        }
        for (folder, sample) in expected.sorted(by: { $0.key < $1.key }) {
            let found = rulesByFolder[folder, default: []].contains(sample.rule)
            if sample.truePositive {
                #expect(found, "\(sample.rule): true-positive sample \(folder) not reported by the binary")
            } else {
                #expect(!found, "\(sample.rule): false-positive sample \(folder) reported by the binary")
            }
        }
    }
}
