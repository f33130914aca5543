import Foundation
import Testing
import VouchArchive
import VouchCore
import VouchTestSupport
@testable import VouchVuln

/// Databases: export zips read through libarchive, directories, osv-scanner's cache, merging, skips.
@Suite struct DatabaseTests {
    /// Zips `files` (name, text) with Python's zipfile, as osv.dev's export is made.
    static func zip(_ files: [(String, String)], to path: String) throws {
        let directory = try TemporaryDirectory("zip-src")
        for (name, text) in files { try directory.write(name, text) }
        let script = "import sys, zipfile, os\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\nfor n in sys.argv[3:]: z.write(os.path.join(sys.argv[2], n), n)\nz.close()\n"
        let result = try CommandRunner.run("/usr/bin/python3", ["-c", script, path, directory.path] + files.map(\.0))
        try #require(result.status == 0, "\(result.stderr)")
    }

    static func ruleFiles() throws -> [(String, String)] {
        let directory = Fixtures.path("vuln/rules")
        return try FileManager.default.contentsOfDirectory(atPath: directory).sorted().map { ($0, try String(contentsOfFile: directory + "/" + $0, encoding: .utf8)) }
    }

    @Test func anExportZipAndADirectoryHoldTheSameRecords() throws {
        let directory = try TemporaryDirectory("vuln-db")
        try Self.zip(try Self.ruleFiles(), to: directory.path + "/all.zip")
        let fromZip = try VulnerabilityDatabase(loading: [directory.path + "/all.zip"])
        let fromDirectory = try VulnerabilityDatabase(loading: [Fixtures.path("vuln/rules")])
        #expect(fromZip.records == fromDirectory.records)
        #expect(fromZip.records.count == 14)
    }

    @Test func osvScannersOfflineCacheLayoutIsFound() throws {
        let directory = try TemporaryDirectory("osv-scanner-cache")
        try FileManager.default.createDirectory(atPath: directory.path + "/osv-scanner/PyPI", withIntermediateDirectories: true)
        try Self.zip(try Self.ruleFiles(), to: directory.path + "/osv-scanner/PyPI/all.zip")
        let database = try VulnerabilityDatabase(loading: [directory.path])
        #expect(database.records.count == 14)
    }

    @Test func recordsWithOneIDAreMergedAndTheNewerModifiedWins() throws {
        let old = try TemporaryDirectory("db-old"), new = try TemporaryDirectory("db-new")
        let record = { (modified: String, summary: String) in
            "{\"id\": \"VOUCH-TEST-MERGE\", \"modified\": \"\(modified)\", \"summary\": \"\(summary)\", \"affected\": []}"
        }
        try old.write("a/VOUCH-TEST-MERGE.json", record("2026-01-02T00:00:00Z", "old"))
        // Fractional seconds and an offset: 2026-01-02T00:30:00Z, newer although it sorts lower as text.
        try new.write("b/c/VOUCH-TEST-MERGE.json", record("2026-01-02T01:30:00.5+01:00", "new"))
        for order in [[old.path, new.path], [new.path, old.path]] {
            let database = try VulnerabilityDatabase(loading: order)
            #expect(database.records.map(\.summary) == ["new"])
            #expect(database.info.superseded == 1)
        }
    }

    @Test func aBadRecordIsSkippedAndCountedAndTheRestLoaded() throws {
        let directory = try TemporaryDirectory("db-bad")
        try directory.write("good.json", "{\"id\": \"VOUCH-TEST-GOOD\", \"modified\": \"2026-01-01T00:00:00Z\"}")
        try directory.write("broken.json", "{\"id\": ")
        try directory.write("noid.json", "{\"modified\": \"2026-01-01T00:00:00Z\"}")
        let database = try VulnerabilityDatabase(loading: [directory.path])
        #expect(database.records.map(\.id) == ["VOUCH-TEST-GOOD"])
        #expect(database.skipped.count == 2, "\(database.skipped)")
        #expect(database.skipped.contains { $0.key.contains("invalid JSON") && $0.value == 1 }, "\(database.skipped)")
        #expect(database.skipped["the OSV record has no string \"id\""] == 1, "\(database.skipped)")
    }

    @Test func aMissingDatabaseIsAnErrorNamingIt() {
        do {
            _ = try VulnerabilityDatabase(loading: ["/nonexistent/all.zip"])
            Issue.record("loaded a missing database")
        } catch {
            #expect(error.description == "/nonexistent/all.zip: no such vulnerability database")
        }
    }

    @Test func aZipMemberOverTheRecordLimitIsAnErrorNamingTheMember() throws {
        let directory = try TemporaryDirectory("zip-limit")
        try Self.zip([("BIG.json", String(repeating: " ", count: 200) + "{}")], to: directory.path + "/all.zip")
        let zip = try ZipMemberReader(source: try FileByteSource(path: directory.path + "/all.zip"), name: "all.zip")
        _ = try zip.next()
        do {
            _ = try zip.readContent(upTo: 100)
            Issue.record("read past the limit")
        } catch {
            #expect(error.limit?.name == "maximumMemberBytes")
            #expect(error.description.hasPrefix("all.zip!BIG.json: zip member size"))
        }
    }

    @Test(.enabled(if: VulnTestData.shouldRun))
    func theRealPyPIExportLoadsEveryRecord() throws {
        let database = try VulnerabilityDatabase(loading: [try VulnTestData.path("PyPI/all.zip")])
        let info = database.info
        #expect(info.records == 7080)
        #expect(info.withdrawn == 269)
        #expect(info.skipped.isEmpty)
        #expect(info.ecosystems == ["PyPI": 7080])
    }
}
