import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// `vouch sbom` and `vouch sbom verify-record` run as the built binary.
@Suite struct SbomCLITests {
    @Test func severalFormatOutputPairsInOneRun() throws {
        let directory = try TemporaryDirectory("sbom-cli")
        let result = try CommandRunner.vouch([
            "sbom", SBOMTestFixtures.edgeVenv,
            "--format", "spdx-json", "--output", directory.path + "/a.spdx.json",
            "--format", "cyclonedx-xml", "--output", directory.path + "/a.cdx.xml",
            "--format", "spdx-tag-value", "--output", directory.path + "/a.spdx",
        ], environment: ["SOURCE_DATE_EPOCH": "1767323045"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let spdx = try String(contentsOfFile: directory.path + "/a.spdx.json", encoding: .utf8)
        #expect(spdx.contains("\"created\": \"2026-01-02T03:04:05Z\""))
        #expect(try String(contentsOfFile: directory.path + "/a.cdx.xml", encoding: .utf8).contains("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\""))
        #expect(try String(contentsOfFile: directory.path + "/a.spdx", encoding: .utf8).hasPrefix("SPDXVersion: SPDX-2.3\n"))
        // Nothing but the three outputs: no temporary files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["a.cdx.xml", "a.spdx", "a.spdx.json"])
    }

    @Test func oneFormatGoesToStandardOutputAndIsReproducible() throws {
        let arguments = ["sbom", SBOMTestFixtures.edgeVenv, "--format", "cyclonedx-json", "--spec-version", "1.5"]
        let first = try CommandRunner.vouch(arguments, environment: ["SOURCE_DATE_EPOCH": "0"])
        let second = try CommandRunner.vouch(arguments, environment: ["SOURCE_DATE_EPOCH": "0"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("\"specVersion\": \"1.5\""))
        #expect(first.stdout.contains("\"timestamp\": \"1970-01-01T00:00:00Z\""))
        #expect(first.stdoutBytes == second.stdoutBytes)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func aStandardOutputThatCannotBeWrittenIsAnErrorWithExitTwo() throws {
        // /dev/full fails every write with ENOSPC, as a full disk behind a redirection would.
        let result = try CommandRunner.shell("'\(CommandRunner.vouchPath)' sbom '\(SBOMTestFixtures.edgeVenv)' > /dev/full || echo \"status $?\"")
        #expect(result.stdout.contains("status 2"), "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("vouch: error: standard output: write failed"))
    }

    @Test func aMissingSourceIsAnErrorNamingItWithExitTwo() throws {
        let result = try CommandRunner.vouch(["sbom", "/nonexistent/venv"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("vouch: error: /nonexistent/venv:"))
    }

    @Test func anOutputThatCannotBeWrittenLeavesNoOtherFile() throws {
        let directory = try TemporaryDirectory("sbom-cli-fail")
        let result = try CommandRunner.vouch([
            "sbom", SBOMTestFixtures.edgeVenv,
            "--format", "spdx-json", "--output", directory.path + "/missing-dir/a.spdx.json",
            "--format", "cyclonedx-json", "--output", directory.path + "/b.cdx.json",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("missing-dir/a.spdx.json"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test(arguments: [
        ["sbom", "x", "--format", "spdx-json", "--format", "cyclonedx-json"],
        ["sbom", "x", "--format", "spdx-json", "--output", "a", "--output", "b"],
        ["sbom", "x", "--format", "yaml"],
        ["sbom", "x", "--spec-version", "1.4"],
    ])
    func usageErrorsExitSixtyFour(arguments: [String]) throws {
        let result = try CommandRunner.vouch(arguments)
        #expect(result.status == 64, "\(result.stderr)")
    }

    @Test func helpTeachesWithExamples() throws {
        let result = try CommandRunner.vouch(["sbom", "generate", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Examples:"))
        #expect(result.stdout.contains("SOURCE_DATE_EPOCH"))
    }

    @Test func verifyRecordPassesOnAnIntactVenv() throws {
        let result = try CommandRunner.vouch(["sbom", "verify-record", SBOMTestFixtures.edgeVenv])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("OK: 20 distributions"))
    }

    @Test func verifyRecordReportsModifiedMissingAndUnrecordedFilesWithExitOne() throws {
        let directory = try TemporaryDirectory("sbom-tamper")
        let venv = try SBOMTestFixtures.copy(SBOMTestFixtures.edgeVenv, into: directory)
        let sitePackages = venv + "/lib/python3.11/site-packages"
        try Data("tampered\n".utf8).write(to: URL(fileURLWithPath: sitePackages + "/bleach/__init__.py"))
        try FileManager.default.removeItem(atPath: sitePackages + "/compound/__init__.py")
        try Data("import os\n".utf8).write(to: URL(fileURLWithPath: sitePackages + "/evil.pth"))
        let result = try CommandRunner.vouch(["sbom", "verify-record", "--format", "json", venv])
        #expect(result.status == 1, "\(result.stderr)")
        let report = try JSONDecoder().decode(RecordVerifier.Report.self, from: Data(result.stdout.utf8))
        let findings = report.findings.map { "\($0.kind.rawValue) \($0.path)" }
        #expect(findings == [
            "modified /lib/python3.11/site-packages/bleach/__init__.py",
            "missing /lib/python3.11/site-packages/compound/__init__.py",
            "unrecorded /lib/python3.11/site-packages/evil.pth",
        ])
    }

    /// Issue 11: a read failure other than "not there" (here EISDIR; EACCES as a non-root user) means the
    /// file could not be checked; it is not a "missing" or "modified" finding.
    @Test("verify-record: a recorded file that cannot be read is an error (exit 2), not a missing or modified finding")
    func verifyRecordReadFailureIsAnError() throws {
        let directory = try TemporaryDirectory("sbom-unreadable")
        let venv = try SBOMTestFixtures.copy(SBOMTestFixtures.edgeVenv, into: directory)
        let file = venv + "/lib/python3.11/site-packages/bleach/__init__.py"
        try FileManager.default.removeItem(atPath: file)
        try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: false)
        let result = try CommandRunner.vouch(["sbom", "verify-record", venv])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("bleach/__init__.py"))
        #expect(!result.stdout.contains("missing: "))
    }

    @Test func verifyRecordOfAMissingSourceExitsTwo() throws {
        let result = try CommandRunner.vouch(["sbom", "verify-record", "/nonexistent"])
        #expect(result.status == 2)
    }
}
