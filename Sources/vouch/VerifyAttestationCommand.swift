import ArgumentParser
import VouchAttest
import VouchCore
import VouchCrypto

struct VerifyAttestationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-attestation",
        abstract: "Verify a DSSE/in-toto attestation about a file: signature, subject digest and predicate type.",
        discussion: """
            Accepts a DSSE envelope (.intoto.jsonl, first line; standard or URL-safe base64) or a Sigstore \
            bundle holding one; Statement v0.1 and v1. Every signature is checked against every key; a \
            non-empty keyid must be the key's securesystemslib key id. The Statement must name the \
            subject's SHA-256, and its predicate type must match --type when given.

            Exit codes: 0 verified; 1 no signature verified or a Statement check failed; 2 a file or key \
            could not be read.

            Examples:
              vouch verify-attestation app.tar --key release.pub --attestation app.intoto.jsonl --type spdx
              vouch verify-attestation app.tar --key release.pub --attestation app.sigstore.json --print-predicate
            """
    )

    @Argument(help: "The file the attestation must be about.")
    var subject: String

    @OptionGroup var keyOptions: VerificationKeyOptions

    @Option(help: "The envelope or bundle file.")
    var attestation: String

    @Option(help: "Required predicate type: spdx, cyclonedx, slsaprovenance, vuln, custom or a URI.")
    var type: String?

    @Flag(help: "Print the predicate JSON after a successful verification.")
    var printPredicate = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let keys = try keyOptions.load(defaultRSAPSS: true)
        let expectedType = try type.map { (name) throws(VouchError) in try PredicateType.resolve(name) }
        let envelope = try AttestationDocument.envelope(from: try InputFile.read(attestation), path: attestation)
        var result = try AttestationVerification.verifyFile(subjectPath: subject, envelope: envelope, keys: keys, expectedPredicateType: expectedType)
        let predicate = result.predicate
        if !printPredicate { result.predicate = nil }
        switch format {
        case .text:
            var out = VerificationText.signatures(result.signatures)
            if let type = result.predicateType { out += "predicateType: \(type)\n" }
            for failure in result.failures { out += "FAILED \(failure)\n" }
            out += result.passed ? "Verified OK: \(subject) (\(result.subjectDigest))\n" : "Verification FAILED: \(subject)\n"
            print(out, terminator: "")
            if printPredicate, result.passed, let predicate { print(predicate) }
        case .json:
            print(try JSONOutput.encode(result), terminator: "")
        }
        if !result.passed { throw ExitStatus.negativeVerdict.exitCode }
    }
}
