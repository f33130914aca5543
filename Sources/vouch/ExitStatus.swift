import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import VouchCore
import VouchFiles

/// Vouch's exit codes, in this one place (the README's table mirrors it).
enum ExitStatus: Int32 {
    /// Everything checked out.
    case success = 0
    /// A check ran and the artifact failed it: verification, secrets found, policy violated.
    case negativeVerdict = 1
    /// The tool could not do its job: missing file, unreadable or unsupported input.
    case couldNotRun = 2
    /// The command line was wrong (ArgumentParser's EX_USAGE).
    case usage = 64

    /// The error for `throw` in a command's `run()`.
    var exitCode: ExitCode { ExitCode(rawValue) }

    /// The one mapping from outcomes to exit statuses: a verdict is 0 (passed) or 1 (failed); an error is
    /// 2 (``VouchError``: the tool could not run) or 64 (usage). A verdict is never an error, nor the reverse.
    static func of(_ outcome: Outcome) -> ExitStatus {
        switch outcome {
        case .verdict(let verdict): verdict.passed ? .success : .negativeVerdict
        case .error(let error): error is VouchError ? .couldNotRun : .usage
        }
    }

    /// What a command ended with.
    enum Outcome {
        case verdict(Verdict)
        case error(any Error)
    }

    /// Ends a command with its report's verdict: returns when it passed, else throws status 1 (or
    /// `negativeStatus`, for `secrets scan --exit-code`).
    static func conclude(_ report: some VerdictReport, negativeStatus: Int32? = nil) throws {
        let status = of(.verdict(report.verdict))
        guard status == .success else { throw ExitCode(negativeStatus ?? status.rawValue) }
    }

    /// Prints `vouch: error: <file>: <reason>` to standard error and exits.
    func exit(printing error: VouchError) -> Never {
        let location = OutputStyle.verbose ? " (raised at \(error.sourceLocation))" : ""
        StandardError.write("vouch: error: \(error.description.terminalEscaped)\(location)\n")
        Glibc.exit(rawValue)
    }
}

enum StandardError {
    /// Writes with write(2) on descriptor 2, which needs no shared `FILE *` state.
    static func write(_ text: String) {
        var text = text
        _ = text.withUTF8 { FileDescriptorIO.writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
    }
}
