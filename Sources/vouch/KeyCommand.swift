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
