import ArgumentParser
import VouchCore
import VouchCrypto
import VouchFiles

struct KeyGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a key pair: NAME.key (encrypted PKCS#8 PEM, mode 0600) and NAME.pub (SPKI PEM).",
        discussion: """
            The password comes from VOUCH_PASSWORD (else COSIGN_PASSWORD), or is asked twice on a terminal; --no-password writes an \
            unencrypted key. Existing files are never replaced without --force. Both files are written \
            atomically (temporary file + rename).

            Examples:
              VOUCH_PASSWORD=... vouch key generate --output-prefix release
              vouch key generate --algorithm ed25519 --no-password --output-prefix ci
              VOUCH_PASSWORD=... vouch key generate --key-format cosign \\
                  --output-prefix cosign
            """
    )

    @Option(help: "ecdsa-p256 (default, cosign's), ecdsa-p384, ed25519, rsa-3072 or rsa-4096.")
    var algorithm: KeyAlgorithmArgument = .init(.ecdsaP256)

    @Option(help: "Path prefix of the two files written.")
    var outputPrefix: String = "vouch"

    @Option(help: "Private key file format: pkcs8 or cosign (ENCRYPTED SIGSTORE PRIVATE KEY).")
    var keyFormat: PrivateKeyFormatArgument = .init(.pkcs8)

    @Flag(help: "Write the private key unencrypted.")
    var noPassword = false

    @Flag(help: "Replace existing files.")
    var force = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let password = noPassword ? nil : try KeyPassword.forWriting()
        let files = try KeyPairFiles.generate(algorithm.value, prefix: outputPrefix, password: password, format: keyFormat.value, overwrite: force)
        switch format {
        case .text:
            try StandardOutput.line("Private key (\(files.encrypted ? "encrypted" : "UNENCRYPTED")): \(files.privateKeyPath)")
            try StandardOutput.line("Public key: \(files.publicKeyPath)")
        case .json:
            try StandardOutput.write(JSONOutput.encode(files))
        }
    }
}
