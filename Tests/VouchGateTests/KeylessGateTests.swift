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
}
