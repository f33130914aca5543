import Foundation
import Testing
import VouchCrypto
import VouchTestSupport
@testable import VouchVuln

/// The compiled index of an export zip (``CompiledDatabaseIndex``): a cache that must give exactly the
/// database the zip gives, and is ignored and rewritten whenever it is stale or damaged.
@Suite struct CompiledIndexTests {
    /// The rule fixtures zipped as osv.dev's export, and an empty cache directory.
    static func exportAndCache() throws -> (zip: String, cache: String, directory: TemporaryDirectory) {
        let directory = try TemporaryDirectory("vuln-index")
        try DatabaseTests.zip(try DatabaseTests.ruleFiles(), to: directory.path + "/all.zip")
        return (directory.path + "/all.zip", directory.path + "/cache", directory)
    }

    static func indexPath(_ zip: String, cache: String) throws -> String {
        CompiledDatabaseIndex.path(directory: cache, sourceDigest: try FileDigester().digest(path: zip).digest)
    }

    static func sameDatabase(_ a: VulnerabilityDatabase, _ b: VulnerabilityDatabase) -> Bool {
        a.records == b.records && a.info == b.info && a.recordCount == b.recordCount && a.newestModifiedSeconds == b.newestModifiedSeconds
    }

    static let pypiPackages = [ScannedPackage(ecosystem: "PyPI", name: "Multi_Window", version: "1.5"),
                               ScannedPackage(ecosystem: "PyPI", name: "aliased", version: "1.0")]

    @Test func theIndexIsWrittenOnceThenReadAndGivesTheZipsDatabase() throws {
        let (zip, cache, directory) = try Self.exportAndCache()
        defer { withExtendedLifetime(directory) {} }
        let uncached = try VulnerabilityDatabase(loading: [zip])
        let first = try VulnerabilityDatabase(loading: [zip], cacheDirectory: cache)
        #expect(first.cacheWrites == [zip] && first.cacheHits.isEmpty)
        #expect(FileManager.default.fileExists(atPath: try Self.indexPath(zip, cache: cache)))
        let second = try VulnerabilityDatabase(loading: [zip], cacheDirectory: cache)
        #expect(second.cacheHits == [zip] && second.cacheWrites.isEmpty)
        #expect(Self.sameDatabase(uncached, first))
        #expect(Self.sameDatabase(uncached, second))
        #expect(second.records.count == 14)
    }

    @Test func withPackagesOnlyTheRecordsNamingThemAreDecodedAndMatchingIsUnchanged() throws {
        let (zip, cache, directory) = try Self.exportAndCache()
        defer { withExtendedLifetime(directory) {} }
        _ = try VulnerabilityDatabase(loading: [zip], cacheDirectory: cache)
        let full = try VulnerabilityDatabase(loading: [zip])
        let partial = try VulnerabilityDatabase(loading: [zip], packages: Self.pypiPackages, cacheDirectory: cache)
        let partialUncached = try VulnerabilityDatabase(loading: [zip], packages: Self.pypiPackages)
        #expect(partial.cacheHits == [zip])
        let naming = full.records.filter { record in
            record.withdrawn == nil && record.affected.contains { ["multi-window", "aliased"].contains($0.name.map(PythonPackageNameForTest.normalize) ?? "") }
        }
        #expect(partial.records.map(\.id) == naming.map(\.id))
        #expect(partialUncached.records == partial.records)
        #expect(partial.recordCount == full.recordCount && partial.withdrawnCount == full.withdrawnCount)
        #expect(partial.newestModified == full.newestModified && partial.unmatchableEntries == full.unmatchableEntries)
        let findings = { (database: VulnerabilityDatabase) in VulnerabilityMatcher(database: database).match(Self.pypiPackages).findings }
        #expect(findings(partial) == findings(full))
        #expect(!findings(full).isEmpty)
    }

    /// Each damage is undone by reading the zip again, and the index is rewritten whole.
    @Test(arguments: ["payload byte", "summary byte", "truncated", "another zip's index", "empty file"])
    func aDamagedOrStaleIndexIsIgnoredAndRewritten(_ damage: String) throws {
        let (zip, cache, directory) = try Self.exportAndCache()
        let expected = try VulnerabilityDatabase(loading: [zip])
        _ = try VulnerabilityDatabase(loading: [zip], cacheDirectory: cache)
        let index = try Self.indexPath(zip, cache: cache)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: index)))
        let good = bytes
        switch damage {
        case "payload byte":
            // The last byte belongs to the last record's JSON; as a space the JSON may even stay valid,
            // so the payload's digest must catch it.
            bytes[bytes.count - 1] = 0x20
        case "summary byte":
            bytes[CompiledDatabaseIndex.headerSize + 10] ^= 0x01
        case "truncated":
            bytes.removeLast(100)
        case "another zip's index":
            let other = directory.path + "/other.zip"
            try DatabaseTests.zip(Array(try DatabaseTests.ruleFiles().prefix(3)), to: other)
            _ = try VulnerabilityDatabase(loading: [other], cacheDirectory: cache)
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Self.indexPath(other, cache: cache))))
        default:
            bytes = []
        }
        try Data(bytes).write(to: URL(fileURLWithPath: index))
        let reread = try VulnerabilityDatabase(loading: [zip], packages: nil, cacheDirectory: cache)
        #expect(reread.cacheHits.isEmpty, "a \(damage) index was used")
        #expect(reread.cacheWrites == [zip])
        #expect(Self.sameDatabase(reread, expected))
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: index))) == good)
    }

    @Test func anUnwritableCacheIsAWarningAndTheZipIsStillRead() throws {
        let (zip, _, directory) = try Self.exportAndCache()
        try directory.write("not-a-directory", "x")
        let database = try VulnerabilityDatabase(loading: [zip], cacheDirectory: directory.path + "/not-a-directory")
        #expect(database.records.count == 14)
        #expect(database.cacheWrites.isEmpty)
        #expect(database.cacheWriteFailures.count == 1)
        #expect(database.cacheWriteFailures.first?.hasPrefix("\(zip): the compiled index could not be cached") == true, "\(database.cacheWriteFailures)")
    }

    @Test func theCLIWritesTheIndexUnderXDGCacheHomeAndNoCacheLeavesItAlone() throws {
        let (zip, _, directory) = try Self.exportAndCache()
        let environment = ["XDG_CACHE_HOME": directory.path + "/xdg"]
        let root = Fixtures.path("sbom/debian-root")
        let arguments = ["vuln", "scan", root, "--db", zip, "--max-db-age", "0", "--format", "json"]
        let uncached = try CommandRunner.vouch(arguments + ["--no-cache"], environment: environment)
        #expect(uncached.status == 1, "\(uncached.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/xdg/vouch/vuln"))
        let first = try CommandRunner.vouch(arguments, environment: environment)
        let index = try Self.indexPath(zip, cache: directory.path + "/xdg/vouch")
        #expect(FileManager.default.fileExists(atPath: index))
        let second = try CommandRunner.vouch(arguments, environment: environment)
        #expect(first.stdout == uncached.stdout)
        #expect(second.stdout == uncached.stdout)
        #expect(second.stderr == uncached.stderr)
    }

    @Test(.enabled(if: VulnTestData.shouldRun))
    func theRealPyPIExportGivesTheSameDatabaseFromItsIndex() throws {
        let zip = try VulnTestData.path("PyPI/all.zip")
        let cache = try TemporaryDirectory("vuln-index-real")
        let uncached = try VulnerabilityDatabase(loading: [zip])
        let written = try VulnerabilityDatabase(loading: [zip], cacheDirectory: cache.path)
        let read = try VulnerabilityDatabase(loading: [zip], cacheDirectory: cache.path)
        #expect(written.cacheWrites == [zip] && read.cacheHits == [zip])
        #expect(Self.sameDatabase(uncached, read))
        #expect(read.records.count == 7080)
    }
}

/// PEP 503 normalisation written out here, so the test does not lean on the code it checks.
enum PythonPackageNameForTest {
    static func normalize(_ name: String) -> String {
        var result = ""
        var lastWasSeparator = false
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                if !lastWasSeparator { result.append("-") }
                lastWasSeparator = true
            } else {
                result.append(character)
                lastWasSeparator = false
            }
        }
        return result
    }
}
