import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchTestSupport

/// cosign v3's Sigstore bundle referrers (artifact type `application/vnd.dev.sigstore.bundle.v0.3+json`) in a
/// real docker-registry: `image push` carries them, `verify REF` and `image pull --with-signatures` find them,
/// through the fault proxy's emulated OCI 1.1 referrers API and through the referrers tag schema (distribution
/// 2.8 has no referrers API), and `image copy` between repositories keeps them.
///
/// The bundle is real production material, the conformance suite's message signature over `a.txt`
/// (`Fixtures/sigstore/keyless-layout.py` stores it as a referrer of the fixture image, as cosign v3 does).
/// Since it signs `a.txt`, not the fixture image, a found bundle verifies in every Sigstore step (chain, SCT,
/// identity, signature, Rekor entry) and fails only the binding ("payload": signature for another image); a
/// bundle that is not found gives "no keyless signatures found", and one whose bytes changed on the way fails
/// its signature step.
/// The conformance suite's cosign v3 message-signature bundle (over a.txt), in ../shared.
private let conformanceMessageBundle = "sigstore/conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json"

@Suite("registry: cosign v3 Sigstore bundle referrers travel with push, pull and copy", .enabled(if: RegistryServer.shouldRun && SharedData.shouldRun(conformanceMessageBundle)))
struct RegistryBundleReferrerTests {
    static let http = ["--allow-http-registry"]
    static let bundle = conformanceMessageBundle
    static let identity = [
        "--certificate-identity",
        "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
        "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com",
    ]

    /// A copy of the fixture layout whose image has the bundle as a Sigstore bundle referrer, listed in
    /// `index.json` (`via: "index"`) or only in the layout's referrers tag-schema index (`"tag-schema"`).
    static func layout(via: String, in directory: TemporaryDirectory) throws -> String {
        let path = directory.path + "/layout-\(via)"
        try FileManager.default.copyItem(atPath: ImageFixtures.path("oci-layout"), toPath: path)
        let made = try CommandRunner.run(
            "/usr/bin/env", ["python3", Fixtures.path("sigstore/keyless-layout.py"), "referrer", path, "--bundle", try SharedData.require(bundle), "--via", via])
        try #require(made.status == 0, "\(made.stderr)")
        return path
    }

    /// `sha256:<hex>` of the bundle file (the referrer's layer is the file byte for byte).
    static func bundleDigest() throws -> String {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: try SharedData.require(bundle)))
        return try DigestHasher.digest(of: [UInt8](bytes)).description
    }

    /// The failed steps of each keyless signature `verify --format json` reported, by where it was found.
    static func steps(_ result: CommandResult) throws -> [String: [String]] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
        var steps: [String: [String]] = [:]
        for check in report["signatures"] as? [[String: Any]] ?? [] {
            let failures = ((check["verification"] as? [String: Any])?["failures"] as? [[String: Any]] ?? []) + (check["failures"] as? [[String: Any]] ?? [])
            steps[check["source"] as? String ?? "?"] = failures.compactMap { $0["subject"] as? String }
        }
        return steps
    }

    /// `verify IMAGE` found exactly one bundle referrer, and every Sigstore step of it verified (only the binding
    /// to this image fails: it signs a.txt).
    static func expectBundleFound(_ image: String, extra: [String] = [], sourcePrefix: String = "referrer sha256:") throws {
        let verified = try CommandRunner.vouch(["verify", image, "--format", "json"] + identity + extra)
        #expect(verified.status == 1, "\(verified.stdout)\(verified.stderr)")
        let steps = try Self.steps(verified)
        #expect(steps.count == 1 && steps.keys.first?.hasPrefix(sourcePrefix) == true, "\(image): \(steps) \(verified.stderr)")
        #expect(Array(steps.values) == [["payload"]], "\(image): the bundle did not verify in every Sigstore step: \(verified.stdout)")
    }

    /// The pulled layout holds the bundle byte for byte, and verifies as the original layout does.
    static func expectPulledBundle(_ layout: String) throws {
        let digest = try bundleDigest()
        let pulled = try Data(contentsOf: URL(fileURLWithPath: layout + "/blobs/sha256/" + digest.dropFirst(7)))
        #expect(pulled == (try Data(contentsOf: URL(fileURLWithPath: try SharedData.require(bundle)))))
        try expectBundleFound(layout)
    }

    static func requests(_ proxy: RegistryProxy) -> [[String: Any]] { proxy.events.filter { $0["event"] as? String == "request" } }

    @Test("the layouts verify as the tests expect: the bundle is found and verifies up to its binding; an image without it has none")
    func baseline() throws {
        let work = try TemporaryDirectory()
        try Self.expectBundleFound(try Self.layout(via: "index", in: work))
        try Self.expectBundleFound(try Self.layout(via: "tag-schema", in: work))
        let none = try CommandRunner.vouch(["verify", ImageFixtures.path("oci-layout")] + Self.identity)
        #expect(none.status == 1)
        #expect(none.stdout.contains("no keyless signatures found"), "\(none.stdout)")
    }

    @Test("through the OCI 1.1 referrers API: push stores the bundle referrer (no tag-schema index), verify REF and pull --with-signatures find it, copy keeps it")
    func referrersAPI() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let proxy = try RegistryProxy(upstream: registry, control: #"{"referrers_api": true}"#)
        defer { proxy.stop() }
        let work = try TemporaryDirectory()
        let layout = try Self.layout(via: "index", in: work)
        let image = try RegistryCLITests.manifestDigest(ofLayout: layout)
        let schemaTag = "sha256-\(image.dropFirst(7))"
        let reference = "\(proxy.host)/v3/app:1"

        let unsigned = try CommandRunner.vouch(["image", "push", ImageFixtures.path("oci-layout"), "\(proxy.host)/v3/unsigned:1"] + Self.http)
        try #require(unsigned.status == 0, "\(unsigned.stdout)\(unsigned.stderr)")
        let none = try CommandRunner.vouch(["verify", "\(proxy.host)/v3/unsigned:1"] + Self.identity + Self.http)
        #expect(none.status == 1 && none.stdout.contains("no keyless signatures found"), "\(none.stdout)\(none.stderr)")

        let pushed = try CommandRunner.vouch(["image", "push", layout, reference] + Self.http)
        try #require(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)")
        #expect(pushed.stdout.contains("with referrer sha256:"), "\(pushed.stdout)")
        #expect(proxy.events.contains { $0["event"] as? String == "referrer-stored" && $0["name"] as? String == "v3/app" && $0["subject"] as? String == image })
        #expect(!Self.requests(proxy).contains { $0["method"] as? String == "PUT" && ($0["path"] as? String)?.hasSuffix("/manifests/\(schemaTag)") == true },
                "a tag-schema index was written although the registry has the referrers API")

        try Self.expectBundleFound(reference, extra: Self.http)
        let pulled = try CommandRunner.vouch(["image", "pull", reference, "--output", work.path + "/pulled", "--with-signatures"] + Self.http)
        try #require(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        #expect(pulled.stdout.contains("with referrer sha256:") && !pulled.stdout.contains("tag schema"), "\(pulled.stdout)")
        try Self.expectPulledBundle(work.path + "/pulled")

        let copy = "\(proxy.host)/v3/copy:1"
        let copied = try CommandRunner.vouch(["image", "copy", reference, copy] + Self.http)
        try #require(copied.status == 0, "\(copied.stdout)\(copied.stderr)")
        #expect(copied.stdout.contains("with referrer sha256:"), "\(copied.stdout)")
        #expect(proxy.events.contains { $0["event"] as? String == "referrer-stored" && $0["name"] as? String == "v3/copy" && $0["subject"] as? String == image })
        try Self.expectBundleFound(copy, extra: Self.http)
    }

    @Test("without a referrers API: push writes the sha256-<hex> tag-schema index, verify REF and pull --with-signatures read it, copy keeps it")
    func tagSchemaFallback() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let proxy = try RegistryProxy(upstream: registry, control: "{}")
        defer { proxy.stop() }
        let work = try TemporaryDirectory()
        // Listed only in the layout's own tag-schema index: push finds it there too.
        let layout = try Self.layout(via: "tag-schema", in: work)
        let image = try RegistryCLITests.manifestDigest(ofLayout: layout)
        let schemaTag = "sha256-\(image.dropFirst(7))"
        let reference = "\(proxy.host)/v3/app:1"

        let pushed = try CommandRunner.vouch(["image", "push", layout, reference] + Self.http)
        try #require(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)")
        #expect(pushed.stdout.contains("with referrer sha256:"), "\(pushed.stdout)")
        #expect(Self.requests(proxy).contains { $0["method"] as? String == "PUT" && ($0["path"] as? String) == "/v2/v3/app/manifests/\(schemaTag)" })

        try Self.expectBundleFound(reference, extra: Self.http)
        let pulled = try CommandRunner.vouch(["image", "pull", reference, "--output", work.path + "/pulled", "--with-signatures"] + Self.http)
        try #require(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        #expect(pulled.stdout.contains("with referrer (tag schema \(schemaTag))"), "\(pulled.stdout)")
        try Self.expectPulledBundle(work.path + "/pulled")

        // Copied to another repository, and pushed again (the tag-schema index is not given a duplicate).
        let copy = "\(proxy.host)/v3/copy:1"
        let copied = try CommandRunner.vouch(["image", "copy", reference, copy] + Self.http)
        try #require(copied.status == 0, "\(copied.stdout)\(copied.stderr)")
        #expect(Self.requests(proxy).contains { $0["method"] as? String == "PUT" && ($0["path"] as? String) == "/v2/v3/copy/manifests/\(schemaTag)" })
        try Self.expectBundleFound(copy, extra: Self.http)
        let again = try CommandRunner.vouch(["image", "push", layout, copy] + Self.http)
        try #require(again.status == 0, "\(again.stdout)\(again.stderr)")
        let index = try CommandRunner.vouch(["image", "pull", copy, "--output", work.path + "/again", "--with-signatures", "--format", "json"] + Self.http)
        try #require(index.status == 0, "\(index.stdout)\(index.stderr)")
        let artifacts = (try JSONSerialization.jsonObject(with: Data(index.stdout.utf8)) as? [String: Any])?["artifacts"] as? [String] ?? []
        #expect(artifacts.filter { $0.hasPrefix("referrer") }.count == 1, "\(artifacts)")
    }
}
