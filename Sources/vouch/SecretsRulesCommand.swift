import ArgumentParser
import VouchCore
import VouchSecrets
import VouchFiles

struct SecretsRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the secret rules a scan would run (built in, or resolved from --config).",
        discussion: """
            JSON output is a Vouch rules file (Schemas/rules.schema.json): it can be edited and passed \
            back with 'vouch secrets scan --config rules.json'.

            Examples:
              vouch secrets rules
              vouch secrets rules --config .gitleaks.toml --format json
            """
    )

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "A gitleaks TOML config or a Vouch JSON rules file.")
    var config: String?

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let ruleset = try SecretRuleset.load(configPath: config)
        switch format {
        case .text:
            for rule in ruleset.rules { try StandardOutput.line("\(rule.id)\t\(rule.description)") }
            try StandardOutput.line("\(ruleset.rules.count) rules")
        case .json:
            try StandardOutput.write(JSONOutput.encode(ruleset))
        }
    }
}
