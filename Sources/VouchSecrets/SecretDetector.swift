#if canImport(Glibc)
import Glibc
#endif
import Foundation
public import VouchCore
import CVouchPatterns
import VouchCrypto
import VouchFiles
public import VouchRegex

/// A ruleset compiled for scanning: all rule regexes and keywords in one ``PatternDatabase``, and every
/// allowlist compiled. Immutable and shared by all scanning threads; each thread scans through its own
/// ``PatternScanner`` (``makeScanner()``).
///
/// After a regex match is confirmed, a candidate is dropped when: the rule's `path` does not match; the
/// secret's entropy is at or under the rule's floor; a `generic…` rule's secret has no digit (as in
/// gitleaks); the line carries `vouch:allow` or `gitleaks:allow`; or a global or rule allowlist allows it.
public final class SecretDetector: Sendable {
    public let ruleset: SecretRuleset
    public let database: PatternDatabase
    /// For each regex pattern of the database, the index of its rule.
    private let patternRules: [Int]
    private let rulePaths: [ByteRegex?]
    private let ruleAllowlists: [[CompiledAllowlist]]
    private let globalAllowlists: [CompiledAllowlist]
    /// Rules with a `path` and no regex: a finding for every file whose path matches.
    private let pathOnlyRules: [Int]
    /// Per rule: whether typed-in placeholders are dropped (``looksFilledIn(_:)``); built-in rules only, so a
    /// custom rule reports exactly what its regex, entropy and allowlists say.
    private let dropsFilledIn: [Bool]
    private let testPaths: ByteRegex

    /// Compiles `ruleset`; `cacheDirectory` (see ``defaultCacheDirectory``) keeps compiled databases.
    public init(ruleset: SecretRuleset, cacheDirectory: String? = SecretDetector.defaultCacheDirectory) throws(VouchError) {
        self.ruleset = ruleset
        var ids = Set<String>()
        for rule in ruleset.rules {
            guard !rule.id.isEmpty else { throw VouchError(.malformedInput, "a rule has an empty id") }
            guard ids.insert(rule.id).inserted else { throw VouchError(.malformedInput, "rule id '\(rule.id)' is defined twice") }
            guard rule.regex != nil || rule.path != nil else {
                throw VouchError(.malformedInput, "\(rule.id): a rule needs a regex or a path")
            }
        }
        var patterns: [ScanPattern] = []
        var patternRules: [Int] = []
        var keywordPatterns: [String] = []
        var keywordIndex: [String: Int] = [:]
        let regexRules = ruleset.rules.indices.filter { ruleset.rules[$0].regex != nil }
        // Keywords go after all regexes; their indices are known once the regex count is.
        for ruleIndex in regexRules {
            for keyword in ruleset.rules[ruleIndex].keywords.map({ $0.lowercased() }) where !keyword.isEmpty && keywordIndex[keyword] == nil {
                keywordIndex[keyword] = regexRules.count + keywordPatterns.count
                keywordPatterns.append(keyword)
            }
        }
        for ruleIndex in regexRules {
            let rule = ruleset.rules[ruleIndex]
            let required = rule.keywords.compactMap { keywordIndex[$0.lowercased()] }
            patterns.append(ScanPattern(name: rule.id, regex: rule.regex!, requiredLiterals: required))
            patternRules.append(ruleIndex)
        }
        for keyword in keywordPatterns { patterns.append(ScanPattern(name: "keyword '\(keyword)'", caselessLiteral: keyword)) }
        if patterns.isEmpty { patterns.append(ScanPattern(name: "none", caselessLiteral: "\u{1}vouch-no-rules\u{1}")) }
        database = try PatternDatabase(patterns: patterns, cacheDirectory: cacheDirectory,
                                       prebuilt: UnsafeRawBufferPointer(start: vouch_builtin_patterns(), count: Int(vouch_builtin_patterns_size())))
        self.patternRules = patternRules
        var rulePaths: [ByteRegex?] = []
        var ruleAllowlists: [[CompiledAllowlist]] = []
        for rule in ruleset.rules {
            rulePaths.append(try rule.path.map { (pattern) throws(VouchError) in try ByteRegex(pattern, name: "\(rule.id): path") })
            var lists: [CompiledAllowlist] = []
            for list in rule.allowlists { lists.append(try CompiledAllowlist(list, owner: rule.id)) }
            ruleAllowlists.append(lists)
        }
        self.rulePaths = rulePaths
        self.ruleAllowlists = ruleAllowlists
        var global: [CompiledAllowlist] = []
        for list in ruleset.allowlists { global.append(try CompiledAllowlist(list, owner: "global allowlist")) }
        globalAllowlists = global
        pathOnlyRules = ruleset.rules.indices.filter { ruleset.rules[$0].regex == nil }
        let builtinIDs = Set(BuiltinRules.all.map(\.id))
        dropsFilledIn = ruleset.rules.map { builtinIDs.contains($0.id) }
        testPaths = try ByteRegex(SecretConfidence.testPathRegex, name: "test paths")
    }

    /// `$XDG_CACHE_HOME/vouch`, else `$HOME/.cache/vouch`; nil when neither is set.
    public static var defaultCacheDirectory: String? { UserCacheDirectory.path() }

    /// A scanner for one thread.
    public func makeScanner() throws(VouchError) -> PatternScanner { try PatternScanner(database: database) }

    /// Every finding in `bytes`, in order of rule then position.
    public func findings(in bytes: UnsafeRawBufferPointer, target: ScanTarget, scanner: PatternScanner) throws(VouchError) -> [SecretFinding] {
        var findings = pathFindings(target: target) + (try matchFindings(in: bytes, target: target, scanner: scanner))
        if target.lineNumbers == nil && KubernetesSecretData.applies(path: target.path, bytes: bytes) {
            findings = try withDecodedSecretData(findings, bytes: bytes, target: target, scanner: scanner)
        }
        return SecretDetector.droppingGenericDuplicates(findings).map { finished($0, target: target) }
    }

    /// Confidence, the test-key mark and the root, from the rule and the path relative to the root.
    private func finished(_ finding: SecretFinding, target: ScanTarget) -> SecretFinding {
        var finding = finding
        let generic = finding.ruleID.hasPrefix("generic") || finding.ruleID == SecretDetector.kubernetesDataRule
        let inTests = testPaths.matches(target.stablePath)
        finding.confidence = generic ? .medium : .high
        if inTests {
            finding.confidence = finding.confidence.lowered
            if finding.ruleID.hasPrefix("private-key") { finding.tags.append("test-key") }
        }
        finding.root = target.root
        finding.relativeFile = target.relativePath
        return finding
    }

    /// The rule whose matches are base64 values of a Kubernetes Secret's `data`.
    static let kubernetesDataRule = "kubernetes-secret-data"

    /// Replaces what the rules found in the base64 text of a Kubernetes Secret's `data:` values by what
    /// they find in the decoded values (scanned as `key: value` at the entry's line); an entry whose
    /// decoded value no rule recognizes but that looks like a secret (some entropy, not a placeholder)
    /// is reported as `kubernetes-secret-data`, when that rule is in the ruleset.
    private func withDecodedSecretData(_ found: [SecretFinding], bytes: UnsafeRawBufferPointer, target: ScanTarget, scanner: PatternScanner) throws(VouchError) -> [SecretFinding] {
        let entries = KubernetesSecretData.entries(bytes)
        guard !entries.isEmpty else { return found }
        let encodedValues = Set(entries.map(\.encoded))
        var result = found.filter { $0.ruleID != SecretDetector.kubernetesDataRule && !encodedValues.contains($0.secret) }
        let dataRule = ruleset.rules.first { $0.id == SecretDetector.kubernetesDataRule }
        for entry in entries {
            var decodedFindings: [SecretFinding] = []
            if entry.decoded.withUnsafeBytes({ TextContent.classify($0) }) == .text {
                let text = Array(entry.key.utf8) + Array(": ".utf8) + entry.decoded + [0x0A]
                let lineCount = text.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                let decodedTarget = ScanTarget(path: target.path, commit: target.commit, layer: target.layer, lineNumbers: Array(repeating: entry.line, count: lineCount + 1),
                                               root: target.root, relativePath: target.relativePath)
                for var finding in try SecretScan.withBytes(text, { (raw) throws(VouchError) in try matchFindings(in: raw, target: decodedTarget, scanner: scanner) }) {
                    finding.column = 0
                    finding.match = entry.key + ": " + entry.encoded
                    finding.tags.append("base64-decoded")
                    decodedFindings.append(finding)
                }
            }
            if !decodedFindings.isEmpty {
                result += decodedFindings
            } else if let dataRule, decodedValueLooksSecret(entry.decoded, path: target.path) {
                result.append(SecretFinding(
                    ruleID: dataRule.id, description: dataRule.description, file: target.path, line: entry.line, column: 0, endLine: entry.line,
                    secret: entry.encoded, match: entry.key + ": " + entry.encoded, entropy: (ShannonEntropy.of(entry.encoded) * 1000).rounded() / 1000,
                    fingerprint: fingerprint(rule: dataRule.id, target: target, secret: entry.encoded), tags: dataRule.tags + ["base64-decoded"],
                    commit: target.commit?.hash, author: target.commit?.author, email: target.commit?.email, date: target.commit?.date, layer: target.layer))
            }
        }
        return result
    }

    /// A decoded Secret value worth reporting: text or bytes of some entropy that no global allowlist
    /// takes for a placeholder.
    func decodedValueLooksSecret(_ decoded: [UInt8], path: String) -> Bool {
        let text = String(decoding: decoded, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.count >= 6, ShannonEntropy.of(text) > 2.5 else { return false }
        let candidate = CompiledAllowlist.Candidate(path: path, secret: text, match: text, line: text, commit: nil)
        return !globalAllowlists.contains { $0.allows(candidate) }
    }

    /// The findings of rules that only match paths (gitleaks `path` without `regex`, e.g. `pkcs12-file`);
    /// these apply to binary files too.
    public func pathFindings(target: ScanTarget) -> [SecretFinding] {
        var findings: [SecretFinding] = []
        for ruleIndex in pathOnlyRules where rulePaths[ruleIndex]?.matches(target.stablePath) == true {
            let rule = ruleset.rules[ruleIndex]
            findings.append(SecretFinding(
                ruleID: rule.id, description: rule.description, file: target.path, line: 0, column: 0, endLine: 0,
                secret: "", match: "file detected: \(target.path)", entropy: 0,
                fingerprint: fingerprint(rule: rule.id, target: target, secret: ""), tags: rule.tags,
                commit: target.commit?.hash, author: target.commit?.author, email: target.commit?.email,
                date: target.commit?.date, layer: target.layer))
        }
        return findings
    }

    /// Every finding of the rules' regexes in `bytes`, in order of rule then position.
    private func matchFindings(in bytes: UnsafeRawBufferPointer, target: ScanTarget, scanner: PatternScanner) throws(VouchError) -> [SecretFinding] {
        var findings: [SecretFinding] = []
        let matches = try scanner.scan(bytes)
        guard !matches.isEmpty else { return findings }
        let lines = LineIndex(bytes)
        for match in matches {
            let ruleIndex = patternRules[match.pattern]
            let rule = ruleset.rules[ruleIndex]
            if let path = rulePaths[ruleIndex], !path.matches(target.stablePath) { continue }
            let secretRange = SecretDetector.secretRange(of: match, group: rule.secretGroup)
            let secret = SecretDetector.text(bytes, secretRange)
            let entropy = ShannonEntropy.of(secret)
            if rule.entropy > 0 && entropy <= rule.entropy { continue }
            if rule.id.hasPrefix("generic") && !secret.utf8.contains(where: { $0 >= 48 && $0 <= 57 }) { continue }
            if dropsFilledIn[ruleIndex] && SecretDetector.looksFilledIn(secret) { continue }
            let lineRange = lines.lineRange(containing: match.range.lowerBound)
            let lineText = SecretDetector.text(bytes, lineRange)
            if lineText.contains("vouch:allow") || lineText.contains("gitleaks:allow") { continue }
            // The match ends at the secret's terminator; a trailing newline or space is not part of it
            // (it broke CSV rows and made a match span two lines).
            var matchEnd = match.range.upperBound
            while matchEnd > max(match.range.lowerBound + 1, secretRange.upperBound), SecretDetector.isTrailingSpace(bytes[matchEnd - 1]) { matchEnd -= 1 }
            let matchRange = match.range.lowerBound..<matchEnd
            let matchText = SecretDetector.text(bytes, matchRange)
            let candidate = CompiledAllowlist.Candidate(path: target.stablePath, secret: secret, match: matchText, line: lineText, commit: target.commit?.hash)
            if globalAllowlists.contains(where: { $0.allows(candidate) }) { continue }
            if ruleAllowlists[ruleIndex].contains(where: { $0.allows(candidate) }) { continue }
            let startLine = lines.lineNumber(of: match.range.lowerBound)
            let endLine = lines.lineNumber(of: max(matchRange.lowerBound, matchRange.upperBound - 1))
            findings.append(SecretFinding(
                ruleID: rule.id, description: rule.description, file: target.path,
                line: target.lineNumbers.map { startLine - 1 < $0.count ? $0[startLine - 1] : startLine } ?? startLine,
                column: match.range.lowerBound - lineRange.lowerBound + 1,
                endLine: target.lineNumbers.map { endLine - 1 < $0.count ? $0[endLine - 1] : endLine } ?? endLine,
                secret: secret, match: matchText, entropy: (entropy * 1000).rounded() / 1000,
                fingerprint: fingerprint(rule: rule.id, target: target, secret: secret), tags: rule.tags,
                commit: target.commit?.hash, author: target.commit?.author, email: target.commit?.email,
                date: target.commit?.date, layer: target.layer))
        }
        return findings
    }

    /// A placeholder made by typing: one character is most of it (`ghp_xxxx…`, `glsa_XXXX…_AAAAAAAA`), or it
    /// holds a run of 10 consecutive ascending letters or digits (`abcdefghij`, `0123456789`), or a unit
    /// of 2-4 characters repeated for 12 or more (`123123123123`); random 16+ character tokens hold
    /// these with negligible probability.
    static func looksFilledIn(_ secret: String) -> Bool {
        let bytes = Array(secret.utf8)
        guard bytes.count >= 16 else { return false }
        var counts = [Int](repeating: 0, count: 256)
        var run = 1
        for (index, byte) in bytes.enumerated() {
            counts[Int(byte)] += 1
            if index > 0 {
                let previous = bytes[index - 1]
                let alphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                run = alphanumeric && byte == previous &+ 1 ? run + 1 : 1
                if run >= 10 { return true }
            }
        }
        if counts.max()! * 10 >= bytes.count * 6 { return true }
        for period in 2...4 {
            var repeated = 0
            for index in period..<bytes.count {
                // A run of one character is left to the check above (`A{22}` opens every X bearer token).
                repeated = bytes[index] == bytes[index - period] && bytes[index] != bytes[index - 1] ? repeated + 1 : 0
                if repeated + period >= 12 { return true }
            }
        }
        return false
    }

    static func isTrailingSpace(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D || byte == 0x20 || byte == 0x09 }

    /// A `generic…` finding whose secret overlaps a specific rule's finding on the same line says
    /// nothing new (gitleaks drops these too); the specific finding is kept.
    static func droppingGenericDuplicates(_ findings: [SecretFinding]) -> [SecretFinding] {
        let specific = findings.filter { !$0.ruleID.hasPrefix("generic") }
        guard !specific.isEmpty, specific.count < findings.count else { return findings }
        return findings.filter { finding in
            guard finding.ruleID.hasPrefix("generic") else { return true }
            return !specific.contains { other in
                other.line <= finding.line && finding.line <= other.endLine
                    && (other.secret.contains(finding.secret) || finding.secret.contains(other.secret))
            }
        }
    }

    /// Scans a byte array (tests, samples, small inputs) with a scanner of its own.
    public func findings(in bytes: [UInt8], target: ScanTarget) throws(VouchError) -> [SecretFinding] {
        let scanner = try makeScanner()
        var result: Result<[SecretFinding], VouchError> = .success([])
        bytes.withUnsafeBytes { raw in
            do throws(VouchError) { result = .success(try findings(in: raw, target: target, scanner: scanner)) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    /// `[commit:]file:rule:` and the first 16 hex digits of the SHA-256 of the secret.
    func fingerprint(rule: String, target: ScanTarget, secret: String) -> String {
        let hash = (try? DigestHasher.digest(of: Array(secret.utf8)).hex.prefix(16)).map(String.init) ?? ""
        let prefix = target.commit.map { "\($0.hash):" } ?? (target.layer.map { "layer\($0):" } ?? "")
        return "\(prefix)\(target.stablePath):\(rule):\(hash)"
    }

    /// The rule's secret group, or the first group that matched, or the whole match.
    static func secretRange(of match: PatternMatch, group: Int) -> Range<Int> {
        if group > 0 {
            return group <= match.groups.count ? (match.groups[group - 1] ?? match.range) : match.range
        }
        return match.groups.lazy.compactMap { $0 }.first { !$0.isEmpty } ?? match.range
    }

    static func text(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
