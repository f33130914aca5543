import ArgumentParser
import Foundation
import VouchAttest
import VouchCore
import VouchImage
import VouchFiles
import VouchRegistry

struct SignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign an image in an OCI layout the way cosign signs it in a registry.",
        discussion: """
            Signs the digest the tag resolves to (the manifest, or the index of a multi-platform image) \
            with cosign's simple-signing payload, and stores the signature in the layout as cosign stores \
            it in a registry: an OCI manifest tagged sha256-<hex>.sig whose layer (media type \
            application/vnd.dev.cosign.simplesigning.v1+json) carries the dev.cosignproject.cosign/signature \
            annotation, so 'skopeo copy' carries it to a registry. --referrer also stores it as an OCI 1.1 \
            referrer (a manifest whose subject is the image). The image must pass the image reader's \
            document checks first. A tar (oci-archive, or docker save of Docker 25+) is never modified: \
            its OCI layout is unpacked to the new directory --output and signed there.

            The payload's docker-reference is the image's repository, as cosign writes it \
            (ghcr.io/org/app for ghcr.io/org/app:1.0): by default the repository of the image's full \
            name (io.containerd.image.name, or an org.opencontainers.image.ref.name that names its \
            registry). A layout tagged only 1.0 or app:1.0 does not say which registry it belongs to: \
            give --reference (cosign's --sign-container-identity), or sign fails saying so. Verification \
            does not compare it, as cosign verify does not.

            Examples:
              vouch sign ./app-layout:latest --key release.key \\
                  --reference registry.example.com/app
              vouch sign ./app-layout --key release.key --referrer
              vouch sign app-oci.tar --key release.key --output ./app-signed
              vouch sign ghcr.io/org/app:1.0 --key release.key

            A registry reference (see 'Image references' in the README) is signed in the registry as \
            cosign signs it: the signature is added to <repo>:sha256-<hex>.sig (another signer's layers are \
            kept), in --signature-repository or COSIGN_REPOSITORY when set; the payload's docker-reference \
            is the repository.
            """
    )

    @Argument(help: "An OCI layout directory, optionally IMAGE:TAG.")
    var image: String

    @Option(help: "The image's tag in the layout (org.opencontainers.image.ref.name).")
    var tag: String?

    @OptionGroup var keyOptions: SigningKeyOptions

    @OptionGroup var rsaScheme: RSASchemeOption

    @Option(
        name: [.long, .customLong("sign-container-identity")],
        help: "The docker-reference written into the signed payload (default: the repository of the image's full name).")
    var reference: String?

    @Flag(help: "Also store the signature as an OCI 1.1 referrer.")
    var referrer = false

    @Option(help: "For a tar input: the new OCI layout directory to write the signed image to (the tar is not modified).")
    var output: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var registry: RegistryFlags

    @Option(help: "For a registry reference: the repository signatures are written to (default: COSIGN_REPOSITORY, else the image's).")
    var signatureRepository: String?

    func run() async throws {
        if tag == nil, case .registry(let remote) = try ImageSource.of(image) {
            try await signInRegistry(remote)
            return
        }
        let target = ImageReference(argument: image, tag: tag) { FileManager.default.fileExists(atPath: $0) }
        let key = try keyOptions.load(rsaPSS: rsaScheme.rsaPSS)
        let signed: ImageSignature.Signed
        if !ImageAttestation.isLayout(target.path), FileManager.default.fileExists(atPath: target.path) {
            guard let output else {
                throw VouchError(.invalidArgument, "a tar is never modified in place; give --output DIR for the signed layout", path: target.path)
            }
            signed = try OCILayoutExtraction.extract(tarPath: target.path, into: output, tag: target.tag) { (layout) throws(VouchError) in
                try ImageSignature.sign(layoutPath: layout, tag: target.tag, key: key, reference: reference, referrer: referrer)
            }
        } else {
            signed = try ImageSignature.sign(layoutPath: target.path, tag: target.tag, key: key, reference: reference, referrer: referrer)
        }
        switch format {
        case .text:
            try StandardOutput.line("Signed \(signed.signedDigest) in \(signed.image.terminalEscaped)")
            if let tag = signed.signatureTag { try StandardOutput.line("  signature manifest \(signed.signatureManifest) tagged \(tag)") }
            if let referrer = signed.referrerManifest { try StandardOutput.line("  referrer manifest \(referrer)") }
        case .json:
            try StandardOutput.write(JSONOutput.encode(signed))
        }
    }

    /// Stages the image's documents and cosign artifacts, signs there with the layout signer, and pushes the
    /// updated signature manifest (and referrer) to the signature repository.
    private func signInRegistry(_ remote: RemoteReference) async throws {
        let key = try keyOptions.load(rsaPSS: rsaScheme.rsaPSS)
        let signatures = try RegistrySignatures.signatureRepository(for: remote, flag: signatureRepository)
        let service = RegistrySignatures(options: try registry.options())
        let scratch = try TemporaryLayoutDirectory()
        let staged = scratch.path + "/layout"
        let fetched = try await service.stage(remote, signatureRepository: signatures, into: staged)
        if let failure = fetched.failures.first {
            throw VouchError(.malformedInput, "the image fails its integrity checks, so it is not signed: \(failure)", path: remote.description)
        }
        var signed = try ImageSignature.sign(layoutPath: staged, tag: nil, key: key, reference: reference ?? remote.cosignRepository, referrer: referrer)
        try await service.publish(
            layout: staged, tags: [signed.signatureTag].compactMap { $0 }, referrers: [signed.referrerManifest].compactMap { $0 },
            subject: signed.signedDigest, to: signatures)
        signed.image = remote.description
        switch format {
        case .text:
            try StandardOutput.line("Signed \(signed.signedDigest) in \(signed.image.terminalEscaped)")
            if let tag = signed.signatureTag { try StandardOutput.line("  signature manifest \(signed.signatureManifest) tagged \(signatures.repositoryName):\(tag)") }
            if let referrer = signed.referrerManifest { try StandardOutput.line("  referrer manifest \(referrer)") }
        case .json:
            try StandardOutput.write(JSONOutput.encode(signed))
        }
    }
}
