import Foundation
import Testing
import VouchTestSupport

/// Issue 12: a YAML syntax error in a policy says what is missing and where it was opened, not only
/// libyaml's context ("while parsing a flow mapping").
@Suite struct PolicySyntaxErrorCLITests {
    @Test("a YAML syntax error in a policy says what is missing and where it was opened", arguments: [
        ("version: 1\nrules:\n  integrity: {enabled: true\n  secrets: true\n",
         "p.yaml: not valid YAML or JSON: line 4, column 10: did not find expected ',' or '}': the '{' opened at line 3, column 14 is not closed with '}'"),
        ("version: 1\nrules:\n  signatures:\n    keys: [a.pub, b.pub\n    threshold: 1\n",
         "p.yaml: not valid YAML or JSON: line 5, column 14: did not find expected ',' or ']': the '[' opened at line 4, column 11 is not closed with ']'"),
        ("version: 1\nrules:\n  secrets:\n    baseline: \"abc\n",
         "p.yaml: not valid YAML or JSON: line 5, column 1: found unexpected end of stream: the quoted string opened at line 4, column 15 is not closed"),
    ])
    func aYAMLSyntaxErrorSaysWhatIsMissingAndWhereItWasOpened(_ policy: String, _ message: String) throws {
        let (directory, image) = try PolicyRefusalCLITests.image()
        let path = try directory.write("p.yaml", policy)
        let result = try CommandRunner.vouch(["policy", "check", image, "--policy", path])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stderr.contains("while parsing"), "libyaml's context alone is not the message")
        #expect(result.stdout.isEmpty)
    }
}
