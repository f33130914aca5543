import ArgumentParser
import Foundation
import VouchAttest
import VouchCore
import VouchImage

struct SignCommand: ParsableCommand {
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
            document checks first. Tar inputs are not modified and not supported: unpack them to a layout.

            Examples:
              vouch sign ./app-layout:latest --key release.key --reference registry.example.com/app:1.0
              vouch sign ./app-layout --key release.key --referrer
            """
    )

    @Argument(help: "An OCI layout directory, optionally IMAGE:TAG.")
    var image: String

    @Option(help: "The image's tag in the layout (org.opencontainers.image.ref.name).")
    var tag: String?

    @OptionGroup var keyOptions: SigningKeyOptions

    @Option(help: "The docker-reference written into the signed payload (default: the tag).")
    var reference: String?

    @Flag(help: "Also store the signature as an OCI 1.1 referrer.")
    var referrer = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let target = ImageReference(argument: image, tag: tag) { FileManager.default.fileExists(atPath: $0) }
        let key = try keyOptions.load()
        let signed = try ImageSignature.sign(layoutPath: target.path, tag: target.tag, key: key, reference: reference, referrer: referrer)
        switch format {
        case .text:
            print("Signed \(signed.signedDigest) in \(signed.image)")
            if let tag = signed.signatureTag { print("  signature manifest \(signed.signatureManifest) tagged \(tag)") }
            if let referrer = signed.referrerManifest { print("  referrer manifest \(referrer)") }
        case .json:
            print(try JSONOutput.encode(signed), terminator: "")
        }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify an image's cosign signatures stored in its OCI layout (tag scheme and referrers).",
        discussion: """
            Finds the signatures for the digest the tag resolves to (sha256-<hex>.sig and cosign \
            referrers), checks each payload blob against its digest, requires the payload to name this \
            exact digest, and verifies the signature with each --key; the report says which key verified \
            which signature. Exit codes: 0 a signature verified; 1 none did; 2 the layout could not be read.

            Examples:
              vouch verify ./app-layout:latest --key release.pub
              vouch verify ./app-layout --key old.pub --key new.pub --format json
            """
    )

    @Argument(help: "An OCI layout directory, optionally IMAGE:TAG.")
    var image: String

    @Option(help: "The image's tag in the layout.")
    var tag: String?

    @OptionGroup var keyOptions: VerificationKeyOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let target = ImageReference(argument: image, tag: tag) { FileManager.default.fileExists(atPath: $0) }
        let result = try ImageSignature.verify(layoutPath: target.path, tag: target.tag, keys: keyOptions.load())
        switch format {
        case .text:
            var out = ""
            for check in result.signatures {
                let where_ = "\(check.source) layer \(check.layer)"
                if let key = check.signature.verifiedBy {
                    out += "\(where_): verified by \(key) (payload names \(check.signedDigest ?? "?"))\n"
                } else {
                    out += "\(where_): NOT verified\n"
                    for failure in check.signature.failures { out += "  - \(failure)\n" }
                }
            }
            for failure in result.failures { out += "FAILED \(failure)\n" }
            out += result.passed ? "Verified OK: \(result.image) (\(result.digest))\n" : "Verification FAILED: \(result.image) (\(result.digest))\n"
            print(out, terminator: "")
        case .json:
            print(try JSONOutput.encode(result), terminator: "")
        }
        if !result.passed { throw ExitStatus.negativeVerdict.exitCode }
    }
}
