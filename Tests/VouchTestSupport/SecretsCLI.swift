import Foundation
import Testing

/// The environment every CLI run of the secrets tests gets: a cache shared by the suite, so the
/// built-in database is compiled once.
public enum SecretsCLI {
    /// The pattern-database cache the secrets tests share (the secrets target's BuiltinDetector uses it too).
    public static let cache = FileManager.default.temporaryDirectory.appendingPathComponent("vouch-secrets-tests-cache").path

    public static var environment: [String: String] { ["XDG_CACHE_HOME": cache + "-xdg"] }

    public static func run(_ arguments: [String], stdin: [UInt8]? = nil, in directory: String? = nil) throws -> CommandResult {
        try CommandRunner.vouch(["secrets"] + arguments, stdin: stdin, environment: environment, in: directory)
    }

    /// The findings of a JSON report as (rule, file, line, secret) tuples turned into strings, sorted.
    public static func findings(_ json: String) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        return findings.map { "\($0["ruleID"]!) \($0["file"]!):\($0["line"]!) \($0["secret"]!)" }.sorted()
    }
}
