import ArgumentParser
import VouchAttest
import VouchCore
import VouchCrypto
import VouchFiles

struct SignBlobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-blob",
        abstract: "Sign a file the way 'cosign sign-blob --key' does: base64 signature and/or a Sigstore bundle.",
        discussion: """
            Signature bytes are exactly cosign's: ECDSA P-256 over SHA-256 (P-384 over SHA-384) in ASN.1 \
            DER, pure Ed25519, RSA PKCS#1 v1.5 with SHA-256 (or RSA-PSS with --rsa-pss), then base64. \
            'openssl dgst -sha256 -verify KEY.pub -signature SIG.bin FILE' accepts them. ECDSA and RSA \
            stream the file; Ed25519 (pure EdDSA hashes the message twice) reads it into memory, at most \
            1 GiB (maximumEd25519MessageBytes). Every input is read once, so a pipe, a FIFO or a file \
            still being written is signed as the bytes read.

            Without --output-signature or --bundle the base64 signature is printed. The bundle is a \
            Sigstore bundle v0.3 with a public-key hint and an empty tlogEntries list: verifiable offline.

            Examples:
              vouch sign-blob release.tar.gz --key release.key > release.tar.gz.sig
              vouch sign-blob app.bin --key release.key --bundle app.bin.sigstore.json
            """
    )

    @Argument(help: "The file to sign ('-' for standard input).")
    var file: String

    @OptionGroup var keyOptions: SigningKeyOptions

    @OptionGroup var rsaScheme: RSASchemeOption

    @Option(help: "Write the base64 signature to this file.")
    var outputSignature: String?

    @Option(help: "Write a Sigstore bundle v0.3 to this file.")
    var bundle: String?

    @Flag(help: "Replace existing output files.")
    var force = false

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if file == "-", bundle != nil { throw ValidationError("A bundle needs the file's digest too; sign a file, not standard input.") }
    }

    func run() throws {
        let key = try keyOptions.load(rsaPSS: rsaScheme.rsaPSS)
        let signed = try BlobSignature.sign(path: file, key: key)
        var files: [OutputBatch.File] = []
        if let outputSignature { files.append(OutputBatch.File(path: outputSignature, bytes: Array(signed.base64.utf8))) }
        if let bundle { files.append(OutputBatch.File(path: bundle, bytes: Array(signed.bundle.json.utf8))) }
        try OutputBatch.write(files, overwrite: force)
        if outputSignature == nil && bundle == nil { try StandardOutput.line(signed.base64) }
    }
}
