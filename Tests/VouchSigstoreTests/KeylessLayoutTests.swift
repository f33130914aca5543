import Foundation
import Testing
import VouchTestSupport

/// Keyless signatures and attestations stored in an OCI layout as cosign stores them: cosign v2's annotated
/// `sha256-<hex>.att` envelopes, and cosign v3's Sigstore bundle referrers (listed in index.json or only in the
/// referrers tag schema's `sha256-<hex>` index). No cosign-produced keyless layout is available offline, so
/// `Fixtures/sigstore/keyless-layout.py` assembles the OCI documents and cosign's annotations around real
/// production material (the conformance suite's envelopes, certificates, Rekor entries, bundle files; its
/// docstring lists exactly what is real). The real bundles are about `a.txt`: a layout whose image entry is
/// a.txt's digest is the image they name; a layout with another image is the image they do not name.
@Suite struct KeylessLayoutTests {
    static let suite = ConformanceTests.suite
    static let dsseBundle = "\(suite)/happy-path-intoto-in-dsse-v3/bundle.sigstore.json"
    static let messageBundle = "\(suite)/happy-path-v0.3/bundle.sigstore.json"
    static let rekorV2Case = "\(suite)/rekor2-dsse-happy-path"
    static let productionRoot = "sigstore/trusted-roots/production/trusted_root.json"

    /// Runs the fixture script; fails the test on a non-zero exit.
    static func assemble(_ arguments: [String]) throws {
        let result = try CommandRunner.run("/usr/bin/env", ["python3", Fixtures.path("sigstore/keyless-layout.py")] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// A new layout whose image is `a.txt` (the digest the real bundles name), or another blob.
    static func layout(in directory: TemporaryDirectory, namedImage: Bool = true) throws -> String {
        let path = directory.url.appendingPathComponent("layout").path
        let blob = namedImage ? try SharedData.require("\(suite)/a.txt") : try directory.write("other-image.json", #"{"schemaVersion":2}"#)
        try assemble(["image", path, "--blob", blob])
        return path
    }

    static func addAtt(_ layout: String, tamperPayload: Bool = false) throws {
        try assemble(["att", layout, "--bundle", try SharedData.require(dsseBundle), "--trusted-root", try SharedData.require(productionRoot)]
            + (tamperPayload ? ["--tamper-payload"] : []))
    }

    static func addReferrer(_ layout: String, bundle: String, via: String = "index", subject: String? = nil) throws {
        try assemble(["referrer", layout, "--bundle", try SharedData.require(bundle), "--via", via] + (subject.map { ["--subject", $0] } ?? []))
    }

    static func identityFlags(_ identity: String = ConformanceTests.defaultIdentity) -> [String] {
        ["--certificate-identity", identity, "--certificate-oidc-issuer", ConformanceTests.defaultIssuer]
    }

    static func json(_ result: CommandResult) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    }

    /// The failed steps of each stored attestation (or signature), by source.
    static func steps(_ report: [String: Any], list: String) -> [String: [String]] {
        var steps: [String: [String]] = [:]
        for check in report[list] as? [[String: Any]] ?? [] {
            let failures = ((check["verification"] as? [String: Any])?["failures"] as? [[String: Any]] ?? []) + (check["failures"] as? [[String: Any]] ?? [])
            steps[check["source"] as? String ?? "?"] = failures.compactMap { $0["subject"] as? String }
        }
        return steps
    }

    // MARK: cosign v2 .att

    @Test(.enabled(if: SharedData.shouldRun(dsseBundle)))
    func keylessAttEnvelopeVerifiesForTheImageItNames() throws {
        let directory = try TemporaryDirectory("vouch-keyless-att")
        let layout = try Self.layout(in: directory)
        try Self.addAtt(layout)
        let result = try CommandRunner.vouch(["verify-attestation", layout, "--format", "json"] + Self.identityFlags())
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(Self.json(result)["passed"] as? Bool == true, "the verdict field of every JSON report: \(result.stdout)")
        let steps = Self.steps(Self.json(result), list: "attestations")
        #expect(steps.count == 1)
        let (source, failed) = try #require(steps.first)
        #expect(source.hasPrefix("tag sha256-a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf.att layer 0"), "\(source)")
        #expect(failed.isEmpty, "\(result.stdout)")
        // The text report names the signer and the log entry that proved the time.
        let text = try CommandRunner.vouch(["verify-attestation", layout, "--type", "slsaprovenance"] + Self.identityFlags())
        #expect(text.status == 0)
        #expect(text.stdout.contains("Transparency log: https://rekor.sigstore.dev index 155690850"), "\(text.stdout)")
    }

    @Test(.enabled(if: SharedData.shouldRun(dsseBundle)))
    func keylessAttAboutAnotherImageFailsOnlyTheArtifactDigest() throws {
        let directory = try TemporaryDirectory("vouch-keyless-att")
        let layout = try Self.layout(in: directory, namedImage: false)
        try Self.addAtt(layout)
        let result = try CommandRunner.vouch(["verify-attestation", layout, "--format", "json"] + Self.identityFlags())
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(Self.json(result)["passed"] as? Bool == false, "\(result.stdout)")
        #expect(Array(Self.steps(Self.json(result), list: "attestations").values) == [["artifact digest"]], "\(result.stdout)")
    }

    @Test(.enabled(if: SharedData.shouldRun(dsseBundle)))
    func aTamperedAttPayloadFailsTheSignature() throws {
        let directory = try TemporaryDirectory("vouch-keyless-att")
        let layout = try Self.layout(in: directory)
        try Self.addAtt(layout, tamperPayload: true)
        let result = try CommandRunner.vouch(["verify-attestation", layout, "--format", "json"] + Self.identityFlags())
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let failed = try #require(Self.steps(Self.json(result), list: "attestations").values.first)
        #expect(failed.contains("signature"), "\(result.stdout)")
        #expect(failed.contains("log entry"), "the Rekor entry names the original envelope: \(result.stdout)")
    }

    @Test(.enabled(if: SharedData.shouldRun(dsseBundle)))
    func anAttOfAnotherIdentityIsReportedNotCounted() throws {
        let directory = try TemporaryDirectory("vouch-keyless-att")
        let layout = try Self.layout(in: directory)
        try Self.addAtt(layout)
        let result = try CommandRunner.vouch(["verify-attestation", layout] + Self.identityFlags("https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main"))
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("not signed by the identity: reported, not counted"), "\(result.stdout)")
        #expect(result.stdout.contains("FAILED attestations: no attestation is signed by the certificate identity"), "\(result.stdout)")
    }

    @Test(.enabled(if: SharedData.shouldRun(dsseBundle)))
    func typeSelectsThePredicateTypeCounted() throws {
        let directory = try TemporaryDirectory("vouch-keyless-att")
        let layout = try Self.layout(in: directory)
        try Self.addAtt(layout)
        let other = try CommandRunner.vouch(["verify-attestation", layout, "--type", "spdx"] + Self.identityFlags())
        #expect(other.status == 1, "\(other.stdout)\(other.stderr)")
        #expect(other.stdout.contains("no attestation of predicate type https://spdx.dev/Document is signed by the certificate identity"), "\(other.stdout)")
        let printed = try CommandRunner.vouch(["verify-attestation", layout, "--type", "slsaprovenance", "--print-predicate"] + Self.identityFlags())
        #expect(printed.status == 0, "\(printed.stdout)\(printed.stderr)")
        #expect(printed.stdout.contains("\"buildDefinition\""), "the predicate is printed: \(printed.stdout)")
    }

    @Test(.enabled(if: SharedData.shouldRun(dsseBundle)))
    func aBundleFileIsVerifiedAboutTheLayoutsImage() throws {
        let directory = try TemporaryDirectory("vouch-keyless-att")
        let named = try Self.layout(in: directory)
        let file = try SharedData.require(Self.dsseBundle)
        let result = try CommandRunner.vouch(["verify-attestation", named, "--attestation", file] + Self.identityFlags())
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let otherDirectory = try TemporaryDirectory("vouch-keyless-att")
        let other = try CommandRunner.vouch(["verify-attestation", try Self.layout(in: otherDirectory, namedImage: false), "--attestation", file] + Self.identityFlags())
        #expect(other.status == 1)
        #expect(other.stdout.contains("FAILED artifact digest"), "\(other.stdout)")
    }

    // MARK: cosign v3 bundle referrers

    @Test(.enabled(if: SharedData.shouldRun(dsseBundle)))
    func aDSSEBundleReferrerIsAnAttestationNotASignature() throws {
        let directory = try TemporaryDirectory("vouch-keyless-referrer")
        let layout = try Self.layout(in: directory)
        try Self.addReferrer(layout, bundle: Self.dsseBundle)
        let result = try CommandRunner.vouch(["verify-attestation", layout, "--format", "json"] + Self.identityFlags())
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let steps = Self.steps(Self.json(result), list: "attestations")
        #expect(steps.keys.allSatisfy { $0.hasPrefix("referrer sha256:") } && steps.count == 1, "\(steps)")
        #expect(steps.values.first == [], "\(result.stdout)")
        // An SLSA Statement is no image signature.
        let verify = try CommandRunner.vouch(["verify", layout] + Self.identityFlags())
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("no keyless signatures found"), "\(verify.stdout)")
    }

    @Test(.enabled(if: SharedData.shouldRun(messageBundle)))
    func aMessageSignatureReferrerInTheTagSchemaIndexSignsTheImage() throws {
        let directory = try TemporaryDirectory("vouch-keyless-referrer")
        let layout = try Self.layout(in: directory)
        try Self.addReferrer(layout, bundle: Self.messageBundle, via: "tag-schema")
        // The sha256-<hex> index lists referrers: it is not a second image, so no tag is needed.
        let result = try CommandRunner.vouch(["verify", layout, "--format", "json"] + Self.identityFlags())
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(Self.json(result)["passed"] as? Bool == true, "the verdict field of every JSON report: \(result.stdout)")
        let steps = Self.steps(Self.json(result), list: "signatures")
        #expect(steps.count == 1 && steps.keys.first?.hasPrefix("referrer sha256:") == true, "\(steps)")
        #expect(steps.values.first == [], "\(result.stdout)")
        // It signs no attestation.
        let attestations = try CommandRunner.vouch(["verify-attestation", layout] + Self.identityFlags())
        #expect(attestations.status == 1)
        #expect(attestations.stdout.contains("no keyless attestations found"), "\(attestations.stdout)")
    }

    @Test(.enabled(if: SharedData.shouldRun(messageBundle)))
    func aMessageSignatureReferrerOfAnotherImageIsRefusedAsSignatureForAnotherImage() throws {
        let directory = try TemporaryDirectory("vouch-keyless-referrer")
        let layout = try Self.layout(in: directory, namedImage: false)
        try Self.addReferrer(layout, bundle: Self.messageBundle)
        let result = try CommandRunner.vouch(["verify", layout, "--format", "json"] + Self.identityFlags())
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(Array(Self.steps(Self.json(result), list: "signatures").values) == [["payload"]], "every Sigstore step verifies; it names a.txt: \(result.stdout)")
    }

    @Test(.enabled(if: SharedData.shouldRun(messageBundle)))
    func aReferrerWhoseSubjectIsAnotherImageIsNotFound() throws {
        let directory = try TemporaryDirectory("vouch-keyless-referrer")
        let layout = try Self.layout(in: directory)
        try Self.addReferrer(layout, bundle: Self.messageBundle, subject: "sha256:" + String(repeating: "ab", count: 32))
        let result = try CommandRunner.vouch(["verify", layout] + Self.identityFlags())
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("no keyless signatures found"), "\(result.stdout)")
    }

    @Test(.enabled(if: SharedData.shouldRun(rekorV2Case)))
    func aRekorV2BundleReferrerVerifiesWithItsInclusionProof() throws {
        let directory = try TemporaryDirectory("vouch-keyless-referrer")
        let layout = try Self.layout(in: directory)
        try Self.addReferrer(layout, bundle: "\(Self.rekorV2Case)/bundle.sigstore.json", via: "tag-schema")
        let root = try SharedData.require("\(Self.rekorV2Case)/trusted_root.json")
        let result = try CommandRunner.vouch(["verify-attestation", layout, "--trusted-root", root, "--format", "json"] + Self.identityFlags())
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(Self.steps(Self.json(result), list: "attestations").values.first == [], "\(result.stdout)")
        // Without that case's trusted root, the staging Rekor v2 log is unknown.
        let production = try CommandRunner.vouch(["verify-attestation", layout, "--format", "json"] + Self.identityFlags())
        #expect(production.status == 1)
    }
}
