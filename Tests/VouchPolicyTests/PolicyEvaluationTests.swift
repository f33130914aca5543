import Foundation
import Testing
import VouchCore
import VouchPolicy
import VouchTestSupport

private let image = try! Digest(parsing: "sha256:" + String(repeating: "a", count: 64))
private let otherImage = try! Digest(parsing: "sha256:" + String(repeating: "b", count: 64))
private let keys = ["release": "release.pub", "backup": "backup.pub", "oncall": "oncall.pub"]
/// 2026-01-02T03:04:05Z, the golden clock.
private let now = FixedWallClock.goldenInstant

private func evaluate(_ policy: Policy, _ evidence: PolicyEvidence) -> RuleOutcome {
    let report = PolicyEvaluator(policy: policy, clock: now).evaluate(evidence)
    #expect(report.rules.count == 1)
    #expect(report.passed == report.rules.allSatisfy(\.passed))
    return report.rules[0]
}

private func provenancePredicate(builder: String, repository: String, ref: String, finishedOn: String) -> Data {
    Data("""
        {"buildDefinition": {"buildType": "https://actions.github.io/buildtypes/workflow/v1",
          "externalParameters": {"workflow": {"ref": "\(ref)", "repository": "\(repository)", "path": ".github/workflows/release.yml"}}},
         "runDetails": {"builder": {"id": "\(builder)"}, "metadata": {"startedOn": "\(finishedOn)", "finishedOn": "\(finishedOn)"}}}
        """.utf8)
}

@Suite("Policy rules pass and fail on purpose")
struct PolicyEvaluationTests {
    @Test("integrity passes on a clean verdict and fails with every failure listed")
    func integrity() {
        let policy = Policy(integrity: IntegrityRule())
        #expect(evaluate(policy, PolicyEvidence(subject: image, integrity: Verdict(checksMade: 9))).passed)
        var broken = Verdict(checksMade: 9)
        broken.record(CheckFailure(subject: "layer 1", reason: "digest mismatch", expected: "sha256:aa", actual: "sha256:bb"))
        let failed = evaluate(policy, PolicyEvidence(subject: image, integrity: broken))
        #expect(!failed.passed)
        #expect(failed.reason == "1 of 10 integrity checks failed")
        #expect(failed.details == ["layer 1: digest mismatch (expected sha256:aa, found sha256:bb)"])
        #expect(!evaluate(policy, PolicyEvidence(subject: image)).passed)
    }

    @Test("signatures: k of n distinct trusted keys over this exact digest")
    func signatures() {
        let policy = Policy(keys: keys, signatures: SignatureRule(threshold: 2, keys: ["release", "backup"]))
        let byRelease = SignatureEvidence(source: "tag a.sig #0", signedDigest: image, verifiedBy: "release")
        let byBackup = SignatureEvidence(source: "tag a.sig #1", signedDigest: image, verifiedBy: "backup")
        let passed = evaluate(policy, PolicyEvidence(subject: image, signatures: [byRelease, byBackup]))
        #expect(passed.passed)
        #expect(passed.details == ["tag a.sig #0: verified by key 'release'", "tag a.sig #1: verified by key 'backup'"])

        // The same key twice is one signer, not two.
        #expect(!evaluate(policy, PolicyEvidence(subject: image, signatures: [byRelease, byRelease])).passed)
        // A second, untrusted key does not count.
        let byOncall = SignatureEvidence(source: "f.sig", signedDigest: image, verifiedBy: "oncall")
        let untrusted = evaluate(policy, PolicyEvidence(subject: image, signatures: [byRelease, byOncall]))
        #expect(!untrusted.passed)
        #expect(untrusted.details.contains("f.sig: verified by key 'oncall', which this rule does not trust"))
        // A valid signature for another image does not count.
        let forOther = SignatureEvidence(source: "g.sig", signedDigest: otherImage, verifiedBy: "backup")
        let wrongImage = evaluate(policy, PolicyEvidence(subject: image, signatures: [byRelease, forOther]))
        #expect(!wrongImage.passed)
        #expect(wrongImage.details.contains("g.sig: signed by 'backup' but for \(otherImage), not this image"))
        #expect(evaluate(policy, PolicyEvidence(subject: image)).reason.hasSuffix("(no signatures found)"))
    }

    @Test("attestations: type present, trusted signer, bound to this digest")
    func attestations() {
        let policy = Policy(keys: keys, attestations: [AttestationRule(type: "spdx", signers: ["release"])])
        let good = AttestationEvidence(source: "att #0", predicateType: "https://spdx.dev/Document", subjectDigests: [image], verifiedBy: "release")
        #expect(evaluate(policy, PolicyEvidence(subject: image, attestations: [good])).passed)

        let otherDigest = AttestationEvidence(source: "att #1", predicateType: "https://spdx.dev/Document", subjectDigests: [otherImage], verifiedBy: "release")
        let unbound = evaluate(policy, PolicyEvidence(subject: image, attestations: [otherDigest]))
        #expect(!unbound.passed)
        #expect(unbound.details == ["att #1: its subject is \(otherImage), not \(image)"])

        let wrongSigner = AttestationEvidence(source: "att #2", predicateType: "https://spdx.dev/Document", subjectDigests: [image], verifiedBy: "oncall")
        #expect(!evaluate(policy, PolicyEvidence(subject: image, attestations: [wrongSigner])).passed)

        let unsigned = AttestationEvidence(source: "att #3", predicateType: "https://spdx.dev/Document", subjectDigests: [image], verifiedBy: nil, problem: "signature does not verify")
        #expect(evaluate(policy, PolicyEvidence(subject: image, attestations: [unsigned])).details == ["att #3: signature does not verify"])

        let cyclonedx = AttestationEvidence(source: "att #4", predicateType: "https://cyclonedx.org/bom", subjectDigests: [image], verifiedBy: "release")
        let missing = evaluate(policy, PolicyEvidence(subject: image, attestations: [cyclonedx]))
        #expect(!missing.passed)
        #expect(missing.reason.hasPrefix("no attestation of type https://spdx.dev/Document"))
    }

    @Test("provenance: builder, repository and ref patterns, and maximum age")
    func provenance() {
        let rule = ProvenanceRule(
            builderID: "https://github.com/acme/gateway/.github/workflows/release.yml@*",
            sourceRepository: "https://github.com/acme/gateway", ref: "refs/tags/v*", maxAge: 30 * 86400)
        let policy = Policy(keys: keys, provenance: rule)
        func evidence(_ predicate: Data, signer: String? = "release", subject: Digest = image) -> PolicyEvidence {
            PolicyEvidence(subject: image, attestations: [AttestationEvidence(
                source: "prov", predicateType: "https://slsa.dev/provenance/v1", subjectDigests: [subject],
                verifiedBy: signer, predicate: predicate)])
        }
        let builder = "https://github.com/acme/gateway/.github/workflows/release.yml@refs/tags/v1.2.0"
        let fresh = provenancePredicate(builder: builder, repository: "https://github.com/acme/gateway", ref: "refs/tags/v1.2.0", finishedOn: "2025-12-20T10:00:00Z")
        #expect(evaluate(policy, evidence(fresh)).passed)

        let expired = provenancePredicate(builder: builder, repository: "https://github.com/acme/gateway", ref: "refs/tags/v1.2.0", finishedOn: "2025-10-01T10:00:00Z")
        let old = evaluate(policy, evidence(expired))
        #expect(!old.passed)
        #expect(old.details.first?.contains("the build is 92.7 days old; the limit is 30.0 days") == true)

        let branch = provenancePredicate(builder: builder, repository: "https://github.com/acme/gateway", ref: "refs/heads/main", finishedOn: "2025-12-20T10:00:00Z")
        #expect(evaluate(policy, evidence(branch)).details.first?.contains("ref 'refs/heads/main' does not match 'refs/tags/v*'") == true)

        let fork = provenancePredicate(builder: builder, repository: "https://github.com/mallory/gateway", ref: "refs/tags/v1.2.0", finishedOn: "2025-12-20T10:00:00Z")
        #expect(!evaluate(policy, evidence(fork)).passed)

        #expect(!evaluate(policy, evidence(fresh, signer: nil)).passed)
        #expect(evaluate(policy, evidence(fresh, subject: otherImage)).reason == "no signed SLSA provenance bound to \(image) was found")
    }

    @Test("provenance v0.2 is read from builder.id and invocation.configSource")
    func provenanceV02() {
        let policy = Policy(keys: keys, provenance: ProvenanceRule(sourceRepository: "https://github.com/acme/*", ref: "refs/tags/*"))
        let predicate = Data("""
            {"builder": {"id": "https://github.com/Attestations/GitHubHostedActions@v1"},
             "invocation": {"configSource": {"uri": "git+https://github.com/acme/gateway@refs/tags/v2", "entryPoint": "release.yml"}},
             "metadata": {"buildFinishedOn": "2025-12-30T00:00:00Z"}}
            """.utf8)
        let evidence = PolicyEvidence(subject: image, attestations: [AttestationEvidence(
            source: "prov", predicateType: "https://slsa.dev/provenance/v0.2", subjectDigests: [image], verifiedBy: "release", predicate: predicate)])
        #expect(evaluate(policy, evidence).passed)
    }

    @Test("a malformed provenance timestamp is reported with its path instead of read as no build time")
    func malformedProvenanceFieldReportedWithItsPath() {
        let policy = Policy(keys: keys, provenance: ProvenanceRule(sourceRepository: "https://github.com/acme/*"))
        // The old reader took a build time that is not a string as "no build time" and passed a rule without maxAge.
        let predicate = Data(#"{"runDetails": {"builder": {"id": "b"}, "metadata": {"finishedOn": 1700000000}}, "buildDefinition": {"externalParameters": {"workflow": {"repository": "https://github.com/acme/gateway", "ref": "refs/tags/v1"}}}}"#.utf8)
        let evidence = PolicyEvidence(subject: image, attestations: [AttestationEvidence(
            source: "prov", predicateType: "https://slsa.dev/provenance/v1", subjectDigests: [image], verifiedBy: "release", predicate: predicate)])
        let outcome = evaluate(policy, evidence)
        #expect(!outcome.passed)
        #expect((outcome.details + [outcome.reason]).contains { $0.contains("prov: the predicate is not readable SLSA provenance: $.runDetails.metadata.finishedOn: expected a string, found a number") })
    }

    @Test("a duplicate key in provenance is refused")
    func duplicateKeyInProvenanceRefused() {
        let policy = Policy(keys: keys, provenance: ProvenanceRule(sourceRepository: "https://github.com/acme/*"))
        let predicate = Data(#"{"builder": {"id": "b"}, "invocation": {"configSource": {"uri": "git+https://github.com/acme/gateway@refs/tags/v2", "uri": "git+https://github.com/mallory/gateway@refs/tags/v2"}}}"#.utf8)
        let evidence = PolicyEvidence(subject: image, attestations: [AttestationEvidence(
            source: "prov", predicateType: "https://slsa.dev/provenance/v0.2", subjectDigests: [image], verifiedBy: "release", predicate: predicate)])
        let outcome = evaluate(policy, evidence)
        #expect(!outcome.passed)
        #expect((outcome.details + [outcome.reason]).contains { $0.contains("duplicate key 'uri'") })
    }

    @Test("licenses: allow and deny lists over SPDX expressions, with exceptions")
    func licenses() {
        let rule = LicenseRule(allow: ["MIT", "Apache-2.0", "BSD-3-Clause"], deny: ["GPL-3.0-only"],
                               exceptions: [LicenseException(package: "Certifi", license: "MPL-2.0")])
        let policy = Policy(licenses: rule)
        func packages(_ list: [(String, String?)]) -> PolicyEvidence {
            PolicyEvidence(subject: image, packages: list.map { PackageEvidence(ecosystem: "pypi", name: $0.0, version: "1.0", license: $0.1) })
        }
        #expect(evaluate(policy, packages([("a", "MIT"), ("b", "Apache-2.0 OR GPL-3.0-only"), ("c", "(MIT AND BSD-3-Clause)"), ("certifi", "MPL-2.0")])).passed)

        let failed = evaluate(policy, packages([
            ("gpl-only", "GPL-3.0-only"),
            ("both", "MIT AND GPL-3.0-only"),
            ("unknown", nil),
            ("noassertion", "NOASSERTION"),
            ("not-listed", "MPL-2.0"),
            ("garbage", "MIT AND AND"),
            ("certifi", "GPL-3.0-only"),
            ("fine", "mit"),
        ]))
        #expect(!failed.passed)
        #expect(failed.reason == "7 of 8 packages have unacceptable licenses")
        #expect(failed.details == [
            "gpl-only 1.0: license 'GPL-3.0-only' is not allowed",
            "both 1.0: license 'MIT AND GPL-3.0-only' is not allowed",
            "unknown 1.0: no license information (set allowUnknown or add an exception)",
            "noassertion 1.0: no license information (set allowUnknown or add an exception)",
            "not-listed 1.0: license 'MPL-2.0' is not allowed",
            "garbage 1.0: license expression 'MIT AND AND' is not valid SPDX",
            "certifi 1.0: the exception for this package is for 'MPL-2.0', but its license is now 'GPL-3.0-only'",
        ])
        #expect(!evaluate(policy, PolicyEvidence(subject: image)).passed)
    }

    @Test("licenses: WITH exceptions are judged by their base license unless listed whole")
    func licenseWithException() {
        let policy = Policy(licenses: LicenseRule(allow: ["GPL-2.0-only WITH Classpath-exception-2.0", "MIT"]))
        let evidence = PolicyEvidence(subject: image, packages: [
            PackageEvidence(ecosystem: "pypi", name: "a", version: "1", license: "GPL-2.0-only WITH Classpath-exception-2.0"),
            PackageEvidence(ecosystem: "pypi", name: "b", version: "1", license: "GPL-2.0-only"),
        ])
        #expect(evaluate(policy, evidence).details == ["b 1: license 'GPL-2.0-only' is not allowed"])
    }

    @Test("secrets: findings beyond the baseline, up to the allowed count")
    func secrets() {
        let policy = Policy(secrets: SecretRule(maxFindings: 0))
        let finding = SecretFindingEvidence(ruleID: "aws-access-key-id", location: "layer 2: /app/.env:3", fingerprint: "f1")
        #expect(evaluate(policy, PolicyEvidence(subject: image, secretFindings: [])).passed)
        let failed = evaluate(policy, PolicyEvidence(subject: image, secretFindings: [finding]))
        #expect(!failed.passed)
        #expect(failed.details == ["aws-access-key-id at layer 2: /app/.env:3"])
        #expect(evaluate(policy, PolicyEvidence(subject: image, secretFindings: [finding], baselineFingerprints: ["f1"])).passed)
        // A scan that could not read a layer proves nothing, even with no findings.
        let gap = evaluate(policy, PolicyEvidence(subject: image, secretFindings: [], secretScanGaps: ["could not scan layer 1: corrupt gzip stream"]))
        #expect(!gap.passed)
        #expect(gap.details == ["could not scan layer 1: corrupt gzip stream"])
        #expect(!evaluate(policy, PolicyEvidence(subject: image)).passed)
    }

    @Test("packages: name (PEP 503) and PEP 440 version range on the deny list")
    func packages() {
        let policy = Policy(packages: PackageRule(deny: [DeniedPackage(name: "PyYAML", versions: "<5.4", reason: "CVE-2020-14343")]))
        func with(_ name: String, _ version: String) -> PolicyEvidence {
            PolicyEvidence(subject: image, packages: [PackageEvidence(ecosystem: "pypi", name: name, version: version, license: "MIT")])
        }
        let denied = evaluate(policy, with("pyyaml", "5.3.1"))
        #expect(!denied.passed)
        #expect(denied.details == ["pyyaml 5.3.1 is denied (<5.4): CVE-2020-14343"])
        #expect(!evaluate(policy, with("PyYaml", "5.3")).passed)
        #expect(evaluate(policy, with("py_yaml", "5.3")).passed, "py-yaml is another name under PEP 503")
        #expect(evaluate(policy, with("PyYAML", "6.0.2")).passed)
        #expect(evaluate(policy, with("requests", "2.0")).passed)
    }

    @Test("the report passes only when every rule passes")
    func reportCombines() {
        let policy = Policy(integrity: IntegrityRule(), secrets: SecretRule())
        let report = PolicyEvaluator(policy: policy, clock: now).evaluate(
            PolicyEvidence(subject: image, integrity: Verdict(checksMade: 3), secretFindings: [
                SecretFindingEvidence(ruleID: "r", location: "l", fingerprint: "x")]))
        #expect(report.rules.map(\.rule) == ["integrity", "secrets"])
        #expect(report.rules.map(\.passed) == [true, false])
        #expect(!report.passed)
    }
}
