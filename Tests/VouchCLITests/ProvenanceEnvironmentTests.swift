import Foundation
import Testing
import VouchTestSupport

/// Issue 12: `vouch provenance` refuses runner variables and a `SOURCE_DATE_EPOCH` it would otherwise turn
/// into a wrong claim (a made-up builder id, a silently ignored or absurd time). Run against the binary.
@Suite struct ProvenanceEnvironmentTests {
    static func provenance(_ changes: [String: String], unsetting: [String] = []) throws -> CommandResult {
        var environment = ProvenanceTests.environment
        for (name, value) in changes { environment[name] = value }
        for name in unsetting { environment.removeValue(forKey: name) }
        // `env -i` so nothing of the test's own environment (a CI runner's RUNNER_ENVIRONMENT) leaks in.
        let assignments = environment.map { "\($0.key)=\($0.value)" }.sorted()
        return try CommandRunner.run("/usr/bin/env", ["-i"] + assignments + [CommandRunner.vouchPath, "provenance"])
    }

    @Test("RUNNER_ENVIRONMENT=weird is refused with the reason")
    func runnerEnvironmentWeirdIsRefused() throws {
        let result = try Self.provenance(["RUNNER_ENVIRONMENT": "weird"])
        #expect(result.status == 2, "\(result.stdout)")
        #expect(result.stderr.contains("RUNNER_ENVIRONMENT 'weird' is neither github-hosted nor self-hosted"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("an unset RUNNER_ENVIRONMENT is refused, not claimed to be github-hosted")
    func runnerEnvironmentUnsetIsRefusedNotClaimedGitHubHosted() throws {
        for result in [try Self.provenance([:], unsetting: ["RUNNER_ENVIRONMENT"]), try Self.provenance(["RUNNER_ENVIRONMENT": ""])] {
            #expect(result.status == 2, "\(result.stdout)")
            #expect(result.stderr.contains("RUNNER_ENVIRONMENT is not set"), "\(result.stderr)")
            #expect(!result.stdout.contains("github-hosted"))
        }
    }

    @Test("a self-hosted runner is named as such in the builder id")
    func selfHostedRunnerIsNamedInTheBuilderID() throws {
        let result = try Self.provenance(["RUNNER_ENVIRONMENT": "self-hosted"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"id\" : \"https://github.com/actions/runner/self-hosted\""))
    }

    @Test("SOURCE_DATE_EPOCH that is not date +%s output is refused", arguments: ["yesterday", "1.5", "-1", " 12", ""])
    func sourceDateEpochThatIsNotANumberIsRefused(_ value: String) throws {
        let result = try Self.provenance(["SOURCE_DATE_EPOCH": value])
        #expect(result.status == 2, "\(result.stdout)")
        #expect(result.stderr.contains("SOURCE_DATE_EPOCH '\(value)' is not a whole number of seconds since 1970-01-01"), "\(result.stderr)")
    }

    @Test("SOURCE_DATE_EPOCH after the year 9999 is refused naming the limit", arguments: ["99999999999999", "253402300800"])
    func sourceDateEpochAfterTheYear9999IsRefused(_ value: String) throws {
        let result = try Self.provenance(["SOURCE_DATE_EPOCH": value])
        #expect(result.status == 2, "\(result.stdout)")
        #expect(result.stderr.contains("SOURCE_DATE_EPOCH (after the year 9999) \(value) exceeds the limit maximumSourceDateEpoch=253402300799"), "\(result.stderr)")
    }

    @Test("SOURCE_DATE_EPOCH at the limit writes 9999-12-31T23:59:59Z")
    func sourceDateEpochAtTheLimitIsWritten() throws {
        let result = try Self.provenance(["SOURCE_DATE_EPOCH": "253402300799"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"finishedOn\" : \"9999-12-31T23:59:59Z\""))
    }

    @Test("sbom and policy check refuse SOURCE_DATE_EPOCH=yesterday too")
    func sbomRefusesSourceDateEpochYesterday() throws {
        let directory = try TemporaryDirectory("sde")
        let result = try CommandRunner.vouch(["sbom", directory.path], environment: ["SOURCE_DATE_EPOCH": "yesterday"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("vouch: error: SOURCE_DATE_EPOCH 'yesterday' is not a whole number"), "\(result.stderr)")
    }
}
