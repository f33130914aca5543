import ArgumentParser

/// `vouch policy`: the deploy gate.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Decide whether an image may ship: check it against a policy.",
        subcommands: [PolicyCheckCommand.self]
    )
}
