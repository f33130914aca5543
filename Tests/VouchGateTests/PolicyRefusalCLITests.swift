import Foundation
import Testing
import VouchTestSupport

/// Issue 12: policies that would silently check the wrong thing are refused when read, as `vouch policy
/// check` runs them (the built binary, on a real image, exit 2 with the reason).
@Suite struct PolicyRefusalCLITests {
    /// An OCI layout made by the image fixtures script, and the directory holding it.
    static func image() throws -> (directory: TemporaryDirectory, path: String) {
        let directory = try TemporaryDirectory("policy-refusal")
        let script = """
            import importlib.util, sys
            spec = importlib.util.spec_from_file_location("m", sys.argv[1])
            m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
            m.layout_image(sys.argv[2], "image", m.Image())
            """
        let made = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, Fixtures.path("images/make-images.py"), directory.path])
        #expect(made.status == 0, "\(made.stderr)")
        return (directory, directory.path + "/image")
    }

    static func check(_ policy: String) throws -> CommandResult {
        let (directory, image) = try image()
        let path = try directory.write("p.yaml", policy)
        return try CommandRunner.vouch(["policy", "check", image, "--policy", path])
    }

    @Test("an invalid PEP 440 range in a policy is a load error naming line, column and field", arguments: ["=<0.100", "banana", "<<5.4", ","])
    func anInvalidVersionRangeIsAPolicyLoadError(_ range: String) throws {
        let result = try Self.check("""
            version: 1
            rules:
              integrity: true
              packages:
                deny:
                  - name: pyyaml
                    versions: "\(range)"
            """)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("p.yaml: line 7, column 19: rules.packages.deny[0].versions '\(range)' is not a PEP 440 version specifier set"), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "no verdict is printed for a policy that cannot be read")
    }

    @Test("a policy that checks nothing is refused with exit 2 and the reason", arguments: ["rules: {}", "rules:\n  integrity: false"])
    func aPolicyThatChecksNothingIsRefused(_ rules: String) throws {
        let result = try Self.check("version: 1\n" + rules + "\n")
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("the policy checks nothing: no rule is enabled, so every image would pass"), "\(result.stderr)")
        #expect(!result.stdout.contains("PASS"))
    }

    @Test("a policy that checks nothing passes only when it opts in with allowNoRules: true")
    func aPolicyThatChecksNothingPassesOnlyWhenItOptsIn() throws {
        let result = try Self.check("version: 1\nallowNoRules: true\nrules: {}\n")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("result: PASS (0 rules)"))
    }

    @Test("an unknown attestation type is a load error with a did-you-mean", arguments: [("sbomz", "'spdx' or 'cyclonedx'"), ("spdxx", "'spdx'"), ("slsaprovenence", "'slsaprovenance'")])
    func anUnknownAttestationTypeIsALoadErrorWithDidYouMean(_ type: String, _ suggestion: String) throws {
        let result = try Self.check("""
            version: 1
            keys: {release: release.pub}
            rules:
              attestations:
                - type: \(type)
            """)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("p.yaml: line 5, column 13: unknown attestation type '\(type)' in rules.attestations[0].type (did you mean \(suggestion)?)"), "\(result.stderr)")
        #expect(result.stderr.contains("or a predicate type URI"))
    }
}
