import ArgumentParser
import VouchCore
import VouchCrypto

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Generate signing keys and convert them between PKCS#8 and cosign's format.",
        subcommands: [KeyGenerateCommand.self, KeyConvertCommand.self]
    )
}

struct KeyGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a key pair: NAME.key (encrypted PKCS#8 PEM, mode 0600) and NAME.pub (SPKI PEM).",
        discussion: """
            The password comes from VOUCH_PASSWORD, or is asked twice on a terminal; --no-password writes an \
            unencrypted key. Existing files are never replaced without --force. Both files are written \
            atomically (temporary file + rename).

            Examples:
              VOUCH_PASSWORD=... vouch key generate --output-prefix release
              vouch key generate --algorithm ed25519 --no-password --output-prefix ci
              VOUCH_PASSWORD=... vouch key generate --key-format cosign --output-prefix cosign
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

    func run() throws {
        let password = noPassword ? nil : try KeyPassword.forWriting()
        let files = try KeyPairFiles.generate(algorithm.value, prefix: outputPrefix, password: password, format: keyFormat.value, overwrite: force)
        switch format {
        case .text:
            print("Private key (\(files.encrypted ? "encrypted" : "UNENCRYPTED")): \(files.privateKeyPath)")
            print("Public key: \(files.publicKeyPath)")
        case .json:
            print(try JSONOutput.encode(files), terminator: "")
        }
    }
}

struct KeyConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Rewrite a private key as encrypted PKCS#8 or as a cosign key (ENCRYPTED SIGSTORE PRIVATE KEY).",
        discussion: """
            Reads PKCS#8 (plain or encrypted), SEC1 EC, PKCS#1 RSA and cosign keys. The input is decrypted \
            with VOUCH_PASSWORD (or a prompt) and the output is encrypted with the same password, or with \
            VOUCH_NEW_PASSWORD when set. --no-password writes unencrypted PKCS#8.

            Examples:
              VOUCH_PASSWORD=... vouch key convert cosign.key --to pkcs8 --output release.key
              VOUCH_PASSWORD=... vouch key convert release.key --to cosign --output cosign.key
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

    func validate() throws {
        if noPassword, to.value == .cosign { throw ValidationError("The cosign format is always encrypted; drop --no-password.") }
    }

    func run() throws {
        let password = try PrivateKey.isEncrypted(contentsOf: input) ? KeyPassword.forReading(keyPath: input) : nil
        let key = try PrivateKey(contentsOf: input, password: password)
        let newPassword: SecretBytes? = noPassword ? nil : try KeyPassword.forConversion(keyPath: input)
        try KeyPairFiles.write(key, format: to.value, password: newPassword, to: output, overwrite: force)
        print("Wrote \(to.value.rawValue) key: \(output)")
    }
}

struct KeyAlgorithmArgument: ExpressibleByArgument {
    let value: KeyAlgorithm
    init(_ value: KeyAlgorithm) { self.value = value }
    init?(argument: String) {
        guard let value = KeyAlgorithm(name: argument) else { return nil }
        self.value = value
    }
    var defaultValueDescription: String { value.name }
    static var allValueStrings: [String] { KeyAlgorithm.generatable.map(\.name) }
}

struct PrivateKeyFormatArgument: ExpressibleByArgument {
    let value: PrivateKeyFormat
    init(_ value: PrivateKeyFormat) { self.value = value }
    init?(argument: String) {
        guard let value = PrivateKeyFormat(rawValue: argument) else { return nil }
        self.value = value
    }
    var defaultValueDescription: String { value.rawValue }
    static var allValueStrings: [String] { PrivateKeyFormat.allCases.map(\.rawValue) }
}
