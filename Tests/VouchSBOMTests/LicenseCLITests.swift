import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchSBOM

/// `vouch license identify` run as the built binary.
@Suite struct LicenseCLITests {
    static func fixture(_ name: String) -> String { Fixtures.path("licenses/" + name) }

    @Test func identifiedFilesPrintIdScoreAndMethodWithExitZero() throws {
        let result = try CommandRunner.vouch(["license", "identify", Self.fixture("networkx-3.6.1-LICENSE.txt"), Self.fixture("rsa-4.9.1-LICENSE")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            \(Self.fixture("networkx-3.6.1-LICENSE.txt"))\tBSD-3-Clause\tscore 1.000\tspdx-template
            \(Self.fixture("rsa-4.9.1-LICENSE"))\tApache-2.0\tscore 0.988\tspdx-license-header

            """)
    }

    @Test func anUnidentifiedFileIsNoAssertionWithItsReasonAndExitOne() throws {
        let result = try CommandRunner.vouch(["license", "identify", Self.fixture("docutils-0.22.4-gpl-3-0.txt"), Self.fixture("gunicorn-27.0.1-LICENSE")])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\tNOASSERTION\tthe text fits GPL-3.0-only, GPL-3.0-or-later equally\tfound: GPL-3.0-only|GPL-3.0-or-later 0.999\n"))
        #expect(result.stdout.contains("\tMIT\tscore 1.000\tspdx-template\n"))
    }

    @Test func jsonNamesTheListVersionAndEveryMatch() throws {
        let result = try CommandRunner.vouch(["license", "identify", "--format", "json", Self.fixture("debian-libxcomposite1-0.4.5-1-copyright")])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["licenseListVersion"] as? String == "3.27.0")
        let file = try #require((object["files"] as? [[String: Any]])?.first)
        #expect(file["expression"] as? String == "HPND-sell-variant AND MIT")
        #expect(file["score"] as? Double == 1)
        #expect(file["method"] as? String == "spdx-template")
        let matches = try #require(file["matches"] as? [[String: Any]])
        #expect(matches.map { $0["ids"] as? [String] ?? [] } == [["HPND-sell-variant"], ["MIT"]])
    }

    @Test func aMissingFileIsAnErrorNamingItWithExitTwo() throws {
        let result = try CommandRunner.vouch(["license", "identify", "/nonexistent/LICENSE"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("vouch: error: /nonexistent/LICENSE:"), "\(result.stderr)")
    }

    @Test func maximumLicenseFileBytesIsAnErrorNamingTheLimit() throws {
        let directory = try TemporaryDirectory("license-cli")
        let path = directory.path + "/LICENSE"
        try Data(repeating: 0x61, count: PythonLicenseResolver.maximumLicenseFileBytes + 1).write(to: URL(fileURLWithPath: path))
        let result = try CommandRunner.vouch(["license", "identify", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("maximumLicenseFileBytes"), "\(result.stderr)")
        #expect(result.stderr.contains(path))
    }

    @Test(arguments: [["license", "identify"], ["license", "identify", "--format", "yaml", "LICENSE"]])
    func usageErrorsExitSixtyFour(arguments: [String]) throws {
        #expect(try CommandRunner.vouch(arguments).status == 64)
    }

    @Test func helpTeachesWithExamples() throws {
        let result = try CommandRunner.vouch(["license", "identify", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("vouch license identify LICENSE"))
        #expect(result.stdout.contains("Exit codes"))
    }
}
