public import Foundation

/// Finds the peer tools (syft, trivy, betterleaks, ...) that `make setup` installs into `.venv-peers`,
/// and system tools (openssl, skopeo, umoci) on the PATH.
///
/// A test that needs a peer is enabled with `.enabled(if: Peers.shouldRun("syft"))`: outside CI a missing
/// peer skips the test with the reason shown; under `CI=true` the test runs anyway and ``require(_:)``
/// fails it loudly, so CI can never pass by silently skipping interop.
public enum Peers {
    public static let venvBin = Fixtures.repositoryRoot.appendingPathComponent(".venv-peers/bin")

    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The tool's path: `.venv-peers/bin/<tool>` first, then the PATH.
    public static func path(_ tool: String) -> String? {
        let candidate = venvBin.appendingPathComponent(tool).path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// True if a test needing `tools` should run: they are all present, or this is CI.
    public static func shouldRun(_ tools: String...) -> Bool {
        isCI || tools.allSatisfy { path($0) != nil }
    }

    /// The tool's path, or an error saying it is missing and how to install it.
    public static func require(_ tool: String) throws -> String {
        guard let found = path(tool) else { throw MissingPeer(tool: tool) }
        return found
    }

    public struct MissingPeer: Error, CustomStringConvertible {
        public let tool: String
        public var description: String { "peer tool '\(tool)' is missing; run 'make setup' (it installs .venv-peers and apt packages)" }
    }
}
