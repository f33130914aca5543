import ArgumentParser
import VouchCore
import VouchSecrets

/// `vouch secrets`: find leaked credentials in files, trees, git history.
struct SecretsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Find leaked credentials (API keys, tokens, private keys, passwords) in files, git history and images.",
        discussion: """
            All rules run as one Vectorscan database; every hit is confirmed with PCRE2, then filtered by \
            entropy, allowlists, inline 'vouch:allow' / 'gitleaks:allow' comments, '.vouchignore' and a baseline.

            Examples:
              vouch secrets scan .
              vouch secrets scan --git --log-opts='main~20..main' .
              vouch secrets scan --format sarif --report secrets.sarif src/
              vouch secrets rules --format json
            """,
        subcommands: [SecretsScanCommand.self, SecretsRulesCommand.self]
    )
}
