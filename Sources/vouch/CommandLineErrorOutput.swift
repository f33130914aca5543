import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import VouchCore

/// How errors that are not a ``VouchError`` reach the user: usage errors with the same `vouch: error:`
/// prefix as every other error (exit 64), help and `--version` as ArgumentParser prints them, and a
/// Foundation error (which should not escape a command, but must never show `NSCocoaErrorDomain`
/// text) as a plain "could not read" naming the file (exit 2).
enum CommandLineErrorOutput {
    static func exit(for error: any Error) -> Never {
        if let error = error as? CocoaError {
            ExitStatus.couldNotRun.exit(printing: VouchError(foundation: error))
        }
        let code = Vouch.exitCode(for: error)
        // A command's own exit status (a negative verdict) and help / --version pass through as they are.
        if error is ExitCode || code == .success { Vouch.exit(withError: error) }
        guard code == .validationFailure else {
            // Any other error means the tool could not do its job: exit 2, never ArgumentParser's generic 1,
            // which the README reserves for a negative verdict.
            StandardError.write("vouch: error: \(Vouch.message(for: error).terminalEscaped)\n")
            Glibc.exit(ExitStatus.couldNotRun.rawValue)
        }
        var message = Vouch.fullMessage(for: error)
        if message.hasPrefix("Error: ") { message = "vouch: error: " + message.dropFirst("Error: ".count) }
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(\.terminalEscaped)
        StandardError.write(lines.joined(separator: "\n") + "\n")
        Glibc.exit(ExitStatus.usage.rawValue)
    }
}

extension VouchError {
    /// A Foundation file error as the user should see it: the file and what went wrong, in words.
    init(foundation error: CocoaError) {
        let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? error.filePath
        let reason: String
        switch error.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: reason = "no such file"
        case .fileReadNoPermission, .fileWriteNoPermission: reason = "permission denied"
        case .fileWriteOutOfSpace: reason = "no space left on the device"
        case .fileReadTooLarge: reason = "the file is too large to read"
        default:
            if let underlying = error.underlying as? POSIXError {
                reason = String(cString: strerror(underlying.code.rawValue))
            } else if let path, FileManager.default.fileExists(atPath: path) {
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                reason = isDirectory.boolValue ? "is a directory, not a file" : "could not be read"
            } else {
                reason = "could not be read or written"
            }
        }
        self.init(.ioFailure, reason, path: path)
    }
}
