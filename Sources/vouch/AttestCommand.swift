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
            For a file the subject is its name and SHA-256; for an OCI layout directory (IMAGE[:TAG]) it \
            is the digest the tag resolves to, and --attach / --referrer store the envelope in the layout \
            as cosign does in a registry (tag sha256-<hex>.att, layer application/vnd.dsse.envelope.v1+json). \
            The predicate is the JSON file given, embedded byte \
            for byte. The envelope's payloadType is application/vnd.in-toto+json and its signature covers \
            the DSSE pre-authentication encoding. ECDSA keys sign with SHA-256 (P-384: SHA-384), Ed25519 \
            purely, RSA with RSA-PSS SHA-256 (securesystemslib's default). The signature's keyid is the \
            key id securesystemslib computes (empty inside a bundle, as cosign writes it).

            --type takes spdx, cyclonedx, slsaprovenance (https://slsa.dev/provenance/v1), vuln, custom \
            or any predicate type URI.

            Examples:
              vouch attest app.tar --predicate sbom.spdx.json --type spdx --key release.key --output app.intoto.jsonl
              vouch attest app.tar --predicate provenance.json --type slsaprovenance --key release.key --bundle app.sigstore.json
              vouch attest ./app-layout:latest --predicate sbom.cdx.json --type cyclonedx --key release.key --attach
              vouch attest app-oci.tar --predicate sbom.spdx.json --type spdx --key release.key --output-layout signed/app
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

    func validate() throws {
        let isLayout = ImageAttestation.isLayout(ImageReference(argument: subject, tag: nil) { FileManager.default.fileExists(atPath: $0) }.path)
        if (attach || referrer || reference != nil), !isLayout, outputLayout == nil {
            throw ValidationError("--attach, --referrer and --reference apply to an image (an OCI layout directory, or a tar with --output-layout).")
        }
        if outputLayout != nil, isLayout {
            throw ValidationError("--output-layout unpacks an image tar; this is already a layout (use --attach).")
        }
    }

    func run() throws {
        let predicateType = try PredicateType.resolve(type)
        let key = try keyOptions.load(defaultRSAPSS: true)
        let predicateJSON = try InputFile.read(predicate)
        let target = ImageReference(argument: subject, tag: nil) { FileManager.default.fileExists(atPath: $0) }
        var layoutPath: String? = ImageAttestation.isLayout(target.path) ? target.path : nil
        if let outputLayout {
            try OCILayoutExtraction.extract(tarPath: target.path, into: outputLayout)
            layoutPath = outputLayout
        }
        let envelope: DSSEEnvelope
        if let layoutPath {
            envelope = try ImageAttestation.attest(
                layoutPath: layoutPath, tag: target.tag, reference: reference, predicateJSON: predicateJSON, predicatePath: predicate,
                predicateType: predicateType, key: key).envelope
            if attach || referrer || outputLayout != nil {
                try ImageAttestation.attach(envelope, predicateType: predicateType, layoutPath: layoutPath, tag: target.tag, referrer: referrer)
            }
        } else {
            envelope = try Attestation.attestFile(
                subjectPath: subject, predicateJSON: predicateJSON, predicatePath: predicate, predicateType: predicateType, key: key)
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
}
