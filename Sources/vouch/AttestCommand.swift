import ArgumentParser
import Foundation
import VouchAttest
import VouchCore
import VouchCrypto
import VouchImage
import VouchFiles
import VouchRegistry

struct AttestCommand: AsyncParsableCommand {
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
            For a registry reference (see 'Image references' in the README), --attach writes cosign v2's \
            <repo>:sha256-<hex>.att manifest in the registry (in --signature-repository or COSIGN_REPOSITORY \
            when set), adding the envelope after the layers already there, and --referrer an OCI 1.1 \
            referrer (with the sha256-<hex> referrers tag-schema index on a registry without the referrers \
            API); the Statement names the repository and the digest the reference resolves to. \
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
              vouch attest ghcr.io/acme/app:1.0 --predicate sbom.spdx.json --type spdx \\
                  --key release.key --attach
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

    @OptionGroup var registry: RegistryFlags

    @Option(help: "For a registry reference: the repository the attestation is written to (default: COSIGN_REPOSITORY, else the image's).")
    var signatureRepository: String?

    /// The subject as a registry reference (no `--tag`, and ``ImageSource/classify(_:exists:)`` says so).
    private var remoteSubject: RemoteReference? {
        guard tag == nil, case .registry(let reference)? = try? ImageSource.of(subject) else { return nil }
        return reference
    }

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
        if remoteSubject != nil {
            if subjectFile || outputLayout != nil { throw ValidationError("--subject-file and --output-layout need a file on disk, not a registry reference.") }
            return
        }
        if (attach || referrer || reference != nil), !isLayout, outputLayout == nil {
            throw ValidationError("--attach, --referrer and --reference apply to an image (an OCI layout directory, or a tar with --output-layout).")
        }
        if outputLayout != nil, isLayout {
            throw ValidationError("--output-layout unpacks an image tar; this is already a layout (use --attach).")
        }
    }

    func run() async throws {
        if subjectDigest == nil, let remote = remoteSubject {
            try await attestInRegistry(remote)
            return
        }
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
        try write(envelope, key: key)
    }

    /// `--output` and `--bundle`, or the envelope on standard output when nothing else takes it.
    private func write(_ envelope: DSSEEnvelope, key: SigningKey) throws {
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

    /// An image in a registry: its documents and cosign artifacts are staged in a temporary layout, the
    /// Statement is about the digest the reference resolves to (named by the repository, as cosign names
    /// it), and with --attach / --referrer the layout code appends the envelope to the staged
    /// `sha256-<hex>.att` manifest (read-modify-write: another signer's layer is kept byte for byte), which is
    /// then pushed to the signature repository (a referrer also updates the referrers tag-schema index on
    /// a registry without the referrers API).
    private func attestInRegistry(_ remote: RemoteReference) async throws {
        let predicateType = try PredicateType.resolve(type)
        let key = try keyOptions.load(rsaPSS: true)
        let predicateJSON = try InputFile.read(predicate)
        let signatures = try RegistrySignatures.signatureRepository(for: remote, flag: signatureRepository)
        let service = RegistrySignatures(options: try registry.options())
        let scratch = try TemporaryLayoutDirectory()
        let staged = scratch.path + "/layout"
        let fetched = try await service.stage(remote, signatureRepository: signatures, into: staged)
        if !fetched.failures.isEmpty {
            try StandardOutput.line("NOT INTACT: \(remote.description.terminalEscaped): the registry served documents that do not match their digests, so nothing is attested")
            for failure in fetched.failures { try StandardOutput.line("  \(failure.description.terminalEscaped)") }
            try ExitStatus.conclude(fetched)
        }
        let attested = try ImageAttestation.attest(
            layoutPath: staged, tag: nil, reference: reference ?? remote.cosignRepository, predicateJSON: predicateJSON, predicatePath: predicate,
            predicateType: predicateType, key: key)
        note("subject \(remote): the image's manifest digest \(attested.digest)")
        if attach || referrer {
            let stored = try ImageAttestation.attach(attested.envelope, predicateType: predicateType, layoutPath: staged, tag: nil, referrer: referrer)
            try await service.publish(
                layout: staged, tags: attach ? [stored.tag] : [], referrers: [stored.referrer].compactMap { $0 }, subject: attested.digest, to: signatures)
            if attach { note("attestation manifest tagged \(signatures.repositoryName):\(stored.tag)") }
            if let referrerDigest = stored.referrer { note("referrer manifest \(referrerDigest) in \(signatures.repositoryName)") }
        }
        try write(attested.envelope, key: key)
    }

    /// Says on standard error which digest was attested (standard output may carry the envelope).
    private func note(_ text: String) {
        if !OutputStyle.quiet { StandardError.write("vouch: \(text.terminalEscaped)\n") }
    }
}
