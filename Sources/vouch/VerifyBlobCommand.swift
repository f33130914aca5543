import ArgumentParser
import Foundation
import VouchAttest
import VouchCore
import VouchCrypto
import VouchFiles

struct VerifyBlobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-blob",
        abstract: "Verify a file's signature (base64, as cosign writes it) or its Sigstore bundle, offline.",
        discussion: """
            Exit codes: 0 a signature verified with one of the keys; 1 none did (or the bundle is for \
            another file); 2 a file or key could not be read.

            Examples:
              vouch verify-blob release.tar.gz --key release.pub \\
                  --signature release.tar.gz.sig
              vouch verify-blob app.bin --key a.pub --key b.pub \\
                  --bundle app.bin.sigstore.json --format json
            """
    )

    @Argument(help: "The signed file.")
    var file: String

    @OptionGroup var keyOptions: VerificationKeyOptions

    @Option(help: "File holding the base64 signature.")
    var signature: String?

    @Option(help: "Sigstore bundle (v0.1 to v0.3 media types) holding a messageSignature.")
    var bundle: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if (signature == nil) == (bundle == nil) { throw ValidationError("Give exactly one of --signature or --bundle.") }
    }

    func run() throws {
        let keys = try keyOptions.load()
        let result: BlobVerification
        if let signature {
            let text = String(decoding: try InputFile.read(signature), as: UTF8.self)
            result = try BlobSignature.verify(path: file, signatureText: text, keys: keys)
        } else if let bundle {
            result = try BlobSignature.verify(path: file, bundle: SigstoreBundle(json: try InputFile.read(bundle), path: bundle), keys: keys)
        } else {
            return
        }
        switch format {
        case .text: try StandardOutput.write(VerificationText.blob(result))
        case .json: try StandardOutput.write(JSONOutput.encode(result))
        }
        if !result.passed { throw ExitStatus.negativeVerdict.exitCode }
    }
}
