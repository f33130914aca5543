import Foundation
import Testing
import VouchTestSupport
@testable import VouchVuln

/// One hand-written record per matching rule (Fixtures/vuln/rules/), each with the exact findings expected.
@Suite struct MatchingRuleTests {
    static let database: VulnerabilityDatabase = {
        try! VulnerabilityDatabase(loading: [Fixtures.path("vuln/rules")])
    }()

    static func pypi(_ name: String, _ version: String) -> ScannedPackage {
        ScannedPackage(ecosystem: "PyPI", name: name, version: version)
    }

    /// The ids found for one package.
    static func ids(_ package: ScannedPackage) -> [String] {
        VulnerabilityMatcher(database: database).match([package]).findings.map(\.id)
    }

    @Test(arguments: [("0.9", false), ("1.0", true), ("1.5", true), ("2.0", false), ("2.0.1", false)])
    func eventsAreSortedBeforeTheWalk(_ version: String, _ affected: Bool) {
        // The record lists `fixed 2.0` before `introduced 1.0`.
        #expect(Self.ids(Self.pypi("sorted-events", version)) == (affected ? ["VOUCH-TEST-SORTED"] : []))
    }

    @Test(arguments: [("0.5", false), ("1.1", true), ("1.2", false), ("1.9", false), ("2.0.5", true), ("2.1", false)])
    func severalWindowsInOneRange(_ version: String, _ affected: Bool) {
        // `multi.window` in the record, PEP 503-normalised on both sides.
        #expect(Self.ids(Self.pypi("Multi_Window", version)) == (affected ? ["VOUCH-TEST-MULTI"] : []))
    }

    @Test(arguments: [("3.0", true), ("3.0rc1", true), ("3.0.post1", false), ("3.0.1", false)])
    func lastAffectedIsAnInclusiveBound(_ version: String, _ affected: Bool) {
        #expect(Self.ids(Self.pypi("last-affected", version)) == (affected ? ["VOUCH-TEST-LAST"] : []))
    }

    @Test(arguments: [("0.9", false), ("1.5", true), ("2.0", false), ("2.5", false)])
    func limitBoundsTheRange(_ version: String, _ affected: Bool) {
        #expect(Self.ids(Self.pypi("limited", version)) == (affected ? ["VOUCH-TEST-LIMIT"] : []))
    }

    @Test func versionsListIsMatchedByPEP440Equality() {
        #expect(Self.ids(Self.pypi("versions-only", "2022.12.7")) == ["VOUCH-TEST-VERSIONS"])
        #expect(Self.ids(Self.pypi("versions-only", "2023.01.01")) == ["VOUCH-TEST-VERSIONS"])
        #expect(Self.ids(Self.pypi("versions-only", "2022.12.8")) == [])
    }

    @Test func aGitRangeFirstIsSkippedAndTheEcosystemRangeStillCounts() {
        #expect(Self.ids(Self.pypi("git-first", "1.3")) == ["VOUCH-TEST-GIT"])
        #expect(Self.ids(Self.pypi("git-first", "1.4")) == [])
        #expect(VulnerabilityMatcher(database: Self.database).match([Self.pypi("git-first", "1.3")]).unusable.isEmpty)
    }

    @Test func withdrawnRecordsNeverMatch() {
        #expect(Self.ids(Self.pypi("withdrawn-pkg", "1.0")) == [])
        #expect(Self.database.info.withdrawn == 1)
    }

    @Test func aBoundThatDoesNotParseMakesTheRangeUnusableAndReported() {
        let result = VulnerabilityMatcher(database: Self.database).match([Self.pypi("bad-bound", "2.0")])
        #expect(result.findings.isEmpty)
        #expect(result.unusable.map(\.description) == ["VOUCH-TEST-BADBOUND (PyPI/bad-bound): range 0: last_affected bound \"2.9.0-NA\" does not parse"])
        // versions[] of the same entry still counts.
        #expect(Self.ids(Self.pypi("bad-bound", "1.0")) == ["VOUCH-TEST-BADBOUND"])
        #expect(Self.database.info.unusableRanges == ["a PyPI bound that is not PEP 440": 1])
    }

    @Test func unknownEcosystemsAndEntriesWithoutAPackageAreCounted() {
        let info = Self.database.info
        #expect(info.unmatchableEntries == [
            "ecosystem \"Hackage\" is not matched by Vouch": 1,
            "ecosystem \"Debian\" is not matched by Vouch": 1,
            "an affected[] entry without a package ecosystem and name": 1,
        ])
        #expect(info.records == 14)
        #expect(info.skipped.isEmpty)
    }

    @Test func recordsSharingAnAliasAreOneFindingListingAllIDs() throws {
        let result = VulnerabilityMatcher(database: Self.database).match([Self.pypi("aliased", "1.0")])
        try #require(result.findings.count == 1)
        let finding = result.findings[0]
        #expect(finding.id == "GHSA-test-alia-s000")
        #expect(finding.aliases == ["CVE-2099-1000", "PYSEC-TEST-ALIAS"])
        #expect(finding.records == ["GHSA-test-alia-s000", "PYSEC-TEST-ALIAS"])
        #expect(finding.fixedIn == ["1.1", "1.2"])
        // The highest CVSS score across the group: v3.1 9.8 over v4.0 6.9.
        #expect(finding.severity == SeverityAssessment(level: .critical, rule: .cvss, score: 9.8,
                                                     vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", source: "PYSEC-TEST-ALIAS"))
        // At 1.1 only the GHSA record still matches.
        #expect(Self.ids(Self.pypi("aliased", "1.1")) == ["GHSA-test-alia-s000"])
    }

    @Test func aVendorRatingWinsOverCVSS() throws {
        let finding = try #require(VulnerabilityMatcher(database: Self.database).match([Self.pypi("vendor-rated", "4.0")]).findings.first)
        #expect(finding.severity == SeverityAssessment(level: .medium, rule: .vendor, vector: "MODERATE", source: "VOUCH-TEST-VENDOR"))
    }

    @Test func debianMatchesTheSourcePackageAndTheSourceVersion() {
        // A binNMU: binary 1:1.2.13.dfsg-1+b2 is above the fixed version, its source 1:1.2.13.dfsg-1 is below.
        let zlib = ScannedPackage(ecosystem: "Debian:12", name: "zlib1g", version: "1:1.2.13.dfsg-1+b2", sourceName: "zlib", sourceVersion: "1:1.2.13.dfsg-1")
        let libc = ScannedPackage(ecosystem: "Debian:12", name: "libc6", version: "2.36-9+deb12u4", sourceName: "glibc")
        let fixedLibc = ScannedPackage(ecosystem: "Debian:12", name: "libc6", version: "2.36-9+deb12u7", sourceName: "glibc")
        let result = VulnerabilityMatcher(database: Self.database).match([zlib, libc, fixedLibc])
        #expect(result.findings.map { "\($0.package.name) \($0.id) \($0.fixedIn)" } == [
            "libc6 DSA-TEST-1 [\"2.36-9+deb12u7\"]", "zlib1g DSA-TEST-1 [\"1:1.2.13.dfsg-1+b1\"]",
        ])
        // The upstream CVE is one of the finding's ids.
        #expect(result.findings.allSatisfy { $0.aliases == ["CVE-2099-2000"] })
    }

    @Test func debianReleasesMatchExactlyAndABareDebianNever() {
        let bookworm = ScannedPackage(ecosystem: "Debian:12", name: "openssl", version: "1.1.1n-0+deb11u4")
        let bullseye = ScannedPackage(ecosystem: "Debian:11", name: "openssl", version: "1.1.1n-0+deb11u4")
        #expect(Self.ids(bookworm) == [])
        #expect(Self.ids(bullseye) == ["DSA-TEST-2"])
    }

    @Test func aPackageWithoutAnEcosystemIsReportedUnmatchable() {
        let result = VulnerabilityMatcher(database: Self.database).match([ScannedPackage(ecosystem: nil, name: "libfoo", version: "1.0")])
        #expect(result.unmatchable.map(\.name) == ["libfoo"])
    }
}
