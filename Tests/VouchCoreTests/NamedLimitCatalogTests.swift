import Foundation
import Testing
import VouchTestSupport

/// The named limits, collected from the sources: every name a limit error can carry is unique to one
/// module (or is one declared limit several modules apply, listed below), and each has a test that
/// asserts an error naming it.
@Suite("named limits")
struct NamedLimitCatalogTests {
    /// Names reported by more than one module, each one limit declared once.
    static let sharedLimits: [String: String] = [
        // The CLI reads envelope, bundle and signature files under the same bound as VouchAttest.
        "maxEnvelopeBytes": "public static let maxEnvelopeBytes",
        // The `maximumBytes` argument of the FileResolver contract, which each resolver enforces.
        "maximumBytes": "func contents(of path: String, maximumBytes: Int)",
        // VouchRegistry bounds a registry's index nesting by the image reader's ImageLimits.maxIndexDepth (issue 13).
        "maxIndexDepth": "public var maxIndexDepth: Int",
        // VouchAttest reads cosign payload blobs through a CosignArtifactSource under its ImageLimits.maxJSONBytes.
        "maxJSONBytes": "public var maxJSONBytes: Int64",
    ]

    /// `limitName:` arguments of reads whose length is clamped to the maximum first, so they cannot fire.
    static let unreachable: Set<String> = ["header", "prefix"]

    /// Where a limit's name is given in the sources: a `limitExceeded` call, a JSON reader limit
    /// (`maxBytesName:`), a bounded read (`limitName:`).
    static let patterns = [#"limitExceeded\(\s*"(\w+)""#, #"maxBytesName: (?:String = )?"(\w+)""#, #"limitName: "(\w+)""#, #"limitError\("(\w+)""#]

    static func swiftFiles(under folder: String) -> [(path: String, text: String)] {
        let root = Fixtures.repositoryRoot.appendingPathComponent(folder).path
        let paths = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".swift") }.sorted()
        return paths.compactMap { path in (try? String(contentsOfFile: root + "/" + path, encoding: .utf8)).map { (path, $0) } }
    }

    /// Limit name -> the modules (first path component under Sources/) that report it.
    static func collect() throws -> [String: Set<String>] {
        var found: [String: Set<String>] = [:]
        let expressions = try patterns.map { try NSRegularExpression(pattern: $0) }
        for (path, text) in swiftFiles(under: "Sources") {
            let module = String(path.split(separator: "/").first ?? "")
            for expression in expressions {
                for match in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    guard let range = Range(match.range(at: 1), in: text) else { continue }
                    let name = String(text[range])
                    if !unreachable.contains(name) { found[name, default: []].insert(module) }
                }
            }
        }
        return found
    }

    @Test func limitNamesAreUniqueAcrossModules() throws {
        let limits = try Self.collect()
        #expect(limits.count >= 26, "found only \(limits.keys.sorted())")
        let sources = Self.swiftFiles(under: "Sources").map(\.text).joined(separator: "\n")
        for (name, modules) in limits.sorted(by: { $0.key < $1.key }) where modules.count > 1 {
            let declaration = try #require(Self.sharedLimits[name], "\(name) is reported by \(modules.sorted()) as different limits")
            #expect(sources.contains(declaration), "\(name): the shared declaration '\(declaration)' is gone")
        }
    }

    @Test func everyNamedLimitHasATestAssertingItsName() throws {
        let tests = Self.swiftFiles(under: "Tests").map(\.text).joined(separator: "\n")
        for name in try Self.collect().keys.sorted() {
            let asserted = tests.contains("limit?.name == \"\(name)\"") || tests.contains("LimitViolation(name: \"\(name)\"")
            #expect(asserted, "no test asserts an error naming the limit \(name)")
        }
    }
}
