import Foundation
import Testing
import VouchTestSupport

/// `scripts/install-vouch.sh`, which action.yml runs, against a release made here in a temporary directory
/// (an archive, SHA256SUMS and its signature by `vouch sign-blob`), read through `file://`: no network.
@Suite struct InstallScriptTests {
    static let version = "v9.9.9"
    static let archive = "vouch-v9.9.9-linux-amd64.tar.gz"

    /// A release directory, the key pair that signed it and another key pair.
    final class Release {
        let directory: TemporaryDirectory
        var path: String { directory.path + "/release" }
        var releaseKey: String { directory.path + "/release.key" }
        var releasePublicKey: String { directory.path + "/release.pub" }
        var otherKey: String { directory.path + "/other.key" }

        init() throws {
            directory = try TemporaryDirectory("install-vouch")
            for prefix in ["release", "other"] {
                let generated = try CommandRunner.vouch(["key", "generate", "--no-password", "--output-prefix", directory.path + "/" + prefix])
                #expect(generated.status == 0, "\(generated.stderr)")
            }
            // The archive the release workflow packs: bin/vouch (here a stand-in script).
            let packed = try CommandRunner.shell("""
                mkdir -p stage/bin release && printf '#!/bin/sh\\necho vouch stand-in\\n' > stage/bin/vouch && chmod +x stage/bin/vouch
                tar -czf release/\(InstallScriptTests.archive) -C stage bin
                (cd release && sha256sum \(InstallScriptTests.archive) > SHA256SUMS)
                """, in: directory.path)
            #expect(packed.status == 0, "\(packed.stderr)")
            try sign(with: releaseKey)
        }

        /// Writes `SHA256SUMS.sig` (base64, as the release workflow's `vouch sign-blob --output-signature`).
        func sign(with key: String) throws {
            let signed = try CommandRunner.vouch(["sign-blob", path + "/SHA256SUMS", "--key", key, "--output-signature", path + "/SHA256SUMS.sig", "--force"])
            #expect(signed.status == 0, "\(signed.stderr)")
        }

        func sha256(_ name: String) throws -> String {
            String(try CommandRunner.shell("sha256sum < '\(path)/\(name)' | cut -d' ' -f1").stdout.prefix(64))
        }

        /// Runs the install script as action.yml does, into `directory/installed`.
        func install(pinning sha256: String = "") throws -> CommandResult {
            try CommandRunner.run("/bin/bash", [Fixtures.repositoryRoot.path + "/scripts/install-vouch.sh"], environment: [
                "VOUCH_VERSION": InstallScriptTests.version, "VOUCH_RELEASE_URL": "file://" + path, "VOUCH_ARCH": "amd64",
                "VOUCH_PUBLIC_KEY": releasePublicKey, "VOUCH_SHA256": sha256, "VOUCH_INSTALL_DIR": directory.path + "/installed",
                "GITHUB_PATH": directory.path + "/github-path", "GITHUB_ACTIONS": "", "RUNNER_TEMP": directory.path,
            ])
        }

        var installed: Bool { FileManager.default.fileExists(atPath: directory.path + "/installed/bin/vouch") }
    }

    @Test func aCorrectlySignedArchiveInstalls() throws {
        let release = try Release()
        let result = try release.install()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(release.installed)
        #expect(try CommandRunner.run(release.directory.path + "/installed/bin/vouch", []).stdout == "vouch stand-in\n")
        #expect(try String(contentsOfFile: release.directory.path + "/github-path", encoding: .utf8) == release.directory.path + "/installed/bin\n")
        #expect(result.stdout.contains("\(Self.archive) verified (SHA-256 \(try release.sha256(Self.archive))"))
    }

    @Test func aChangedArchiveStopsNamingTheFileAndBothDigests() throws {
        let release = try Release()
        let listed = try release.sha256(Self.archive)
        _ = try CommandRunner.shell("printf 'x' >> '\(release.path)/\(Self.archive)'")
        let actual = try release.sha256(Self.archive)
        let result = try release.install()
        #expect(result.status == 1)
        #expect(result.stderr.contains("install-vouch: error: \(Self.archive): SHA-256 mismatch: expected \(listed) (SHA256SUMS), actual \(actual)"), "\(result.stderr)")
        #expect(!release.installed)
    }

    @Test func aChangedSHA256SUMSStopsAtItsSignature() throws {
        let release = try Release()
        // The attack SHA256SUMS' signature exists for: a replaced archive with SHA256SUMS rewritten to match.
        _ = try CommandRunner.shell("cd '\(release.path)' && printf 'x' >> \(Self.archive) && sha256sum \(Self.archive) > SHA256SUMS")
        let result = try release.install()
        #expect(result.status == 1)
        #expect(result.stderr.contains("install-vouch: error: SHA256SUMS: the signature SHA256SUMS.sig does not verify with the release public key release.pub"), "\(result.stderr)")
        #expect(result.stderr.contains("(SHA-256 of SHA256SUMS: \(try release.sha256("SHA256SUMS")))"))
        #expect(!release.installed)
    }

    @Test func aSignatureByAnotherKeyStops() throws {
        let release = try Release()
        try release.sign(with: release.otherKey)
        let result = try release.install()
        #expect(result.status == 1)
        #expect(result.stderr.contains("SHA256SUMS: the signature SHA256SUMS.sig does not verify with the release public key release.pub"), "\(result.stderr)")
        #expect(!release.installed)
    }

    @Test func aMissingSignatureStops() throws {
        let release = try Release()
        try FileManager.default.removeItem(atPath: release.path + "/SHA256SUMS.sig")
        let result = try release.install()
        #expect(result.status == 1)
        #expect(result.stderr.contains("install-vouch: error: SHA256SUMS.sig: could not be downloaded from file://\(release.path)/SHA256SUMS.sig"), "\(result.stderr)")
        #expect(result.stderr.contains("a release without it cannot be verified"))
        #expect(!release.installed)
    }

    @Test func aSignatureThatIsNotBase64Stops() throws {
        let release = try Release()
        try "not a signature!".write(toFile: release.path + "/SHA256SUMS.sig", atomically: true, encoding: .utf8)
        let result = try release.install()
        #expect(result.status == 1)
        #expect(result.stderr.contains("install-vouch: error: SHA256SUMS.sig: not a base64 signature"), "\(result.stderr)")
        #expect(!release.installed)
    }

    @Test func theSha256InputPinsOneArchive() throws {
        let release = try Release()
        let actual = try release.sha256(Self.archive)
        let other = String(repeating: "ab", count: 32)
        let refused = try release.install(pinning: other)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(Self.archive): SHA-256 mismatch: expected \(other) (the sha256 input), actual \(actual)"), "\(refused.stderr)")
        #expect(!release.installed)
        let accepted = try release.install(pinning: "sha256:" + actual.uppercased())
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(release.installed)
        let malformed = try release.install(pinning: "1234")
        #expect(malformed.status == 64)
        #expect(malformed.stderr.contains("the sha256 input '1234' is not 64 hexadecimal digits"))
    }

    @Test func anArchiveMissingFromSHA256SUMSStops() throws {
        let release = try Release()
        _ = try CommandRunner.shell("cd '\(release.path)' && : > SHA256SUMS")
        try release.sign(with: release.releaseKey)
        let result = try release.install()
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(Self.archive): not listed in SHA256SUMS"), "\(result.stderr)")
    }

    @Test(.enabled(if: Peers.shouldRun("shellcheck")))
    func shellcheckAcceptsTheReleaseScripts() throws {
        let result = try CommandRunner.run(try Peers.require("shellcheck"), ["scripts/install-vouch.sh", "scripts/vouch-sbom-tree.sh"], in: Fixtures.repositoryRoot.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func theActionRunsTheInstallScriptWithTheCommittedReleaseKey() throws {
        let action = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("action.yml"), encoding: .utf8)
        #expect(action.contains("run: '\"$GITHUB_ACTION_PATH/scripts/install-vouch.sh\"'"))
        #expect(action.contains("VOUCH_SHA256: ${{ inputs.sha256 }}"))
        #expect(action.contains("VOUCH_PUBLIC_KEY: ${{ github.action_path }}/keys/vouch-release.pub"), "the action's own key, whatever the job's env says")
        #expect(!action.contains("curl"), "action.yml downloads only through the verifying script")
        let key = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("keys/vouch-release.pub"), encoding: .utf8)
        #expect(key.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
    }
}
