public import Foundation

/// The read-only test data in `../shared/` beside the repository (`../../shared/` from a worktree under
/// `wt/`), or `$VOUCH_SHARED_DATA`. Like ``Peers``: outside CI a test whose data is missing is skipped
/// (`.enabled(if: SharedData.shouldRun("sigstore"))`); under `CI=true` it runs and ``require(_:)`` fails it.
public enum SharedData {
    /// The shared data folder, if one is found.
    public static var root: URL? {
        if let override = ProcessInfo.processInfo.environment["VOUCH_SHARED_DATA"] { return URL(fileURLWithPath: override) }
        for relative in ["../shared", "../../shared"] {
            let candidate = Fixtures.repositoryRoot.appendingPathComponent(relative).standardizedFileURL
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// True when `relative` exists in the shared data, or this is CI (where missing data must fail).
    public static func shouldRun(_ relative: String) -> Bool {
        Peers.isCI || root.map { FileManager.default.fileExists(atPath: $0.appendingPathComponent(relative).path) } == true
    }

    /// The path of `relative` in the shared data, or an error saying it is missing.
    public static func require(_ relative: String) throws -> String {
        guard let root, FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path) else {
            throw MissingData(relative: relative)
        }
        return root.appendingPathComponent(relative).path
    }

    public struct MissingData: Error, CustomStringConvertible {
        public let relative: String
        public var description: String { "shared test data '\(relative)' is missing (expected ../shared/\(relative) beside the repository, or $VOUCH_SHARED_DATA)" }
    }
}
