import Foundation
import Testing
import VouchTestSupport

/// sigstore-python (`sigstore` 4.5.1, the peer) verifies the same real bundles offline against the same
/// trusted root (`--trust-config` built from the root file Vouch gets as `--trusted-root`), and the two agree.
@Suite struct SigstorePythonInteropTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var bundle: String
        var artifact: String
        var identity: String
        var issuer: String
        /// `production` or `staging`: which trusted root both verify against.
        var instance: String
        var verifies: Bool
        var testDescription: String { "\((bundle as NSString).lastPathComponent) (\(instance))" }
    }

    static let assets = "sigstore/sigstore-python-assets"
    static let conformance = "sigstore/conformance/bundle-verify"
    static let beacon = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main"
    static let actions = "https://token.actions.githubusercontent.com"
    static let githubLogin = "https://github.com/login/oauth"

    static func conformanceCase(_ name: String, verifies: Bool, artifact: String? = nil) -> Case {
        Case(bundle: "\(conformance)/\(name)/bundle.sigstore.json", artifact: artifact ?? "\(conformance)/a.txt", identity: beacon, issuer: actions, instance: "production", verifies: verifies)
    }

    static let cases: [Case] = [
        Case(bundle: "\(assets)/bundle_v3_github.whl.sigstore", artifact: "\(assets)/bundle_v3_github.whl",
             identity: "https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2", issuer: actions, instance: "production", verifies: true),
        Case(bundle: "\(assets)/bundle_v3_no_signed_time.txt.sigstore.json", artifact: "\(assets)/bundle_v3_no_signed_time.txt",
             identity: "william@yossarian.net", issuer: githubLogin, instance: "production", verifies: false),
        Case(bundle: "\(assets)/bundle.txt.sigstore", artifact: "\(assets)/bundle.txt", identity: "a@tny.town", issuer: githubLogin, instance: "staging", verifies: true),
        Case(bundle: "\(assets)/bundle_v3.txt.sigstore", artifact: "\(assets)/bundle_v3.txt", identity: "william@yossarian.net", issuer: githubLogin, instance: "staging", verifies: true),
        Case(bundle: "\(assets)/bundle_v3_alt.txt.sigstore", artifact: "\(assets)/bundle_v3_alt.txt", identity: "william@yossarian.net", issuer: githubLogin, instance: "staging", verifies: true),
        Case(bundle: "\(assets)/bundle_cve_2022_36056.txt.sigstore", artifact: "\(assets)/bundle_cve_2022_36056.txt", identity: "william@yossarian.net", issuer: githubLogin, instance: "staging", verifies: false),
        Case(bundle: "\(assets)/staging-rekor-v2.txt.sigstore.json", artifact: "\(assets)/staging-rekor-v2.txt", identity: "jku@goto.fi", issuer: githubLogin, instance: "staging", verifies: true),
        Case(bundle: "\(assets)/bundle_v3.txt.sigstore", artifact: "\(assets)/bundle_v3.txt", identity: "someone@example.com", issuer: githubLogin, instance: "staging", verifies: false),
        conformanceCase("happy-path-v0.1", verifies: true),
        conformanceCase("happy-path-v0.2", verifies: true),
        conformanceCase("happy-path-v0.3", verifies: true),
        conformanceCase("happy-path-v0.3-new-mediaType", verifies: true),
        conformanceCase("happy-path-intoto-in-dsse-v3", verifies: true),
        conformanceCase("signature-mismatch_fail", verifies: false),
        conformanceCase("set-invalid-signature_fail", verifies: false),
        conformanceCase("invalid-inclusion-proof_fail", verifies: false),
        conformanceCase("inclusion-proof-corrupted-hash_fail", verifies: false),
        conformanceCase("checkpoint-wrong-roothash_fail", verifies: false),
        conformanceCase("invalid-checkpoint-signature_fail", verifies: false),
        conformanceCase("incorrect-public-key_fail", verifies: false),
        conformanceCase("message-digest-mismatch_fail", verifies: false),
        conformanceCase("wrong-material_fail", verifies: false, artifact: "\(conformance)/wrong-material_fail/artifact"),
        conformanceCase("bundle-with-root-cert_fail", verifies: false, artifact: "\(conformance)/bundle-with-root-cert_fail/artifact"),
        conformanceCase("bundle-from-wrong-instance_fail", verifies: false),
    ]

    /// A sigstore-python client trust config holding exactly `root` (its signing config is unused offline).
    static func trustConfig(root: String, in directory: TemporaryDirectory) throws -> String {
        let template = try SharedData.require("\(assets)/trust_config/config.v1.json")
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: template))) as? [String: Any])
        config["trustedRoot"] = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root)))
        return try directory.write("trust_config.json", [UInt8](try JSONSerialization.data(withJSONObject: config)))
    }

    @Test(.enabled(if: SharedData.shouldRun("sigstore") && Peers.shouldRun("sigstore")), arguments: cases)
    func vouchAndSigstorePythonAgree(_ item: Case) throws {
        let sigstore = try Peers.require("sigstore")
        let root = try SharedData.require("sigstore/trusted-roots/\(item.instance)/trusted_root.json")
        let bundle = try SharedData.require(item.bundle), artifact = try SharedData.require(item.artifact)
        let temporary = try TemporaryDirectory("vouch-sigstore-peer")
        let config = try Self.trustConfig(root: root, in: temporary)
        let vouch = try CommandRunner.vouch(["verify-blob", artifact, "--bundle", bundle, "--certificate-identity", item.identity,
                                             "--certificate-oidc-issuer", item.issuer, "--trusted-root", root])
        // HOME in the temporary folder: sigstore-python keeps its TUF cache there; --offline never fetches.
        let peer = try CommandRunner.run(sigstore, ["--trust-config", config, "verify", "identity", "--offline", "--bundle", bundle,
                                                    "--cert-identity", item.identity, "--cert-oidc-issuer", item.issuer, artifact],
                                         environment: ["HOME": temporary.path])
        #expect((vouch.status == 0) == item.verifies, "vouch: \(vouch.stdout)\(vouch.stderr)")
        #expect((peer.status == 0) == item.verifies, "sigstore-python: \(peer.stdout)\(peer.stderr)")
        #expect(vouch.status != 0 || vouch.stdout.contains("Verified OK"))
    }
}
