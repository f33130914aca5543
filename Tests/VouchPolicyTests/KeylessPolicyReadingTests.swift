import Testing
import VouchCore
import VouchPolicy

/// `keyless:` signers in a policy: read, named by rules like keys, and their mistakes reported with the line.
@Suite struct KeylessPolicyReadingTests {
    @Test func keylessSignersAreReadAndNamedByRules() throws {
        let policy = try Policy(text: """
            version: 1
            keys:
              release: keys/release.pub
            keyless:
              ci:
                identity: https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0
                issuer: https://token.actions.githubusercontent.com
              forks:
                identityRegexp: "^https://github.com/acme/"
                issuerRegexp: "^https://token\\\\.actions\\\\.githubusercontent\\\\.com$"
                trustedRoot: roots/trusted_root.json
            rules:
              signatures: {threshold: 1, keys: [release, ci]}
              attestations:
                - {type: slsaprovenance, signers: [ci, forks]}
            """, path: "p.yaml")
        #expect(policy.keyless["ci"] == KeylessSigner(identity: "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0", issuer: "https://token.actions.githubusercontent.com"))
        #expect(policy.keyless["forks"]?.identityRegexp == "^https://github.com/acme/")
        #expect(policy.keyless["forks"]?.trustedRoot == "roots/trusted_root.json")
        #expect(policy.signatures?.keys == ["release", "ci"])
        #expect(policy.attestations.first?.signers == ["ci", "forks"])
    }

    @Test(arguments: [
        ("keyless:\n  ci:\n    issuer: https://i\n", "keyless.ci needs exactly one of 'identity' and 'identityRegexp'"),
        ("keyless:\n  ci:\n    identity: a\n    identityRegexp: b\n    issuer: https://i\n", "keyless.ci needs exactly one of 'identity' and 'identityRegexp'"),
        ("keyless:\n  ci:\n    identity: a\n", "keyless.ci needs exactly one of 'issuer' and 'issuerRegexp'"),
        ("keyless:\n  ci:\n    identity: a\n    issuer: b\n    isuer: c\n", "unknown field 'isuer' in keyless.ci"),
        ("keys: {ci: k.pub}\nkeyless:\n  ci:\n    identity: a\n    issuer: b\n", "keyless.ci: the name 'ci' is already a key in 'keys'"),
    ])
    func keylessMistakesAreNamed(_ block: String, _ message: String) {
        let text = "version: 1\n" + block + "rules:\n  integrity: true\n"
        #expect {
            _ = try Policy(text: text, path: "p.yaml")
        } throws: { error in
            (error as? VouchError)?.description.contains(message) == true
        }
    }

    @Test func aRuleNamingAnUnknownSignerFails() {
        let text = "version: 1\nkeyless:\n  ci: {identity: a, issuer: b}\nrules:\n  signatures: {keys: [cj]}\n"
        #expect {
            _ = try Policy(text: text, path: "p.yaml")
        } throws: { error in
            (error as? VouchError)?.description.contains("names key 'cj'") == true
        }
    }
}
