import ArgumentParser
import Foundation
import VouchAttest
import VouchCore
import VouchImage
import VouchRegistry
import VouchFiles
import VouchSigstore

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify an image's cosign signatures stored in its OCI layout (tag scheme and referrers).",
        discussion: """
            Finds the signatures for the digest the tag resolves to (sha256-<hex>.sig and cosign \
            referrers, or the --signature/--payload files given), checks each payload blob against its digest, requires the payload to name this \
            exact digest, and verifies the signature with each --key; the report says which key verified \
            which signature. With --certificate-identity/--certificate-oidc-issuer instead of --key, keyless \
            signatures (the Fulcio certificate, chain and Rekor entry in cosign's layer annotations) are \
            verified against the trusted root as verify-blob does. Exit codes: 0 a signature verified; 1 none did; 2 the layout could not be read.

            Examples:
              vouch verify ./app-layout:latest --key release.pub
              vouch verify ./app-layout --key old.pub --key new.pub --format json
              vouch verify ./app-layout:1.0 \\
                  --certificate-identity-regexp '^https://github.com/acme/app/' \\
                --certificate-oidc-issuer https://token.actions.githubusercontent.com
            """
    )

    @Argument(help: "An OCI layout directory, optionally IMAGE:TAG.")
    var image: String

    @Option(help: "The image's tag in the layout.")
    var tag: String?

    @OptionGroup var keyOptions: VerificationKeyOptions

    @OptionGroup var keyless: KeylessOptions

    @Option(help: "Check this base64 signature file instead of the layout's (needs --payload).")
    var signature: String?

    @Option(help: "The simple-signing payload the --signature file signs.")
    var payload: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if keyless.isKeyless {
            if !keyOptions.key.isEmpty { throw ValidationError("Give --key or the certificate identity flags, not both.") }
            if signature != nil { throw ValidationError("--signature/--payload are for key-based signatures.") }
        } else {
            try keyOptions.requireKeys()
        }
        if (signature == nil) != (payload == nil) { throw ValidationError("--signature and --payload go together.") }
    }

    @OptionGroup var registry: RegistryFlags

    @Option(help: "For a registry reference: the repository signatures are read from (default: COSIGN_REPOSITORY, else the image's).")
    var signatureRepository: String?

    func run() async throws {
        var target = ImageReference(argument: image, tag: tag) { FileManager.default.fileExists(atPath: $0) }
        // A registry reference: its documents and cosign artifacts are staged in a temporary layout and
        // verified there by the same code as a layout.
        var remote: RemoteReference?
        var scratch: TemporaryLayoutDirectory?
        if tag == nil, case .registry(let reference) = try ImageSource.of(image) {
            let directory = try TemporaryLayoutDirectory()
            let signatures = try RegistrySignatures.signatureRepository(for: reference, flag: signatureRepository)
            let fetched = try await RegistrySignatures(options: try registry.options()).stage(reference, signatureRepository: signatures, into: directory.path + "/layout")
            if !fetched.failures.isEmpty {
                // Bytes that do not match what was signed: a negative verdict (exit 1), as for every command.
                try StandardOutput.line("NOT INTACT: \(reference.description.terminalEscaped): the registry served documents or blobs that do not match their digests")
                for failure in fetched.failures { try StandardOutput.line("  \(failure.description.terminalEscaped)") }
                try ExitStatus.conclude(fetched)
            }
            target = ImageReference(path: directory.path + "/layout")
            remote = reference
            scratch = directory
        }
        defer { _ = scratch }
        if let policy = keyless.policy() {
            try runKeyless(target: target, policy: policy)
            return
        }
        let keys = try keyOptions.load()
        var result: ImageSignatureVerification
        if let signature, let payload {
            result = try ImageSignature.verify(
                layoutPath: target.path, tag: target.tag, signatureText: String(decoding: try InputFile.read(signature), as: UTF8.self),
                payload: try InputFile.read(payload), keys: keys)
        } else {
            result = try ImageSignature.verify(layoutPath: target.path, tag: target.tag, keys: keys)
        }
        if let remote { result.image = remote.description }
        switch format {
        case .text:
            var out = ""
            for check in result.signatures {
                let where_ = "\(check.source) layer \(check.layer)"
                if let key = check.signature.verifiedBy {
                    out += "\(where_): verified by \(key.terminalEscaped) (payload names \((check.signedDigest ?? "?").terminalEscaped))\n"
                } else {
                    out += "\(where_): NOT verified\n"
                    for failure in check.signature.failures { out += "  - \(failure.description.terminalEscaped)\n" }
                }
            }
            for failure in result.failures { out += "FAILED \(failure.description.terminalEscaped)\n" }
            out += result.passed ? "Verified OK: \(result.image.terminalEscaped) (\(result.digest))\n" : "Verification FAILED: \(result.image.terminalEscaped) (\(result.digest))\n"
            try StandardOutput.write(out)
        case .json:
            try StandardOutput.write(JSONOutput.encode(result))
        }
        try ExitStatus.conclude(result)
    }

    private func runKeyless(target: ImageReference, policy: CertificateIdentityPolicy) throws {
        let verifier = BundleVerifier(trustedRoot: try keyless.loadTrustedRoot(), now: Int64(SystemWallClock().now().timeIntervalSince1970))
        let result = try KeylessImageVerification.verify(layoutPath: target.path, tag: target.tag, policy: policy, verifier: verifier)
        switch format {
        case .text:
            var out = ""
            for check in result.signatures {
                out += "\(check.source) layer \(check.layer): \(check.passed ? "verified" : "NOT verified") (payload names \(check.signedDigest ?? "?"))\n"
                if let verification = check.verification { out += KeylessText.report(verification).split(separator: "\n").dropLast().map { "  \($0)\n" }.joined() }
                for failure in check.failures { out += "  FAILED \(failure)\n" }
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
