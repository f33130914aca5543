import Foundation
public import VouchCore
import VouchSBOM

/// Applies a ``Policy`` to ``PolicyEvidence``: each configured rule yields one ``RuleOutcome``.
public struct PolicyEvaluator: Sendable {
    public let policy: Policy
    /// "Now", for the provenance age rule.
    public let clock: any WallClock

    public init(policy: Policy, clock: any WallClock = SystemWallClock()) {
        self.policy = policy
        self.clock = clock
    }

    public func evaluate(_ evidence: PolicyEvidence) -> PolicyReport {
        var outcomes: [RuleOutcome] = []
        if policy.integrity != nil { outcomes.append(integrity(evidence)) }
        if let rule = policy.signatures { outcomes.append(signatures(rule, evidence)) }
        for (index, rule) in policy.attestations.enumerated() {
            outcomes.append(attestation(rule, index: index, evidence))
        }
        if let rule = policy.provenance { outcomes.append(provenance(rule, evidence)) }
        if let rule = policy.licenses { outcomes.append(licenses(rule, evidence)) }
        if let rule = policy.secrets { outcomes.append(secrets(rule, evidence)) }
        if let rule = policy.packages { outcomes.append(packages(rule, evidence)) }
        if let rule = policy.vulnerabilities { outcomes.append(vulnerabilities(rule, evidence)) }
        return PolicyReport(subject: evidence.subject.description, rules: outcomes)
    }

    // MARK: - Rules

    func integrity(_ evidence: PolicyEvidence) -> RuleOutcome {
        guard let verdict = evidence.integrity else {
            return RuleOutcome(rule: "integrity", passed: false, reason: "the image's integrity was not checked")
        }
        if verdict.passed {
            return RuleOutcome(rule: "integrity", passed: true, reason: "all \(verdict.checksMade) digest, size and diff_id checks passed")
        }
        return RuleOutcome(
            rule: "integrity", passed: false,
            reason: "\(verdict.failures.count) of \(verdict.checksMade) integrity checks failed",
            details: verdict.failures.map(\.description))
    }

    func signatures(_ rule: SignatureRule, _ evidence: PolicyEvidence) -> RuleOutcome {
        var signers: [String] = []
        var details: [String] = []
        for signature in evidence.signatures {
            if let key = signature.verifiedBy, rule.keys.contains(key), signature.signedDigest == evidence.subject {
                if !signers.contains(key) { signers.append(key) }
                details.append("\(signature.source): verified by key '\(key)'")
            } else if let key = signature.verifiedBy, signature.signedDigest != evidence.subject {
                details.append("\(signature.source): signed by '\(key)' but for \(signature.signedDigest?.description ?? "no digest"), not this image")
            } else if let key = signature.verifiedBy {
                details.append("\(signature.source): verified by key '\(key)', which this rule does not trust")
            } else {
                details.append("\(signature.source): \(signature.problem ?? "no trusted key verified it")")
            }
        }
        let passed = signers.count >= rule.threshold
        let reason = passed
            ? "\(signers.count) of \(rule.keys.count) trusted keys signed \(evidence.subject) (\(rule.threshold) required): \(signers.joined(separator: ", "))"
            : "\(signers.count) of \(rule.keys.count) trusted keys signed \(evidence.subject); \(rule.threshold) required"
                + (evidence.signatures.isEmpty ? " (no signatures found)" : "")
        return RuleOutcome(rule: "signatures", passed: passed, reason: reason, details: details)
    }

    func attestation(_ rule: AttestationRule, index: Int, _ evidence: PolicyEvidence) -> RuleOutcome {
        let name = "attestations[\(index)] (\(rule.type))"
        let trusted = rule.signers.isEmpty ? Array(policy.keys.keys) + Array(policy.keyless.keys) : rule.signers
        let ofType = evidence.attestations.filter { rule.acceptedPredicateTypes.contains($0.predicateType) }
        var details: [String] = []
        for attestation in ofType {
            let bound = attestation.subjectDigests.contains(evidence.subject)
            if let key = attestation.verifiedBy, trusted.contains(key), bound {
                return RuleOutcome(
                    rule: name, passed: true,
                    reason: "\(attestation.predicateType) attestation signed by '\(key)' and bound to \(evidence.subject)",
                    details: ["\(attestation.source): verified by key '\(key)'"])
            }
            if !bound {
                details.append("\(attestation.source): its subject is \(attestation.subjectDigests.map(\.description).joined(separator: ", ")), not \(evidence.subject)")
            } else if let key = attestation.verifiedBy {
                details.append("\(attestation.source): signed by '\(key)', which this rule does not trust")
            } else {
                details.append("\(attestation.source): \(attestation.problem ?? "no trusted key verified it")")
            }
        }
        let reason = ofType.isEmpty
            ? "no attestation of type \(rule.acceptedPredicateTypes.joined(separator: " or ")) was found"
            : "no \(rule.type) attestation is both signed by a trusted key and bound to \(evidence.subject)"
        return RuleOutcome(rule: name, passed: false, reason: reason, details: details)
    }

    func provenance(_ rule: ProvenanceRule, _ evidence: PolicyEvidence) -> RuleOutcome {
        let candidates = evidence.attestations.filter {
            PredicateType.accepted("slsaprovenance").contains($0.predicateType)
                && $0.verifiedBy != nil && $0.subjectDigests.contains(evidence.subject)
        }
        guard !candidates.isEmpty else {
            return RuleOutcome(rule: "provenance", passed: false,
                               reason: "no signed SLSA provenance bound to \(evidence.subject) was found")
        }
        var problemsPerAttestation: [String] = []
        for attestation in candidates {
            guard let data = attestation.predicate else {
                problemsPerAttestation.append("\(attestation.source): the attestation carries no predicate")
                continue
            }
            let facts: ProvenanceFacts
            do throws(VouchError) {
                facts = try ProvenanceFacts(predicate: data, path: attestation.source)
            } catch {
                problemsPerAttestation.append("\(attestation.source): the predicate is not readable SLSA provenance: \(error.reason)")
                continue
            }
            var problems: [String] = []
            if let pattern = rule.builderID, !WildcardPattern(pattern).matches(facts.builderID ?? "") {
                problems.append("builder id '\(facts.builderID ?? "none")' does not match '\(pattern)'")
            }
            if let pattern = rule.sourceRepository, !WildcardPattern(pattern).matches(facts.sourceRepository ?? "") {
                problems.append("source repository '\(facts.sourceRepository ?? "none")' does not match '\(pattern)'")
            }
            if let pattern = rule.ref, !WildcardPattern(pattern).matches(facts.ref ?? "") {
                problems.append("ref '\(facts.ref ?? "none")' does not match '\(pattern)'")
            }
            if let maxAge = rule.maxAge {
                if let built = facts.buildTime {
                    let age = clock.now().timeIntervalSince(built)
                    if age > maxAge {
                        problems.append("the build is \(Self.days(age)) old; the limit is \(Self.days(maxAge))")
                    }
                } else {
                    problems.append("the provenance has no build time, so its age cannot be checked")
                }
            }
            if problems.isEmpty {
                return RuleOutcome(rule: "provenance", passed: true,
                                   reason: "the provenance from \(attestation.source) matches builder, source, ref and age",
                                   details: [facts.summary])
            }
            problemsPerAttestation.append("\(attestation.source): " + problems.joined(separator: "; "))
        }
        return RuleOutcome(rule: "provenance", passed: false,
                           reason: "no signed provenance matches the policy", details: problemsPerAttestation)
    }

    func licenses(_ rule: LicenseRule, _ evidence: PolicyEvidence) -> RuleOutcome {
        guard let packages = evidence.packages else {
            return RuleOutcome(rule: "licenses", passed: false, reason: "no SBOM was available to check licenses against")
        }
        let check = LicensePolicyCheck(rule: rule)
        var failures: [String] = []
        for package in packages {
            if let problem = check.problem(with: package) {
                failures.append("\(package.name) \(package.version): \(problem)")
            }
        }
        let source = evidence.packageSource.map { " (\($0))" } ?? ""
        if failures.isEmpty {
            return RuleOutcome(rule: "licenses", passed: true, reason: "all \(packages.count) packages have acceptable licenses\(source)")
        }
        return RuleOutcome(rule: "licenses", passed: false,
                           reason: "\(failures.count) of \(packages.count) packages have unacceptable licenses\(source)",
                           details: failures)
    }

    func vulnerabilities(_ rule: VulnerabilityRule, _ evidence: PolicyEvidence) -> RuleOutcome {
        guard let scan = evidence.vulnerabilities else {
            return RuleOutcome(rule: "vulnerabilities", passed: false, reason: "the image's packages were not scanned for vulnerabilities")
        }
        if let maximum = rule.maxDatabaseAge, let newest = scan.newestRecord, clock.now().timeIntervalSince1970 - newest > maximum {
            let days = Int((clock.now().timeIntervalSince1970 - newest) / 86_400)
            return RuleOutcome(rule: "vulnerabilities", passed: false,
                               reason: "the vulnerability database is \(days) days old, older than maxDbAge: update it before trusting a clean result")
        }
        let ceiling = VulnerabilityRule.levels.firstIndex(of: rule.maxSeverity) ?? 1
        let failing = scan.findings.filter { finding in
            let rank = VulnerabilityRule.levels.firstIndex(of: finding.severity) ?? 0
            return rank == 0 ? !rule.allowUnknown : rank > ceiling
        }
        let note = scan.suppressed.isEmpty ? "" : "; \(scan.suppressed.count) suppressed by ignores or VEX"
        return RuleOutcome(
            rule: "vulnerabilities", passed: failing.isEmpty,
            reason: "\(failing.count) finding(s) above \(rule.maxSeverity)\(rule.allowUnknown ? "" : " or UNKNOWN") in \(scan.packagesScanned) packages "
                + "(\(scan.findings.count) in all)\(note), \(scan.source)",
            details: failing.map { "\($0.id) in \($0.package) \($0.version) (\($0.severity))" } + scan.suppressed)
    }

    func secrets(_ rule: SecretRule, _ evidence: PolicyEvidence) -> RuleOutcome {
        guard let findings = evidence.secretFindings else {
            return RuleOutcome(rule: "secrets", passed: false, reason: "the image layers were not scanned for secrets")
        }
        if !evidence.secretScanGaps.isEmpty {
            return RuleOutcome(
                rule: "secrets", passed: false,
                reason: "the secret scan could not read \(evidence.secretScanGaps.count) input(s), so the image cannot be called clean",
                details: evidence.secretScanGaps + findings.map { "\($0.ruleID) at \($0.location)" })
        }
        let new = findings.filter { !evidence.baselineFingerprints.contains($0.fingerprint) }
        let baselined = findings.count - new.count
        let note = baselined > 0 ? " (\(baselined) more accepted by the baseline)" : ""
        let passed = new.count <= rule.maxFindings
        return RuleOutcome(
            rule: "secrets", passed: passed,
            reason: "\(new.count) secret finding(s) in the image layers; at most \(rule.maxFindings) allowed\(note)",
            details: new.map { "\($0.ruleID) at \($0.location)" })
    }

    func packages(_ rule: PackageRule, _ evidence: PolicyEvidence) -> RuleOutcome {
        guard let packages = evidence.packages else {
            return RuleOutcome(rule: "packages", passed: false, reason: "no SBOM was available to check packages against")
        }
        var hits: [String] = []
        for denied in rule.deny {
            let name = PythonPackageName.normalize(denied.name)
            let range = denied.versions.flatMap(VersionSpecifierSet.init)
            for package in packages where package.ecosystem == "pypi" && PythonPackageName.normalize(package.name) == name {
                if range == nil || range!.contains(package.version) {
                    let why = denied.reason.map { ": \($0)" } ?? ""
                    hits.append("\(package.name) \(package.version) is denied (\(denied.versions ?? "every version"))\(why)")
                }
            }
        }
        return RuleOutcome(
            rule: "packages", passed: hits.isEmpty,
            reason: hits.isEmpty ? "none of \(packages.count) packages is on the deny list" : "\(hits.count) denied package(s) found",
            details: hits)
    }

    private static func days(_ seconds: TimeInterval) -> String {
        seconds >= 86400 ? String(format: "%.1f days", seconds / 86400) : String(format: "%.1f hours", seconds / 3600)
    }
}
