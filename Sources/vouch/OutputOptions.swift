import ArgumentParser
import Foundation

/// `-q/--quiet`, `-v/--verbose` and `--no-color`, accepted by every command (as cosign, syft and
/// gitleaks accept them). `NO_COLOR` (https://no-color.org: set and not empty) turns colour off too.
struct OutputOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print no warnings and no progress on standard error (errors and results still print).")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print where in Vouch each error was raised, for bug reports.")
    var verbose = false

    @Flag(name: .customLong("no-color"), help: "No colour in text output (also when NO_COLOR is set).")
    var noColor = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("Give --quiet or --verbose, not both.") }
    }
}

/// The output style of this run, set once from the parsed command before it runs.
enum OutputStyle {
    nonisolated(unsafe) private(set) static var quiet = false
    nonisolated(unsafe) private(set) static var verbose = false
    nonisolated(unsafe) private(set) static var colour = (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty

    /// Takes the ``OutputOptions`` group of `command`, wherever the command declares it.
    static func adopt(from command: any ParsableCommand) {
        for child in Mirror(reflecting: command).children {
            guard let group = child.value as? OptionGroup<OutputOptions> else { continue }
            let options = group.wrappedValue
            quiet = options.quiet
            verbose = options.verbose
            if options.noColor { colour = false }
        }
    }

    /// Writes a warning to standard error unless `--quiet` was given.
    static func warn(_ text: String) {
        if !quiet { StandardError.write("vouch: warning: \(text.terminalEscaped)\n") }
    }
}
