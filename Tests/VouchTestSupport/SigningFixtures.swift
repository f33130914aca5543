import Foundation

/// Shared helpers for the signing tests (the attestation and CLI targets): passwords, key files, peer tools.
public enum SigningFixtures {
    public static let password = "correct horse battery staple"
    public static let environment = ["VOUCH_PASSWORD": password]
    public static let allAlgorithms = ["ecdsa-p256", "ecdsa-p384", "ed25519", "rsa-3072"]

    /// Runs vouch with the test password in the environment; fails the test on a launch error.
    public static func vouch(_ arguments: [String], environment: [String: String] = SigningFixtures.environment, in directory: String? = nil) throws -> CommandResult {
        try CommandRunner.vouch(arguments, environment: environment, in: directory)
    }

    /// Generates `<prefix>.key` / `<prefix>.pub` in `directory` with vouch and returns their paths.
    public static func generate(_ algorithm: String, in directory: TemporaryDirectory, prefix: String? = nil, noPassword: Bool = false) throws -> (key: String, pub: String) {
        let name = directory.path + "/" + (prefix ?? algorithm)
        var arguments = ["key", "generate", "--algorithm", algorithm, "--output-prefix", name]
        if noPassword { arguments.append("--no-password") }
        let result = try vouch(arguments)
        guard result.status == 0 else { throw Failure("key generate failed: \(result.stderr)") }
        return (name + ".key", name + ".pub")
    }

    public static var python: String { Peers.venvBin.appendingPathComponent("python").path }

    /// Runs a Python snippet with the peer venv's interpreter; arguments become sys.argv[1...].
    public static func runPython(_ script: String, _ arguments: [String] = []) throws -> CommandResult {
        try CommandRunner.run(try Peers.require("python"), ["-c", script] + arguments)
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }
}
