import Foundation
import Testing
import VouchCore
import VouchRegex
import VouchSecrets
import VouchTestSupport

/// One compiled detector of the built-in rules for the whole suite (compiling takes about a second).
enum BuiltinDetector {
    static let cache = SecretsCLI.cache
    static let shared: SecretDetector = {
        do { return try SecretDetector(ruleset: .builtin, cacheDirectory: cache) } catch { fatalError("built-in rules do not compile: \(error)") }
    }()
}

@Suite struct BuiltinRulesTests {
    @Test func thereAreAtLeast150RulesWithUniqueKebabCaseIDs() {
        let rules = BuiltinRules.all
        #expect(rules.count >= 150, "only \(rules.count) built-in rules")
        #expect(Set(rules.map(\.id)).count == rules.count)
        for rule in rules {
            #expect(rule.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(rule.id) is not kebab-case")
            #expect(!rule.description.isEmpty, "\(rule.id) has no description")
        }
    }

    @Test func everyRuleHasBothKindsOfSamples() {
        for rule in BuiltinRules.all {
            let pathOnly = rule.regex == nil
            #expect(!(pathOnly ? rule.samples.truePositivePaths : rule.samples.truePositives).isEmpty, "\(rule.id) has no true-positive sample")
            #expect(!(pathOnly ? rule.samples.falsePositivePaths : rule.samples.falsePositives).isEmpty, "\(rule.id) has no false-positive sample")
        }
    }

    @Test func everyRuleFindsItsTruePositivesAndNotItsFalsePositives() throws {
        let detector = BuiltinDetector.shared
        for rule in BuiltinRules.all {
            for (index, sample) in rule.samples.truePositives.enumerated() {
                let found = try detector.findings(in: Array(sample.utf8), target: ScanTarget(path: rule.samples.path)).filter { $0.ruleID == rule.id }
                #expect(!found.isEmpty, "\(rule.id): true positive \(index) not found")
                for finding in found {
                    #expect(!finding.secret.isEmpty && sample.contains(finding.secret), "\(rule.id): secret '\(finding.secret)' is not part of the sample")
                }
            }
            for (index, sample) in rule.samples.falsePositives.enumerated() {
                let found = try detector.findings(in: Array(sample.utf8), target: ScanTarget(path: rule.samples.path)).filter { $0.ruleID == rule.id }
                #expect(found.isEmpty, "\(rule.id): false positive \(index) reported: \(found.map(\.secret))")
            }
            for path in rule.samples.truePositivePaths {
                #expect(detector.pathFindings(target: ScanTarget(path: path)).contains { $0.ruleID == rule.id }, "\(rule.id): path \(path) not reported")
            }
            for path in rule.samples.falsePositivePaths {
                #expect(!detector.pathFindings(target: ScanTarget(path: path)).contains { $0.ruleID == rule.id }, "\(rule.id): path \(path) reported")
            }
        }
    }

    @Test func everyRuleRegexIsBoundedAndHasNoLeadingWildcardPrefix() throws {
        let detector = BuiltinDetector.shared
        let prefiltered = Set(detector.database.prefilteredPatterns)
        for (index, pattern) in detector.database.patterns.enumerated() where pattern.kind == .regex {
            #expect(!pattern.expression.contains(#"[\w.-]{0,50}?"#), "\(pattern.name) starts with the slow gitleaks prefix")
            if !prefiltered.contains(index) {
                #expect(detector.database.maximumWidth(ofPattern: index) != nil, "\(pattern.name) has an unbounded quantifier")
            }
        }
    }

    @Test func theRepositorysOwnSourcesScanClean() throws {
        let scan = SecretScan(detector: BuiltinDetector.shared)
        var findings: [SecretFinding] = []
        let summary = try scan.scan(paths: [Fixtures.repositoryRoot.appendingPathComponent("Sources").path]) { findings.append($0) }
        #expect(summary.filesScanned > 50)
        #expect(findings.isEmpty, "\(findings.map { "\($0.file):\($0.line) \($0.ruleID)" })")
    }
}

@Suite struct GitleaksRuleMappingTests {
    @Test func everyMappedGitleaksRuleNamesABuiltinRule() {
        let ids = Set(BuiltinRules.all.map(\.id))
        for (gitleaks, vouch) in GitleaksRuleMapping.vouchRuleID {
            #expect(ids.contains(vouch), "\(gitleaks) maps to \(vouch), which is not a built-in rule")
            #expect(!ids.contains(gitleaks), "\(gitleaks) is a built-in rule id itself; its mapping would hide it")
        }
    }

    @Test func aGitleaksConfigDisablingAGitleaksIDDisablesTheMappedRule() throws {
        let directory = try TemporaryDirectory("vouch-gitleaks-mapping")
        let path = try directory.write("gitleaks.toml", "[extend]\nuseDefault = true\ndisabledRules = [\"aws-access-token\", \"twitter-api-key\"]\n")
        let ruleset = try SecretRuleset.load(configPath: path)
        #expect(!ruleset.rules.contains { $0.id == "aws-access-key-id" })
        #expect(ruleset.rules.contains { $0.id == "generic-api-key" }, "a gitleaks id the generic rule covers disables nothing")
    }
}
