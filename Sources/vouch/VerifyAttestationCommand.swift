import ArgumentParser
import Foundation
import VouchAttest
import VouchCore
import VouchCrypto
import VouchImage
import VouchFiles

struct VerifyAttestationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-attestation",
        abstract: "Verify DSSE/in-toto attestations about a file or an image: signature, subject digest and predicate type.",
        discussion: """
            Accepts DSSE envelopes (.intoto.jsonl, one per line, every one must verify; standard or \
            URL-safe base64) or a Sigstore bundle holding one; Statement v0.1 and v1. Every signature is checked against every key; a \
            non-empty keyid must be the key's securesystemslib key id. The Statement must name the \
            subject's SHA-256 (for an OCI layout: the digest the tag resolves to), and its predicate type \
            must match --type when given. For an image without --attestation, the envelopes stored in the \
            layout (sha256-<hex>.att and referrers) are checked; with --type, those of other types are skipped.

            Exit codes: 0 verified; 1 no signature verified or a Statement check failed; 2 a file or key \
            could not be read.

            Examples:
              vouch verify-attestation app.tar --key release.pub \\
                  --attestation app.intoto.jsonl --type spdx
              vouch verify-attestation app.tar --key release.pub \\
                  --attestation app.sigstore.json --print-predicate
              vouch verify-attestation ./app-layout:latest --key release.pub \\
                  --type cyclonedx
            """
    )

    @Argument(help: "The file the attestation must be about, or an OCI layout directory (IMAGE[:TAG]).")
    var subject: String

    @OptionGroup var keyOptions: VerificationKeyOptions

    @Option(help: "The envelope (.intoto.jsonl) or bundle file; for an image, default: the attestations stored in the layout.")
    var attestation: String?

    @Option(help: "Required predicate type: spdx, cyclonedx, slsaprovenance, vuln, custom or a URI.")
    var type: String?

    @Flag(help: "Print the predicate JSON after a successful verification.")
    var printPredicate = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(name: .customLong("subject-file"), help: "Check the attestation against SUBJECT's file digest even when it is an image tar.")
    var subjectFile = false

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if let type { do { _ = try PredicateType.resolve(type) } catch { throw ValidationError("--type: \(error.reason)") } }
    }

    func run() throws {
        let keys = try keyOptions.load(defaultRSAPSS: true)
        let expectedType = try type.map { (name) throws(VouchError) in try PredicateType.resolve(name) }
        let target = ImageReference(argument: subject, tag: nil) { FileManager.default.fileExists(atPath: $0) }
        let envelopes = try attestation.map { (path) throws(VouchError) in try AttestationDocument.envelopes(from: InputFile.read(path), path: path) }
        var report: AttestationReport
        if ImageAttestation.isLayout(target.path) {
            if let envelopes {
                report = try ImageAttestation.verify(layoutPath: target.path, tag: target.tag, envelopes: envelopes, keys: keys, expectedPredicateType: expectedType)
            } else {
                report = try ImageAttestation.verify(layoutPath: target.path, tag: target.tag, keys: keys, expectedPredicateType: expectedType)
            }
        } else if !subjectFile, let envelopes, let image = try? ImageLoader().load(target), let digest = ImageSummary(image).imageDigest {
            // An image tar: its attestations are about the image's manifest digest, as `vouch attest` writes them.
            report = try AttestationReport.verify(subject: subject, digest: digest, envelopes: envelopes, keys: keys, expectedPredicateType: expectedType)
        } else {
            guard let envelopes else { throw ValidationError("Give --attestation FILE for a file subject.") }
            report = try AttestationReport.verifyFile(subjectPath: subject, envelopes: envelopes, keys: keys, expectedPredicateType: expectedType)
        }
        let predicates = report.attestations.map(\.predicate)
        if !printPredicate {
            for index in report.attestations.indices { report.attestations[index].predicate = nil }
        }
        switch format {
        case .text:
            var out = ""
            for (index, result) in report.attestations.enumerated() {
                if report.attestations.count > 1 { out += "attestation \(index + 1):\n" }
                out += VerificationText.signatures(result.signatures)
                if let type = result.predicateType { out += "predicateType: \(type.terminalEscaped)\n" }
                for failure in result.failures { out += "FAILED \(failure.description.terminalEscaped)\n" }
            }
            for failure in report.failures { out += "FAILED \(failure.description.terminalEscaped)\n" }
            let digest = report.attestations.first.map { " (\($0.subjectDigest))" } ?? ""
            out += report.passed ? "Verified OK: \(subject.terminalEscaped)\(digest)\n" : "Verification FAILED: \(subject.terminalEscaped)\n"
            try StandardOutput.write(out)
            if printPredicate, report.passed {
                for predicate in predicates.compactMap({ $0 }) { try StandardOutput.line(predicate) }
            }
        case .json:
            try StandardOutput.write(JSONOutput.encode(report))
        }
        if !report.passed { throw ExitStatus.negativeVerdict.exitCode }
    }
}
