import ArgumentParser
import Foundation
import VouchAttest
import VouchCore
import VouchCrypto
import VouchImage
import VouchFiles

struct AttestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Sign an in-toto Statement v1 about a file or an image into a DSSE envelope (.intoto.jsonl) or a Sigstore bundle.",
        discussion: """
            The subject is what SUBJECT means: for an image in any supported form (an OCI layout \
            directory, an oci-archive or docker-save tar, IMAGE[:TAG]) it is the image's manifest digest \
            (the index's for a multi-platform image, what the tag resolves to), which `vouch policy check` \
            and `vouch verify-attestation` check; for any other file it is the file's name and SHA-256. \
            --subject-file attests a tar's own file digest instead; --subject-digest sha256:<hex> names the \
            digest without reading SUBJECT. Which digest was attested is printed on standard error. \
            For a layout, --attach / --referrer store the envelope in the layout \
            as cosign does in a registry (tag sha256-<hex>.att, layer application/vnd.dsse.envelope.v1+json). \
            The predicate is the JSON file given, embedded byte \
            for byte. The envelope's payloadType is application/vnd.in-toto+json and its signature covers \
            the DSSE pre-authentication encoding. ECDSA keys sign with SHA-256 (P-384: SHA-384), Ed25519 \
            purely, RSA with RSA-PSS SHA-256 (securesystemslib's default). The signature's keyid is the \
            key id securesystemslib computes (empty inside a bundle, as cosign writes it).

            --type takes spdx, cyclonedx, slsaprovenance (https://slsa.dev/provenance/v1), vuln, custom \
            or any predicate type URI.

            Examples:
              vouch attest app.tar --predicate sbom.spdx.json --type spdx \\
                  --key release.key --output app.intoto.jsonl
              vouch attest app.tar --predicate provenance.json --type slsaprovenance \\
                  --key release.key --bundle app.sigstore.json
              vouch attest ./app-layout:latest --predicate sbom.cdx.json --type cyclonedx \\
                  --key release.key --attach
              vouch attest app-oci.tar --predicate sbom.spdx.json --type spdx \\
                  --key release.key --output-layout signed/app
            """
    )

    @Argument(help: "The file the Statement is about, or an OCI layout directory (IMAGE[:TAG]) for an image.")
    var subject: String

    @Option(help: "For an image: the subject name written into the Statement (default: the tag).")
    var reference: String?

    @Flag(help: "For an image: store the envelope in the layout under the cosign tag sha256-<hex>.att.")
    var attach = false

    @Flag(help: "For an image: also store the envelope as an OCI 1.1 referrer.")
    var referrer = false

    @Option(help: "For an image tar (oci-archive, docker save of Docker 25+): unpack its OCI layout to this new directory and attach the envelope there (the tar is not modified).")
    var outputLayout: String?

    @Option(help: "The predicate: a JSON object file.")
    var predicate: String

    @Option(help: "Predicate type: spdx, cyclonedx, slsaprovenance, vuln, custom or a URI.")
    var type: String

    @OptionGroup var keyOptions: SigningKeyOptions

    @Option(help: "Write the envelope (one JSON line) to this file; without --output or --bundle it is printed.")
    var output: String?

    @Option(help: "Write a Sigstore bundle v0.3 holding the envelope to this file.")
    var bundle: String?

    @Flag(help: "Replace existing output files.")
    var force = false

    @Option(help: "For an image: its tag in the layout (as IMAGE:TAG).")
    var tag: String?

    @Flag(name: .customLong("subject-file"), help: "Attest SUBJECT's file digest even when it is an image tar.")
    var subjectFile = false

    @Option(name: .customLong("subject-digest"), help: "Attest this digest (sha256:<hex>) under the name SUBJECT, without reading SUBJECT.")
    var subjectDigest: String?

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if subjectFile, subjectDigest != nil { throw ValidationError("Give --subject-file or --subject-digest, not both.") }
        if let subjectDigest {
            do { _ = try Digest(parsing: subjectDigest) } catch { throw ValidationError("--subject-digest: \(error.reason)") }
            if attach || referrer || outputLayout != nil { throw ValidationError("--subject-digest names a digest; --attach, --referrer and --output-layout need an image.") }
            return
        }
        if subjectFile, attach || referrer || outputLayout != nil { throw ValidationError("--subject-file attests a file; --attach, --referrer and --output-layout need an image.") }
        do { _ = try PredicateType.resolve(type) } catch { throw ValidationError("--type: \(error.reason)") }
        let isLayout = ImageAttestation.isLayout(ImageReference(argument: subject, tag: tag) { FileManager.default.fileExists(atPath: $0) }.path)
        if (attach || referrer || reference != nil), !isLayout, outputLayout == nil {
            throw ValidationError("--attach, --referrer and --reference apply to an image (an OCI layout directory, or a tar with --output-layout).")
        }
        if outputLayout != nil, isLayout {
            throw ValidationError("--output-layout unpacks an image tar; this is already a layout (use --attach).")
        }
    }

    func run() throws {
        let predicateType = try PredicateType.resolve(type)
        let key = try keyOptions.load(rsaPSS: true)
        let predicateJSON = try InputFile.read(predicate)
        let target = ImageReference(argument: subject, tag: tag) { FileManager.default.fileExists(atPath: $0) }
        let attestImage = { (layoutPath: String) throws(VouchError) -> DSSEEnvelope in
            let attested = try ImageAttestation.attest(
                layoutPath: layoutPath, tag: target.tag, reference: reference, predicateJSON: predicateJSON, predicatePath: predicate,
                predicateType: predicateType, key: key)
            note("subject \(subject): the image's manifest digest \(attested.digest)")
            if attach || referrer || outputLayout != nil {
                try ImageAttestation.attach(attested.envelope, predicateType: predicateType, layoutPath: layoutPath, tag: target.tag, referrer: referrer)
            }
            return attested.envelope
        }
        let envelope: DSSEEnvelope
        if let subjectDigest {
            let digest = try Digest(parsing: subjectDigest)
            envelope = try Attestation.attest(
                subjectName: subject, digest: digest, predicateJSON: predicateJSON, predicatePath: predicate, predicateType: predicateType, key: key)
            note("subject \(subject): \(digest) (given by --subject-digest)")
        } else if let outputLayout {
            envelope = try OCILayoutExtraction.extract(tarPath: target.path, into: outputLayout, tag: target.tag, then: attestImage)
        } else if !subjectFile, ImageAttestation.isLayout(target.path) {
            envelope = try attestImage(target.path)
        } else if !subjectFile, let image = try? ImageLoader().load(target), let digest = ImageSummary(image).imageDigest {
            // An image tar: attest what the user means, the image, not the bytes of this one packaging of it.
            let name = reference ?? image.tags.first ?? (target.path.split(separator: "/").last.map(String.init) ?? target.path)
            envelope = try Attestation.attest(
                subjectName: name, digest: digest, predicateJSON: predicateJSON, predicatePath: predicate, predicateType: predicateType, key: key)
            note("subject \(subject): an image (\(image.format)); attesting its manifest digest \(digest), not the file's (--subject-file attests the file)")
        } else {
            let digest = try FileDigester().digest(path: subject).digest
            let name = subject.split(separator: "/").last.map(String.init) ?? subject
            envelope = try Attestation.attest(
                subjectName: name, digest: digest, predicateJSON: predicateJSON, predicatePath: predicate, predicateType: predicateType, key: key)
            note("subject \(subject): the file's digest \(digest)")
        }
        var files: [OutputBatch.File] = []
        if let output { files.append(OutputBatch.File(path: output, bytes: Array((envelope.jsonLine + "\n").utf8))) }
        if let bundle {
            var bundled = envelope
            bundled.signatures = bundled.signatures.map { DSSEEnvelope.Signature(keyid: "", encodedSignature: $0.encodedSignature) }
            let document = SigstoreBundle(publicKeyHint: key.privateKey.publicKey.hint, content: .dsseEnvelope(bundled))
            files.append(OutputBatch.File(path: bundle, bytes: Array(document.json.utf8)))
        }
        try OutputBatch.write(files, overwrite: force)
        if output == nil && bundle == nil && !attach && !referrer && outputLayout == nil { try StandardOutput.line(envelope.jsonLine) }
    }

    /// Says on standard error which digest was attested (standard output may carry the envelope).
    private func note(_ text: String) {
        if !OutputStyle.quiet { StandardError.write("vouch: \(text.terminalEscaped)\n") }
    }
}
