import Foundation
import Testing
import VouchTestSupport
@testable import VouchSBOM

/// Issue 12: `vouch sbom` option values that would silently change the answer are usage errors.
@Suite struct SbomArgumentTests {
    @Test("--python-version banana is refused with the reason (usage error)", arguments: ["banana", "3", "1!3.12", "3.12+local", "v3.12"])
    func pythonVersionBananaIsRefused(_ value: String) throws {
        let result = try CommandRunner.vouch(["sbom", SBOMTestFixtures.edgeVenv, "--python-version", value])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--python-version '\(value)' is not a Python version such as 3.12 or 3.12.1"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("--python-version 3.12 and 3.13.0rc1 are accepted", arguments: ["3.12", "3.12.1", "3.13.0rc1"])
    func pythonVersionsAreAccepted(_ value: String) throws {
        let result = try CommandRunner.vouch(["sbom", SBOMTestFixtures.edgeVenv, "--python-version", value, "--format", "cyclonedx-json"])
        #expect(result.status == 0, "\(result.stderr)")
    }
}
