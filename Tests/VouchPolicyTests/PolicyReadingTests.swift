import Foundation
import Testing
import VouchCore
import VouchPolicy
import VouchTestSupport

private let fullPolicy = """
    version: 1
    keys:
      release: keys/release.pub
      backup: keys/backup.pub
    rules:
      integrity: true
      signatures:
        threshold: 2
        keys: [release, backup]
      attestations:
        - type: spdx
        - type: slsaprovenance
          signers: [release]
      provenance:
        builderId: "https://github.com/acme/gateway/.github/workflows/release.yml@*"
        sourceRepository: "https://github.com/acme/gateway"
        ref: "refs/tags/v*"
        maxAge: 30d
      licenses:
        allow: [MIT, Apache-2.0, BSD-3-Clause]
        deny: [AGPL-3.0-only]
        exceptions:
          - package: certifi
            license: MPL-2.0
      secrets:
        maxFindings: 0
        baseline: secrets-baseline.json
      packages:
        deny:
          - name: PyYAML
            versions: "<5.4"
            reason: CVE-2020-14343
    """

@Suite("Reading policies")
struct PolicyReadingTests {
    @Test("a full YAML policy reads into every rule")
    func fullPolicyReads() throws {
        let policy = try Policy(text: fullPolicy, path: "policy.yaml")
        #expect(policy.keys == ["release": "keys/release.pub", "backup": "keys/backup.pub"])
        #expect(policy.integrity != nil)
        #expect(policy.signatures == SignatureRule(threshold: 2, keys: ["release", "backup"]))
        #expect(policy.attestations == [AttestationRule(type: "spdx"), AttestationRule(type: "slsaprovenance", signers: ["release"])])
        #expect(policy.provenance?.ref == "refs/tags/v*")
        #expect(policy.provenance?.maxAge == TimeInterval(30 * 86400))
        #expect(policy.licenses?.allow == ["MIT", "Apache-2.0", "BSD-3-Clause"])
        #expect(policy.licenses?.exceptions == [LicenseException(package: "certifi", license: "MPL-2.0")])
        #expect(policy.secrets == SecretRule(maxFindings: 0, baseline: "secrets-baseline.json"))
        #expect(policy.packages?.deny == [DeniedPackage(name: "PyYAML", versions: "<5.4", reason: "CVE-2020-14343")])
    }

    @Test("the same policy as JSON reads the same")
    func jsonPolicy() throws {
        let json = """
            {"version": 1, "keys": {"release": "k.pub"},
             "rules": {"integrity": true, "signatures": {"threshold": 1, "keys": ["release"]}}}
            """
        let policy = try Policy(text: json, path: "policy.json")
        #expect(policy.signatures == SignatureRule(threshold: 1, keys: ["release"]))
        #expect(policy.integrity != nil)
    }

    @Test("a typo names the field, the line, and the likely intended field")
    func typoNamesFieldAndLine() throws {
        let text = fullPolicy.replacingOccurrences(of: "    threshold: 2", with: "    treshold: 2")
        let error = try #require(throws: VouchError.self) { try Policy(text: text, path: "policy.yaml") }
        #expect(error.code == .malformedInput)
        #expect(error.description.hasPrefix("policy.yaml: line 8, column 5: unknown field 'treshold' in rules.signatures (did you mean 'threshold'?)"))
    }

    @Test("a misspelt rule name is caught at its line")
    func unknownRule() throws {
        let text = fullPolicy.replacingOccurrences(of: "  licenses:", with: "  lisences:")
        let error = try #require(throws: VouchError.self) { try Policy(text: text, path: "p.yaml") }
        #expect(error.reason.hasPrefix("line 19, column 3: unknown field 'lisences' in rules (did you mean 'licenses'?)"))
    }

    @Test("wrong types are named with their field path", arguments: [
        ("    threshold: 2", "    threshold: two", "line 8, column 16: rules.signatures.threshold must be a whole number"),
        ("    maxAge: 30d", "    maxAge: 30 days", "line 18, column 13: rules.provenance.maxAge must be a duration such as 30d, 12h, 90m or 45s, not '30 days'"),
        ("  integrity: true", "  integrity: maybe", "line 6, column 14: rules.integrity must be true or false"),
        ("    keys: [release, backup]", "    keys: [release, bakup]", "line 9, column 11: rules.signatures.keys names key 'bakup', which is not in 'keys' (did you mean 'backup'?)"),
        ("    threshold: 2", "    threshold: 3", "line 8, column 16: rules.signatures.threshold must be between 1 and the number of keys (2), not 3"),
    ])
    func wrongTypes(original: String, replacement: String, message: String) throws {
        let text = fullPolicy.replacingOccurrences(of: original, with: replacement)
        let error = try #require(throws: VouchError.self) { try Policy(text: text, path: "p.yaml") }
        #expect(error.reason == message)
    }

    @Test("a field given twice is an error at the second")
    func duplicateField() throws {
        let text = "version: 1\nrules:\n  integrity: true\n  integrity: false\n"
        let error = try #require(throws: VouchError.self) { try Policy(text: text, path: "p.yaml") }
        #expect(error.description.hasPrefix("p.yaml: not valid YAML or JSON: line "))
        #expect(error.reason.contains("field 'integrity' appears twice in the same mapping"))
    }

    @Test("version and rules are required; other versions are refused")
    func requiredFields() throws {
        #expect((try #require(throws: VouchError.self) { try Policy(text: "rules: {}", path: "p.yaml") }).reason.contains("missing field 'version'"))
        #expect((try #require(throws: VouchError.self) { try Policy(text: "version: 1", path: "p.yaml") }).reason.contains("missing field 'rules'"))
        #expect((try #require(throws: VouchError.self) { try Policy(text: "version: 2\nrules: {}", path: "p.yaml") }).reason.contains("unsupported policy version 2"))
    }

    @Test("broken YAML, an empty file and a missing file are clear errors")
    func unreadable() throws {
        let broken = try #require(throws: VouchError.self) { try Policy(text: "version: 1\nrules: [unclosed", path: "p.yaml") }
        #expect(broken.description.hasPrefix("p.yaml: not valid YAML or JSON"))
        #expect((try #require(throws: VouchError.self) { try Policy(text: "", path: "p.yaml") }).reason == "the policy is empty")
        let missing = try #require(throws: VouchError.self) { try Policy(contentsOf: "/no/such/policy.yaml") }
        #expect(missing.code == .fileNotFound)
        #expect(missing.description == "/no/such/policy.yaml: no such file")
    }

    @Test("the example policy in Fixtures reads")
    func examplePolicy() throws {
        let policy = try Policy(contentsOf: Fixtures.path("example/policy.yaml"))
        #expect(policy.integrity != nil)
        #expect(policy.signatures != nil)
    }
}
