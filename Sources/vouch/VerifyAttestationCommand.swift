import ArgumentParser
import Foundation
import VouchAttest
import VouchCore
import VouchCrypto
import VouchImage
import VouchFiles
import VouchRegistry
import VouchSigstore

struct VerifyAttestationCommand: AsyncParsableCommand {
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

            A keyless Sigstore bundle (GitHub's artifact attestations, cosign attest with a Fulcio certificate) \
            is verified with --certificate-identity and --certificate-oidc-issuer instead of --key, against \
            the trusted root, as verify-blob does. For an image without --attestation, the keyless attestations \
            stored in the layout are verified: cosign v2's sha256-<hex>.att envelopes with the certificate and \
            Rekor entry in their annotations, and cosign v3's Sigstore bundle referrers (found in index.json or \
            the sha256-<hex> referrers index); one signed by the identity must name the image's digest.

            For a registry reference (see 'Image references' in the README), the image and every cosign \
            artifact about it are fetched and checked into a private temporary layout first (removed \
            afterwards): the sha256-<hex>.att and .sig tags (in --signature-repository or COSIGN_REPOSITORY \
            when set), the OCI 1.1 referrers API's answer, or the sha256-<hex> referrers tag-schema index \
            on a registry without that API; they are then read as a layout's are.

            Exit codes: 0 verified; 1 no signature verified or a Statement check failed; 2 a file or key \
            could not be read.

            Examples:
              vouch verify-attestation app.tar --key release.pub \\
                  --attestation app.intoto.jsonl --type spdx
              vouch verify-attestation app.tar --key release.pub \\
                  --attestation app.sigstore.json --print-predicate
              vouch verify-attestation ./app-layout:latest --key release.pub \\
                  --type cyclonedx
              vouch verify-attestation ghcr.io/acme/app:1.0 --key release.pub --type spdx
              vouch verify-attestation ./app-layout:1.0 --type slsaprovenance \\
                  --certificate-identity-regexp '^https://github.com/acme/app/' \\
                  --certificate-oidc-issuer https://token.actions.githubusercontent.com
              vouch verify-attestation dist/app.whl --type slsaprovenance \\
                  --attestation app.sigstore.json \\
                  --certificate-identity-regexp '^https://github.com/acme/app/' \\
                  --certificate-oidc-issuer https://token.actions.githubusercontent.com
            """
    )

    @Argument(help: "The file the attestation must be about, or an OCI layout directory (IMAGE[:TAG]).")
    var subject: String

    @Option(help: "For an image: its tag in the layout (as IMAGE:TAG).")
    var tag: String?

    @OptionGroup var keyOptions: VerificationKeyOptions

    @OptionGroup var keyless: KeylessOptions

    @Option(help: "The envelope (.intoto.jsonl) or bundle file; for an image, default: the attestations stored in the layout.")
    var attestation: String?

    @Option(help: "Required predicate type: spdx, cyclonedx, slsaprovenance, vuln, custom or a URI.")
    var type: String?

    @Flag(help: "After a successful verification, print only the predicate JSON to standard output (status lines go to standard error).")
    var printPredicate = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(name: .customLong("subject-file"), help: "Check the attestation against SUBJECT's file digest even when it is an image tar.")
    var subjectFile = false

    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var registry: RegistryFlags

    @Option(help: "For a registry reference: the repository attestations are read from (default: COSIGN_REPOSITORY, else the image's).")
    var signatureRepository: String?

    func validate() throws {
        if let type { do { _ = try PredicateType.resolve(type) } catch { throw ValidationError("--type: \(error.reason)") } }
        if keyless.isKeyless {
            if !keyOptions.key.isEmpty { throw ValidationError("Give --key or the certificate identity flags, not both.") }
            let target = ImageReference(argument: subject, tag: tag) { FileManager.default.fileExists(atPath: $0) }
            let inRegistry = tag == nil && (try? ImageSource.of(subject)).map { if case .registry = $0 { true } else { false } } == true
            if attestation == nil, !inRegistry, !ImageAttestation.holdsLayout(target.path) {
                throw ValidationError("A keyless verification of a file needs the bundle: --attestation FILE.")
            }
        } else {
            try keyOptions.requireKeys()
        }
    }

    func run() async throws {
        // A registry reference: the image and every cosign artifact about it are fetched into a temporary
        // layout, and verified there by the layout code (the one CosignArtifactFinder).
        let argument = try await ImageArgument.resolve(
            subject, tag: tag, contents: .imageWithArtifacts, registry: registry, signatureRepository: signatureRepository, format: format)
        defer { withExtendedLifetime(argument) {} }
        var command = self
        command.subject = argument.path
        command.tag = argument.tag
        try command.runResolved(name: argument.displayName)
    }

    /// `name`: how the subject is named in the report (the argument, or the reference of a registry image).
    private func runResolved(name: String) throws {
        if let policy = keyless.policy() {
            if let attestation {
                try runKeyless(policy: policy, bundlePath: attestation)
            } else {
                try runKeylessStored(policy: policy, name: name)
            }
            return
        }
        let keys = try keyOptions.load(defaultRSAPSS: true)
        let expectedType = try type.map { (name) throws(VouchError) in try PredicateType.resolve(name) }
        let target = ImageReference(argument: subject, tag: tag) { FileManager.default.fileExists(atPath: $0) }
        let envelopes = try attestation.map { (path) throws(VouchError) in try AttestationDocument.envelopes(from: InputFile.read(path), path: path) }
        var report: AttestationReport
        if ImageAttestation.holdsLayout(target.path) {
            if let envelopes {
                report = try ImageAttestation.verify(layoutPath: target.path, tag: target.tag, envelopes: envelopes, keys: keys, expectedPredicateType: expectedType)
            } else {
                report = try ImageAttestation.verify(layoutPath: target.path, tag: target.tag, keys: keys, expectedPredicateType: expectedType)
            }
        } else if !subjectFile, let envelopes, let image = try? ImageLoader().load(target), let digest = ImageSummary(image).imageDigest {
            // An image tar: its attestations are about the image's manifest digest, as `vouch attest` writes them.
            report = try AttestationReport.verify(envelopes: envelopes, subject: subject, digest: digest, keys: keys, expectedPredicateType: expectedType)
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
                if report.untrusted.contains(index) {
                    out += "not signed by a given key: reported, not counted\n"
                } else {
                    for failure in result.failures { out += "FAILED \(failure.description.terminalEscaped)\n" }
                }
            }
            for failure in report.failures { out += "FAILED \(failure.description.terminalEscaped)\n" }
            let digest = report.attestations.first.map { " (\($0.subjectDigest))" } ?? ""
            let verdict = report.verdict
            if !verdict.passed, report.failures.isEmpty {
                for failure in verdict.failures where failure.subject == "attestations" { out += "FAILED \(failure.description.terminalEscaped)\n" }
            }
            out += verdict.passed ? "Verified OK: \(name.terminalEscaped)\(digest)\n" : "Verification FAILED: \(name.terminalEscaped)\n"
            if printPredicate {
                // Standard output carries the predicate alone, so it can be piped to jq.
                StandardError.write(out)
                if verdict.passed {
                    let counted = report.attestations.indices.filter { !report.untrusted.contains($0) }
                    for index in counted { if let predicate = predicates[index] { try StandardOutput.line(predicate) } }
                }
            } else {
                try StandardOutput.write(out)
            }
        case .json:
            try StandardOutput.write(JSONOutput.encode(report))
        }
        try ExitStatus.conclude(report)
    }

    /// A keyless bundle about a file: the whole Sigstore verification, then the predicate type.
    private func runKeyless(policy: CertificateIdentityPolicy, bundlePath: String) throws {
        let expectedType = try type.map { (name) throws(VouchError) in try PredicateType.resolve(name) }
        let bundle = try SigstoreBundle(json: try InputFile.read(bundlePath), path: bundlePath)
        let target = ImageReference(argument: subject, tag: tag) { FileManager.default.fileExists(atPath: $0) }
        // About an image in a layout: the digest its tag resolves to.
        let artifact: BundleVerifier.Artifact = ImageAttestation.holdsLayout(target.path)
            ? .digest(try OCILayout.open(target.path).subjectDigest(tag: target.tag))
            : try VerifyBlobCommand.artifact(subject)
        let verifier = BundleVerifier(trustedRoot: try keyless.loadTrustedRoot(), now: Int64(SystemWallClock().now().timeIntervalSince1970))
        let result = try verifier.verifyAttestation(
            bundle, bundleName: bundlePath, subject: artifact, signer: .certificate(policy), expectedPredicateType: expectedType)
        switch format {
        case .text:
            try StandardOutput.write(KeylessText.report(result))
            if printPredicate, result.passed, case .dsseEnvelope(let envelope) = bundle.content, let statement = try? InTotoStatement(payload: envelope.payload) {
                try StandardOutput.line(String(decoding: statement.predicateJSON, as: UTF8.self))
            }
        case .json: try StandardOutput.write(try JSONOutput.encode(result))
        }
        if !result.passed { throw ExitStatus.negativeVerdict.exitCode }
    }

    /// The keyless attestations stored for an image in its layout (cosign v2 `.att`, cosign v3 bundle referrers).
    private func runKeylessStored(policy: CertificateIdentityPolicy, name: String) throws {
        let expectedType = try type.map { (name) throws(VouchError) in try PredicateType.resolve(name) }
        let target = ImageReference(argument: subject, tag: tag) { FileManager.default.fileExists(atPath: $0) }
        let verifier = BundleVerifier(trustedRoot: try keyless.loadTrustedRoot(), now: Int64(SystemWallClock().now().timeIntervalSince1970))
        var result = try KeylessImageAttestations.verify(
            layoutPath: target.path, tag: target.tag, policy: policy, verifier: verifier, expectedPredicateType: expectedType)
        if !printPredicate {
            for index in result.attestations.indices { result.attestations[index].predicate = nil }
        }
        switch format {
        case .text:
            var out = ""
            for check in result.attestations {
                let counted = result.counted.contains { $0.source == check.source }
                let state = check.passed ? "verified" : check.trusted && !counted ? "signed by the identity, another predicate type: not counted" : check.trusted ? "NOT verified" : "not signed by the identity: reported, not counted"
                out += "\(check.source.terminalEscaped): \(state)\(check.predicateType.map { " (\($0.terminalEscaped))" } ?? "")\n"
                if let verification = check.verification {
                    out += KeylessText.report(verification).split(separator: "\n").dropLast().map { "  \($0)\n" }.joined()
                }
                for failure in check.failures { out += "  FAILED \(failure.description.terminalEscaped)\n" }
            }
            let verdict = result.verdict
            for failure in verdict.failures where failure.subject == "attestations" || failure.subject == result.digest.description {
                out += "FAILED \(failure.description.terminalEscaped)\n"
            }
            out += verdict.passed ? "Verified OK: \(name.terminalEscaped) (\(result.digest))\n" : "Verification FAILED: \(name.terminalEscaped) (\(result.digest))\n"
            try StandardOutput.write(out)
            if printPredicate, verdict.passed {
                for check in result.counted { if let predicate = check.predicate { try StandardOutput.line(predicate) } }
            }
        case .json: try StandardOutput.write(try JSONOutput.encode(result))
        }
        try ExitStatus.conclude(result)
    }
}
