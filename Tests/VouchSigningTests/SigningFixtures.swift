import Foundation
import VouchTestSupport

/// Shared helpers for the signing tests: passwords, key files, peer tools.
enum SigningFixtures {
    static let password = "correct horse battery staple"
    static let environment = ["VOUCH_PASSWORD": password]
    static let allAlgorithms = ["ecdsa-p256", "ecdsa-p384", "ed25519", "rsa-3072"]

    /// Runs vouch with the test password in the environment; fails the test on a launch error.
    static func vouch(_ arguments: [String], environment: [String: String] = SigningFixtures.environment, in directory: String? = nil) throws -> CommandResult {
        try CommandRunner.vouch(arguments, environment: environment, in: directory)
    }

    /// Generates `<prefix>.key` / `<prefix>.pub` in `directory` with vouch and returns their paths.
    static func generate(_ algorithm: String, in directory: TemporaryDirectory, prefix: String? = nil, noPassword: Bool = false) throws -> (key: String, pub: String) {
        let name = directory.path + "/" + (prefix ?? algorithm)
        var arguments = ["key", "generate", "--algorithm", algorithm, "--output-prefix", name]
        if noPassword { arguments.append("--no-password") }
        let result = try vouch(arguments)
        guard result.status == 0 else { throw Failure("key generate failed: \(result.stderr)") }
        return (name + ".key", name + ".pub")
    }

    static var python: String { Peers.venvBin.appendingPathComponent("python").path }

    /// Runs a Python snippet with the peer venv's interpreter; arguments become sys.argv[1...].
    static func runPython(_ script: String, _ arguments: [String] = []) throws -> CommandResult {
        try CommandRunner.run(try Peers.require("python"), ["-c", script] + arguments)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
