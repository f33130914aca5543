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
