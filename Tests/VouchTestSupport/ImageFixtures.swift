import Foundation
public import Testing
public import VouchCore

/// The image fixtures, generated once per test process by `Fixtures/images/make-images.py` into the
/// git-ignored `Fixtures/generated/images-<pid>` (deterministic: the same bytes every run). Shared by the
/// image, SBOM and CLI test targets; the image target adds loaders in an extension.
public enum ImageFixtures {
    public static let root: String = {
        let output = Fixtures.repositoryRoot.appendingPathComponent("Fixtures/generated/images-\(getpid())").path
        let script = Fixtures.path("images/make-images.py")
        do {
            let result = try CommandRunner.run("/usr/bin/env", ["python3", script, output])
            guard result.status == 0 else { fatalError("make-images.py failed: \(result.stderr)") }
        } catch {
            fatalError("could not run make-images.py: \(error)")
        }
        atexit { try? FileManager.default.removeItem(atPath: ImageFixtures.rootIfMade) }
        rootIfMade = output
        return output
    }()

    nonisolated(unsafe) static var rootIfMade = ""

    public static func path(_ name: String) -> String { root + "/" + name }

    /// The error `body` throws, or nil.
    /// Any other error type is recorded as a test issue.
    public static func error<T>(_ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) -> VouchError? {
        do {
            _ = try body()
            return nil
        } catch let error as VouchError {
            return error
        } catch {
            Issue.record("expected a VouchError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}
