import Foundation
import Testing
import VouchTestSupport

/// `vouch verify-attestation` and `verify-blob` with keyless bundles, against the built binary.
@Suite struct KeylessCLITests {
    static let suite = ConformanceTests.suite
    static let identity = ConformanceTests.defaultIdentity
    static let issuer = ConformanceTests.defaultIssuer

    static func path(_ relative: String) throws -> String { try SharedData.require("\(suite)/\(relative)") }

    @Test(.enabled(if: SharedData.shouldRun(suite)))
    func keylessAttestationVerifiesWithItsPredicateType() throws {
        let arguments = ["verify-attestation", try Self.path("a.txt"), "--attestation", try Self.path("happy-path-intoto-in-dsse-v3/bundle.sigstore.json"),
                         "--certificate-identity", Self.identity, "--certificate-oidc-issuer", Self.issuer]
        let plain = try CommandRunner.vouch(arguments + ["--type", "slsaprovenance"])
        #expect(plain.status == 0, "\(plain.stdout)\(plain.stderr)")
        #expect(plain.stdout.contains("Verified OK"))
        let wrongType = try CommandRunner.vouch(arguments + ["--type", "spdx"])
        #expect(wrongType.status == 1)
        #expect(wrongType.stdout.contains("FAILED predicateType: predicate type mismatch"))
        let otherSubject = try CommandRunner.vouch(["verify-attestation", try Self.path("wrong-material_fail/artifact")] + arguments.dropFirst(2))
        #expect(otherSubject.status == 1)
        #expect(otherSubject.stdout.contains("FAILED artifact digest:"))
    }

    @Test(.enabled(if: SharedData.shouldRun(suite)))
    func rekorV2AttestationVerifies() throws {
        let result = try CommandRunner.vouch([
            "verify-attestation", try Self.path("a.txt"), "--attestation", try Self.path("rekor2-dsse-happy-path/bundle.sigstore.json"),
            "--certificate-identity", Self.identity, "--certificate-oidc-issuer", Self.issuer,
            "--trusted-root", try Self.path("rekor2-dsse-happy-path/trusted_root.json"),
        ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func keylessFlagsAreCheckedAsUsage() throws {
        let noSigner = try CommandRunner.vouch(["verify-blob", "a.txt", "--bundle", "b.json"])
        #expect(noSigner.status == 64)
        #expect(noSigner.stderr.contains("--certificate-identity and --certificate-oidc-issuer"))
        let identityOnly = try CommandRunner.vouch(["verify-blob", "a.txt", "--bundle", "b.json", "--certificate-identity", "x"])
        #expect(identityOnly.status == 64)
        let badRegexp = try CommandRunner.vouch(["verify-blob", "a.txt", "--bundle", "b.json", "--certificate-identity-regexp", "(", "--certificate-oidc-issuer", "u"])
        #expect(badRegexp.status == 64)
        #expect(badRegexp.stderr.contains("invalid regular expression"))
        let both = try CommandRunner.vouch(["verify-attestation", "a.txt", "--attestation", "b.json", "--key", "k.pub", "--certificate-identity", "x", "--certificate-oidc-issuer", "u"])
        #expect(both.status == 64)
        let noKey = try CommandRunner.vouch(["verify", "layout"])
        #expect(noKey.status == 64)
        #expect(noKey.stderr.contains("--key"))
    }

    /// `--bundle DIR` verifies every bundle in the folder over the one artifact; one bad bundle fails the run.
    @Test(.enabled(if: SharedData.shouldRun(suite)))
    func aDirectoryOfBundlesVerifiesEach() throws {
        let folder = try TemporaryDirectory("vouch-bundles")
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try Self.path("happy-path-v0.3/bundle.sigstore.json"))))
        try folder.write("one.sigstore.json", good)
        try folder.write("two.sigstore.json", good)
        let arguments = ["verify-blob", try Self.path("a.txt"), "--bundle", folder.path, "--certificate-identity", Self.identity, "--certificate-oidc-issuer", Self.issuer]
        let passing = try CommandRunner.vouch(arguments)
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(passing.stdout.contains("2 of 2 bundles verified"))
        try folder.write("three.sigstore.json", [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Self.path("set-invalid-signature_fail/bundle.sigstore.json")))))
        let failing = try CommandRunner.vouch(arguments)
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("FAILED \(folder.path)/three.sigstore.json: SET:"))
    }

    @Test func malformedTrustedRootIsExitTwoNamingFileAndField() throws {
        let folder = try TemporaryDirectory("vouch-root")
        let root = try folder.write("trusted_root.json", #"{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1","tlogs":[{"baseUrl":"https://x","publicKey":{"rawBytes":"AAAA","validFor":{"start":"2021-01-01T00:00:00Z"}},"logId":{"keyId":"AAAA"}}]}"#)
        let bundle = try folder.write("b.json", #"{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"publicKey":{"hint":""},"tlogEntries":[{"logIndex":"1","logId":{"keyId":"AAAA"},"kindVersion":{"kind":"hashedrekord","version":"0.0.1"},"canonicalizedBody":"e30="}]},"messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"oM/HEnHW4njlfNMy/5V8P3BD/do1TEy7GQow1W76Ab8="},"signature":"AAAA"}}"#)
        let key = Fixtures.path("signing/golden-ed25519.pub")
        let result = try CommandRunner.vouch(["verify-blob", "sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf", "--bundle", bundle, "--key", key, "--trusted-root", root])
        #expect(result.status == 2)
        #expect(result.stderr.contains("trusted_root.json: field tlogs[0].publicKey.rawBytes"), "\(result.stderr)")
    }
}
