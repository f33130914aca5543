import ArgumentParser
import VouchCore
import VouchCrypto
import VouchFiles

struct KeyConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Rewrite a private key as encrypted PKCS#8 or as a cosign key (ENCRYPTED SIGSTORE PRIVATE KEY).",
        discussion: """
            Reads PKCS#8 (plain or encrypted), SEC1 EC, PKCS#1 RSA and cosign keys. The input is decrypted \
            with VOUCH_PASSWORD (or a prompt) and the output is encrypted with the same password, or with \
            VOUCH_NEW_PASSWORD when set. --no-password writes unencrypted PKCS#8.

            Examples:
              VOUCH_PASSWORD=... vouch key convert cosign.key --to pkcs8 \\
                  --output release.key
              VOUCH_PASSWORD=... vouch key convert release.key --to cosign \\
                  --output cosign.key
            """
    )

    @Argument(help: "The private key to convert.")
    var input: String

    @Option(help: "Target format: pkcs8 or cosign.")
    var to: PrivateKeyFormatArgument

    @Option(help: "Where to write the converted key.")
    var output: String

    @Flag(help: "Write unencrypted PKCS#8.")
    var noPassword = false

    @Flag(help: "Replace an existing output file.")
    var force = false

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if noPassword, to.value == .cosign { throw ValidationError("The cosign format is always encrypted; drop --no-password.") }
    }

    func run() throws {
        let password = try PrivateKey.isEncrypted(contentsOf: input) ? KeyPassword.forReading(keyPath: input) : nil
        let key = try PrivateKey(contentsOf: input, password: password)
        let newPassword: SecretBytes? = noPassword ? nil : try KeyPassword.forConversion(keyPath: input)
        try KeyPairFiles.write(key, format: to.value, password: newPassword, to: output, overwrite: force)
        try StandardOutput.line("Wrote \(to.value.rawValue) key: \(output)")
    }
}
