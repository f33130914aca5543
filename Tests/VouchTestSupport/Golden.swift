public import Foundation
public import Testing

/// Golden-file assertions: one file per test under `Tests/Goldens/`, named after the test.
///
/// With `VOUCH_RECORD_GOLDENS=1` the file is rewritten from the actual output and the assertion *fails*,
/// so a recording run can never pass by accident; run again without the variable to check.
public enum Golden {
    public static let directory = Fixtures.repositoryRoot.appendingPathComponent("Tests/Goldens")

    public static var isRecording: Bool { ProcessInfo.processInfo.environment["VOUCH_RECORD_GOLDENS"] == "1" }

    public static func assertMatches(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let file = directory.appendingPathComponent(name)
        if isRecording {
            do {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: file)
                Issue.record("recorded golden file \(name); run again without VOUCH_RECORD_GOLDENS to check it", sourceLocation: sourceLocation)
            } catch {
                Issue.record("could not record golden file \(name): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            Issue.record("golden file \(name) is missing; record it with VOUCH_RECORD_GOLDENS=1", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            Issue.record("output differs from golden file \(name):\n\(firstDifference(expected, actual))", sourceLocation: sourceLocation)
        }
    }

    private static func firstDifference(_ expected: String, _ actual: String) -> String {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let left = index < expectedLines.count ? String(expectedLines[index]) : "<end>"
            let right = index < actualLines.count ? String(actualLines[index]) : "<end>"
            if left != right { return "line \(index + 1):\n  expected: \(left)\n  actual:   \(right)" }
        }
        return "(no line differs; check trailing bytes)"
    }
}
