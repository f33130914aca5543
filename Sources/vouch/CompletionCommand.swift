import ArgumentParser
import VouchFiles

/// `vouch completion bash|zsh|fish`: the shell completion script ArgumentParser generates, offered as a
/// command (as cosign, syft and gh do) instead of the hidden `--generate-completion-script` flag.
struct CompletionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion",
        abstract: "Print the shell completion script for bash, zsh or fish.",
        discussion: """
            Examples:
              vouch completion bash > /etc/bash_completion.d/vouch
              vouch completion zsh > "${fpath[1]}/_vouch"
              vouch completion fish > ~/.config/fish/completions/vouch.fish
            """
    )

    @Argument(help: "The shell: bash, zsh or fish.")
    var shell: ShellArgument

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try StandardOutput.write(Vouch.completionScript(for: shell.value))
    }
}

enum ShellArgument: String, ExpressibleByArgument, CaseIterable {
    case bash, zsh, fish

    var value: CompletionShell {
        switch self {
        case .bash: .bash
        case .zsh: .zsh
        case .fish: .fish
        }
    }
}
