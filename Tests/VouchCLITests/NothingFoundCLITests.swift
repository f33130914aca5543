import Foundation
import Testing
import VouchTestSupport

/// A verifier that found nothing does not pass, and an SBOM of nothing is not written: exit 2 with a
/// message saying what was looked for where.
@Suite("Nothing found is exit 2")
struct NothingFoundCLITests {
    @Test("sbom verify-record of an empty directory is exit 2 saying no RECORD was found, not 'OK: 0 distributions'")
    func verifyRecordOfEmptyDirectory() throws {
        let directory = try TemporaryDirectory()
        let result = try CommandRunner.vouch(["sbom", "verify-record", directory.path])
        #expect(result.status == 2)
        #expect(!result.stdout.contains("OK"))
        #expect(result.stderr.hasPrefix("vouch: error: \(directory.path): found no installed distribution with a RECORD (*.dist-info/RECORD) to verify: no site-packages directory"), "\(result.stderr)")
    }

    @Test("sbom of venv/bin (zero packages) is exit 2 saying what was looked for, and writes no document")
    func sbomOfZeroPackages() throws {
        let directory = try TemporaryDirectory()
        let bin = directory.path + "/venv/bin"
        _ = try directory.write("venv/bin/python", "#!/bin/sh\n")
        _ = try directory.write("venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.12.1\n")
        let output = directory.path + "/out.spdx.json"
        let result = try CommandRunner.vouch(["sbom", bin, "--format", "spdx-json", "--output", output])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("vouch: error: \(bin): found no packages: no Python distribution (*.dist-info or *.egg-info in a site-packages directory)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
        let toStdout = try CommandRunner.vouch(["sbom", bin])
        #expect(toStdout.status == 2)
        #expect(toStdout.stdout.isEmpty)
    }
}
