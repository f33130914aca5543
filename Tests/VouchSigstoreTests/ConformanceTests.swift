import Foundation
import Testing
import VouchTestSupport

/// The sigstore-conformance suite's bundle-verification cases (`../shared/sigstore/conformance/bundle-verify/`),
/// run through the built `vouch verify-blob` by the suite's protocol: `FILE_OR_DIGEST --bundle B
/// (--certificate-identity I --certificate-oidc-issuer U | --key K) [--trusted-root F]`.
@Suite struct ConformanceTests {
    static let suite = "sigstore/conformance/bundle-verify"
    static let defaultIdentity = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main"
    static let defaultIssuer = "https://token.actions.githubusercontent.com"

    /// `_fail` cases whose input cannot be read at all: Vouch's rule for those is exit 2 with the file and the
    /// problem named (README, exit codes), not a verdict. Every other `_fail` case must be exit 1.
    static let unreadableInput: [String: String] = [
        "bundle-malformed-json_fail": "bundle.sigstore.json: $.verificationMaterial.tlogEntries[0].canonicalizedBody: invalid JSON",
        "bundle-unknown-version_fail": "bundle.sigstore.json: field mediaType",
        "bundle-empty-certificate-chain_fail": "bundle.sigstore.json: field verificationMaterial.x509CertificateChain.certificates is empty",
        "bundle-negative-log-index_fail": "bundle.sigstore.json: field verificationMaterial.tlogEntries[0].logIndex is negative",
        "trust-root-tlog-missing-validity-start_fail": "trusted_root.json: field tlogs[1].publicKey.validFor.start",
        "managed-key-wrong-key_fail": "key.pub: malformed key",
        // A signature that is not base64 is unreadable input, as for detached signatures (issue 12).
        "bundle-invalid-base64-signature_fail": "bundle.sigstore.json: bundle messageSignature.signature is not valid base64",
    ]

    /// The arguments the suite's protocol gives for one case directory.
    static func arguments(_ directory: URL) -> [String] {
        let files = FileManager.default
        func file(_ name: String) -> String? {
            let path = directory.appendingPathComponent(name).path
            return files.fileExists(atPath: path) ? path : nil
        }
        func text(_ name: String) -> String? {
            file(name).flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let artifact = file("artifact") ?? directory.deletingLastPathComponent().appendingPathComponent("a.txt").path
        var arguments = ["verify-blob", artifact, "--bundle", directory.appendingPathComponent("bundle.sigstore.json").path]
        if let key = file("key.pub") {
            arguments += ["--key", key]
        } else {
            arguments += ["--certificate-identity", text("identity") ?? defaultIdentity, "--certificate-oidc-issuer", text("issuer") ?? defaultIssuer]
        }
        if let root = file("trusted_root.json") { arguments += ["--trusted-root", root] }
        return arguments
    }

    @Test(.enabled(if: SharedData.shouldRun(suite)))
    func everyCaseGivesTheSuitesVerdict() throws {
        let root = URL(fileURLWithPath: try SharedData.require(Self.suite))
        let cases = try FileManager.default.contentsOfDirectory(atPath: root.path)
            .filter { (try? root.appendingPathComponent($0).resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
            .sorted()
        #expect(cases.count == 70, "the suite snapshot has 70 cases")
        var matching = 0
        for name in cases {
            let result = try CommandRunner.vouch(Self.arguments(root.appendingPathComponent(name)))
            let expected: Int32 = !name.hasSuffix("_fail") ? 0 : Self.unreadableInput[name] == nil ? 1 : 2
            var matches = result.status == expected
            if let message = Self.unreadableInput[name] {
                matches = matches && result.stderr.contains(message)
                #expect(result.stderr.contains(message), "\(name): stderr names the file and field: \(result.stderr)")
            }
            #expect(result.status == expected, "\(name): exit \(result.status), expected \(expected)\n\(result.stdout)\(result.stderr)")
            if matches { matching += 1 }
        }
        print("sigstore-conformance bundle-verify: \(matching)/\(cases.count) verdicts match")
        #expect(matching == cases.count)
    }

    /// The FILE_OR_DIGEST rule: a `sha256:` digest that is not a file verifies like the file itself.
    @Test(.enabled(if: SharedData.shouldRun(suite)))
    func aDigestStandsInForTheArtifact() throws {
        let root = URL(fileURLWithPath: try SharedData.require(Self.suite))
        let directory = root.appendingPathComponent("happy-path-v0.3")
        var arguments = Self.arguments(directory)
        arguments[1] = "sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"
        let good = try CommandRunner.vouch(arguments)
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        arguments[1] = "sha256:b0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"
        let other = try CommandRunner.vouch(arguments)
        #expect(other.status == 1)
        #expect(other.stdout.contains("FAILED artifact digest:"))
    }
}
