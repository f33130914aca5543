import Foundation
import Testing
import VouchCore
import VouchImage
import VouchTestSupport

/// The image fixtures, generated once per test run by `Fixtures/images/make-images.py` into the
/// git-ignored `Fixtures/generated/images` (deterministic: the same bytes every run).
enum ImageFixtures {
    static let root: String = {
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

    static func path(_ name: String) -> String { root + "/" + name }

    static func load(_ name: String, tag: String? = nil, platform: Platform? = nil, limits: ImageLimits = ImageLimits()) throws(VouchError) -> LoadedImage {
        try ImageLoader(limits: limits).load(ImageReference(path: path(name), tag: tag), platform: platform)
    }

    static func verify(_ name: String, platform: Platform? = nil, limits: ImageLimits = ImageLimits()) throws(VouchError) -> ImageVerificationReport {
        ImageVerifier(limits: limits).verify(try load(name, platform: platform, limits: limits))
    }

    /// The error `body` throws, or nil.
    /// Any other error type is recorded as a test issue.
    static func error<T>(_ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) -> VouchError? {
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
