import Foundation
import Testing
import VouchCore
import VouchGate
import VouchPolicy
import VouchTestSupport

/// The gate with a `keyless` signer: a keyless Sigstore bundle given as an attestation file is verified with
/// the signer's identity and the trusted root, and counts only when bound to this image's digest.
@Suite struct KeylessGateTests {
    static let bundle = "sigstore/conformance/bundle-verify/happy-path-intoto-in-dsse-v3/bundle.sigstore.json"
    static let identity = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main"

    static func image(in directory: TemporaryDirectory) throws -> String {
        let script = """
            import importlib.util, sys
            spec = importlib.util.spec_from_file_location("m", sys.argv[1])
            m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
            m.layout_image(sys.argv[2], "image", m.Image())
            """
        let result = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, Fixtures.path("images/make-images.py"), directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        return directory.url.appendingPathComponent("image").path
    }

    static func evidence(identity: String) throws -> (PolicyEvidence, PolicyReport, String) {
        let directory = try TemporaryDirectory()
        let image = try image(in: directory)
        let file = try SharedData.require(bundle)
        let policyPath = try directory.write("p.yaml", """
            version: 1
            keyless:
              ci: {identity: "\(identity)", issuer: https://token.actions.githubusercontent.com}
            rules:
              attestations: [{type: slsaprovenance, signers: [ci]}]
            """)
        let check = PolicyCheck(policy: try Policy(contentsOf: policyPath), policyPath: policyPath)
        let request = PolicyCheck.Request(image: image, attestationFiles: [file])
        return (try check.gather(request), try check.run(request), file)
    }

    @Test(.enabled(if: SharedData.shouldRun(bundle)))
    func keylessAttestationIsVerifiedByItsSignerButMustBindThisImage() throws {
        let (evidence, report, file) = try Self.evidence(identity: Self.identity)
        let attestation = try #require(evidence.attestations.first { $0.source == "\(file)#0" })
        #expect(attestation.verifiedBy == "ci", "\(attestation.problem ?? "")")
        #expect(attestation.predicateType == "https://slsa.dev/provenance/v1")
        // The bundle is about a.txt, not this image: the rule must not pass.
        let rule = try #require(report.rules.first)
        #expect(!rule.passed)
        #expect(rule.details.first?.contains("its subject is sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf") == true, "\(rule.details)")
    }

    @Test(.enabled(if: SharedData.shouldRun(bundle)))
    func anotherIdentityDoesNotVerifyIt() throws {
        let (evidence, _, file) = try Self.evidence(identity: "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main")
        let attestation = try #require(evidence.attestations.first { $0.source == "\(file)#0" })
        #expect(attestation.verifiedBy == nil)
        #expect(attestation.problem?.contains("keyless signer 'ci': identity:") == true, "\(attestation.problem ?? "")")
    }

    // MARK: Keyless material stored in the layout (cosign v2 .att, cosign v3 bundle referrers)

    static let messageBundle = "sigstore/conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json"
    static let productionRoot = "sigstore/trusted-roots/production/trusted_root.json"

    /// Runs `Fixtures/sigstore/keyless-layout.py` (real Sigstore material in cosign's layout forms).
    static func assemble(_ arguments: [String]) throws {
        let result = try CommandRunner.run("/usr/bin/env", ["python3", Fixtures.path("sigstore/keyless-layout.py")] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
    }

    static func storedEvidence(rules: String) throws -> (PolicyEvidence, PolicyReport) {
        let directory = try TemporaryDirectory()
        let image = try image(in: directory)
        try assemble(["att", image, "--bundle", try SharedData.require(bundle), "--trusted-root", try SharedData.require(productionRoot)])
        try assemble(["referrer", image, "--bundle", try SharedData.require(bundle)])
        try assemble(["referrer", image, "--bundle", try SharedData.require(messageBundle), "--via", "tag-schema"])
        let policyPath = try directory.write("p.yaml", """
            version: 1
            keyless:
              ci: {identity: "\(identity)", issuer: https://token.actions.githubusercontent.com}
            rules:
            \(rules)
            """)
        let check = PolicyCheck(policy: try Policy(contentsOf: policyPath), policyPath: policyPath)
        let request = PolicyCheck.Request(image: image)
        return (try check.gather(request), try check.run(request))
    }

    @Test(.enabled(if: SharedData.shouldRun(bundle)))
    func keylessAttestationsStoredInTheLayoutAreVerifiedButMustBindThisImage() throws {
        let (evidence, report) = try Self.storedEvidence(rules: "  attestations: [{type: slsaprovenance, signers: [ci]}]")
        let att = try #require(evidence.attestations.first { $0.source.hasPrefix("tag sha256-") && $0.source.hasSuffix(".att layer 0") })
        #expect(att.verifiedBy == "ci", "\(att.problem ?? "")")
        let referrer = try #require(evidence.attestations.first { $0.source.hasPrefix("referrer sha256:") })
        #expect(referrer.verifiedBy == "ci", "\(referrer.problem ?? "")")
        #expect(referrer.predicateType == "https://slsa.dev/provenance/v1")
        #expect(evidence.attestations.count == 2, "the message-signature referrer is no attestation: \(evidence.attestations.map(\.source))")
        // Both are about a.txt, not this image.
        let rule = try #require(report.rules.first)
        #expect(!rule.passed)
        #expect(rule.details.contains { $0.contains("its subject is sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf") }, "\(rule.details)")
    }

    @Test(.enabled(if: SharedData.shouldRun(messageBundle)))
    func aBundleReferrerSignatureIsKeylessSignatureEvidenceForTheDigestItSigns() throws {
        let (evidence, report) = try Self.storedEvidence(rules: "  signatures: {threshold: 1, keys: [ci]}")
        let signature = try #require(evidence.signatures.first { $0.source.hasPrefix("referrer sha256:") })
        #expect(signature.verifiedBy == "ci", "\(signature.problem ?? "")")
        #expect(signature.signedDigest?.description == "sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf")
        let rule = try #require(report.rules.first)
        #expect(!rule.passed)
        #expect(rule.details.contains { $0.contains("signed by 'ci' but for sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf, not this image") }, "\(rule.details)")
    }
}
