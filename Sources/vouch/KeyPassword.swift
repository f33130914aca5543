#if canImport(Glibc)
import Glibc
#endif
import Foundation
import VouchCore
import VouchCrypto

/// Where a key password comes from: `VOUCH_PASSWORD`, else `COSIGN_PASSWORD` (what cosign users' pipelines
/// already set), else a no-echo prompt when standard input is a terminal.
enum KeyPassword {
    static let environmentVariable = "VOUCH_PASSWORD"
    /// cosign's variable, read when ``environmentVariable`` is unset.
    static let cosignEnvironmentVariable = "COSIGN_PASSWORD"

    /// The variable that gives the password and its value: `VOUCH_PASSWORD` when set (even empty), else
    /// `COSIGN_PASSWORD`.
    static var fromEnvironment: (variable: String, value: String)? {
        let environment = ProcessInfo.processInfo.environment
        for variable in [environmentVariable, cosignEnvironmentVariable] {
            if let value = environment[variable] { return (variable, value) }
        }
        return nil
    }

    /// The password for reading a key, or nil when none is available (an unencrypted key needs none).
    static func forReading(keyPath: String) -> SecretBytes? {
        if let (_, value) = fromEnvironment { return SecretBytes(password: value) }
        guard isatty(STDIN_FILENO) == 1, let typed = getpass("Password for \(keyPath): ") else { return nil }
        return SecretBytes(password: String(cString: typed))
    }

    /// The password for a converted key: `VOUCH_NEW_PASSWORD`, else the one the input was read with.
    static func forConversion(keyPath: String) throws(VouchError) -> SecretBytes {
        if let value = ProcessInfo.processInfo.environment["VOUCH_NEW_PASSWORD"], !value.isEmpty { return SecretBytes(password: value) }
        if let (_, value) = fromEnvironment, !value.isEmpty { return SecretBytes(password: value) }
        return try forWriting()
    }

    /// The password for a new key: the environment, or typed twice on a terminal. Throws when neither exists.
    static func forWriting() throws(VouchError) -> SecretBytes {
        if let (variable, value) = fromEnvironment {
            guard !value.isEmpty else { throw VouchError(.invalidArgument, "\(variable) is empty; use --no-password for an unencrypted key") }
            return SecretBytes(password: value)
        }
        guard isatty(STDIN_FILENO) == 1, let first = getpass("Enter password for the private key: ").map({ String(cString: $0) }),
              let second = getpass("Enter it again: ").map({ String(cString: $0) })
        else {
            throw VouchError(.invalidArgument, "no password: set VOUCH_PASSWORD, run on a terminal, or pass --no-password (COSIGN_PASSWORD is read too, when VOUCH_PASSWORD is unset)")
        }
        guard first == second else { throw VouchError(.invalidArgument, "the two passwords differ") }
        guard !first.isEmpty else { throw VouchError(.invalidArgument, "empty password; use --no-password for an unencrypted key") }
        return SecretBytes(password: first)
    }
}
