import Foundation
import Testing
import VouchTestSupport

/// `verify-attestation REF` and `policy check REF` find cosign's artifacts wherever cosign puts them in a
/// registry (`.sig`/`.att` tags, the signature repository, the referrers tag-schema index), and
/// `attest REF --attach` writes cosign v2's `.att` manifest (read-modify-write), against docker-registry.
@Suite("registry: attestations and the deploy gate by reference", .enabled(if: RegistryServer.shouldRun))
struct RegistryAttestationTests {
    static let http = ["--allow-http-registry"]

    static func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A copy of the fixture layout with its SBOM at `work/sbom.spdx.json`.
    static func layoutWithSBOM(in work: TemporaryDirectory) throws -> String {
        let layout = work.path + "/layout"
        try FileManager.default.copyItem(atPath: ImageFixtures.path("oci-layout"), toPath: layout)
        let sbom = try CommandRunner.vouch(["sbom", layout, "--output", work.path + "/sbom.spdx.json"])
        try #require(sbom.status == 0, "\(sbom.stderr)")
        return layout
    }

    static func policy(in work: TemporaryDirectory, name: String, key: String, attestations: Bool) throws -> String {
        var text = "version: 1\nkeys:\n  release: \(key)\nrules:\n  integrity: true\n  signatures:\n    threshold: 1\n    keys: [release]\n"
        if attestations { text += "  attestations:\n    - type: spdx\n" }
        return try work.write(name, text)
    }

    /// The layers of the `.att` manifest of `reference`, as `image pull --with-signatures` stores it.
    static func attestationLayers(_ reference: String, work: TemporaryDirectory, name: String) throws -> [[String: Any]] {
        let output = work.path + "/" + name
        let pulled = try CommandRunner.vouch(["image", "pull", reference, "--output", output, "--with-signatures"] + http)
        try #require(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        let index = try json(Data(contentsOf: URL(fileURLWithPath: output + "/index.json")))
        let entries = try #require(index["manifests"] as? [[String: Any]])
        let entry = try #require(entries.first { (($0["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"] ?? "").hasSuffix(".att") })
        let digest = try #require(entry["digest"] as? String)
        let manifest = try json(Data(contentsOf: URL(fileURLWithPath: output + "/blobs/sha256/" + digest.dropFirst(7))))
        return try #require(manifest["layers"] as? [[String: Any]])
    }

    @Test("verify-attestation and policy check REF find the .sig and .att tags pushed with the image; a wrong key fails with 1")
    func storedWithTheImage() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let work = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ecdsa-p256", in: work, prefix: "k")
        _ = try SigningFixtures.generate("ed25519", in: work, prefix: "other")
        let layout = try Self.layoutWithSBOM(in: work)
        let reference = "\(registry.host)/gate/app:1"
        let signed = try SigningFixtures.vouch(["sign", layout, "--key", work.path + "/k.key", "--reference", "\(registry.host)/gate/app"])
        try #require(signed.status == 0, "\(signed.stdout)\(signed.stderr)")
        let attested = try SigningFixtures.vouch(["attest", layout, "--predicate", work.path + "/sbom.spdx.json", "--type", "spdx", "--key", work.path + "/k.key", "--attach"])
        try #require(attested.status == 0, "\(attested.stderr)")
        let pushed = try CommandRunner.vouch(["image", "push", layout, reference] + Self.http)
        try #require(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)")

        let verified = try CommandRunner.vouch(["verify-attestation", reference, "--key", work.path + "/k.pub", "--type", "spdx"] + Self.http)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("Verified OK: \(reference)"), "\(verified.stdout)")
        let wrongKey = try CommandRunner.vouch(["verify-attestation", reference, "--key", work.path + "/other.pub"] + Self.http)
        #expect(wrongKey.status == 1, "\(wrongKey.stdout)\(wrongKey.stderr)")
        let wrongType = try CommandRunner.vouch(["verify-attestation", reference, "--key", work.path + "/k.pub", "--type", "slsaprovenance"] + Self.http)
        #expect(wrongType.status == 1, "\(wrongType.stdout)\(wrongType.stderr)")

        let passing = try Self.policy(in: work, name: "pass.yaml", key: "k.pub", attestations: true)
        let gate = try CommandRunner.vouch(["policy", "check", reference, "--policy", passing] + Self.http)
        #expect(gate.status == 0, "\(gate.stdout)\(gate.stderr)")
        #expect(gate.stdout.contains("policy \(passing) on \(reference)"))
        #expect(gate.stdout.contains("result: PASS (3 rules)"), "\(gate.stdout)")
        let failing = try Self.policy(in: work, name: "fail.yaml", key: "other.pub", attestations: true)
        let refused = try CommandRunner.vouch(["policy", "check", reference, "--policy", failing, "--format", "json"] + Self.http)
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(try Self.json(Data(refused.stdout.utf8))["image"] as? String == reference)
    }

    @Test("policy check REF reads signatures from COSIGN_REPOSITORY or --signature-repository, and only from there")
    func signatureRepository() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let work = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ecdsa-p256", in: work, prefix: "k")
        let reference = "\(registry.host)/apps/app:1"
        let signatures = "\(registry.host)/signatures/app"
        try #require(try CommandRunner.vouch(["image", "push", ImageFixtures.path("oci-layout"), reference] + Self.http).status == 0)
        var environment = SigningFixtures.environment
        environment["COSIGN_REPOSITORY"] = signatures
        let signed = try CommandRunner.vouch(["sign", reference, "--key", work.path + "/k.key"] + Self.http, environment: environment)
        try #require(signed.status == 0, "\(signed.stdout)\(signed.stderr)")

        let policy = try Self.policy(in: work, name: "policy.yaml", key: "k.pub", attestations: false)
        let inImageRepository = try CommandRunner.vouch(["policy", "check", reference, "--policy", policy] + Self.http)
        #expect(inImageRepository.status == 1, "the signature was found in the image's repository: \(inImageRepository.stdout)")
        #expect(inImageRepository.stdout.contains("FAIL  signatures"), "\(inImageRepository.stdout)")
        let viaEnvironment = try CommandRunner.vouch(["policy", "check", reference, "--policy", policy] + Self.http, environment: ["COSIGN_REPOSITORY": signatures])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment.stdout)\(viaEnvironment.stderr)")
        let viaFlag = try CommandRunner.vouch(["policy", "check", reference, "--policy", policy, "--signature-repository", signatures] + Self.http)
        #expect(viaFlag.status == 0, "\(viaFlag.stdout)\(viaFlag.stderr)")
    }

    @Test("attest REF --attach appends to cosign's .att manifest without dropping another signer's layer; verify-attestation REF finds both")
    func attachByReference() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let work = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ecdsa-p256", in: work, prefix: "first")
        _ = try SigningFixtures.generate("ed25519", in: work, prefix: "second")
        _ = try Self.layoutWithSBOM(in: work)
        let reference = "\(registry.host)/attested/app:1"
        try #require(try CommandRunner.vouch(["image", "push", ImageFixtures.path("oci-layout"), reference] + Self.http).status == 0)
        let digest = try CommandRunner.vouch(["image", "digest", ImageFixtures.path("oci-layout")]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let none = try CommandRunner.vouch(["verify-attestation", reference, "--key", work.path + "/first.pub"] + Self.http)
        #expect(none.status == 1, "\(none.stdout)\(none.stderr)")
        for key in ["first", "second"] {
            let attested = try SigningFixtures.vouch(
                ["attest", reference, "--predicate", work.path + "/sbom.spdx.json", "--type", "spdx", "--key", work.path + "/\(key).key", "--attach",
                 "--output", work.path + "/\(key).intoto.jsonl"] + Self.http)
            try #require(attested.status == 0, "\(attested.stdout)\(attested.stderr)")
            #expect(attested.stderr.contains("the image's manifest digest \(digest)"), "\(attested.stderr)")
            #expect(attested.stderr.contains("tagged \(registry.host)/attested/app:sha256-\(digest.dropFirst(7)).att"), "\(attested.stderr)")
        }

        // cosign v2's attestation manifest: one DSSE layer per attestation, in order, each with cosign's annotations.
        let layers = try Self.attestationLayers(reference, work: work, name: "pulled")
        #expect(layers.count == 2, "another signer's layer was dropped: \(layers)")
        #expect(layers.allSatisfy { $0["mediaType"] as? String == "application/vnd.dsse.envelope.v1+json" })
        #expect(layers.allSatisfy { ($0["annotations"] as? [String: String]) == ["predicateType": "https://spdx.dev/Document", "dev.cosignproject.cosign/signature": ""] })
        // The first layer is the first envelope, byte for byte; the Statement names the repository and the digest.
        let firstEnvelope = try String(contentsOfFile: work.path + "/first.intoto.jsonl", encoding: .utf8).trimmingCharacters(in: .newlines)
        let firstDigest = try #require(layers.first?["digest"] as? String)
        let stored = try String(contentsOfFile: work.path + "/pulled/blobs/sha256/" + firstDigest.dropFirst(7), encoding: .utf8)
        #expect(stored == firstEnvelope)
        let payload = try #require((try Self.json(Data(stored.utf8))["payload"] as? String).flatMap { Data(base64Encoded: $0) })
        let subject = try #require((try Self.json(payload)["subject"] as? [[String: Any]])?.first)
        #expect(subject["name"] as? String == "\(registry.host)/attested/app")
        #expect((subject["digest"] as? [String: String])?["sha256"] == String(digest.dropFirst(7)))

        for key in ["first", "second"] {
            let verified = try CommandRunner.vouch(["verify-attestation", reference, "--key", work.path + "/\(key).pub", "--type", "spdx"] + Self.http)
            #expect(verified.status == 0, "\(key): \(verified.stdout)\(verified.stderr)")
        }
    }

    @Test("attest REF --referrer (no tag) is found by verify-attestation REF through the referrers tag-schema index; a tampered image is not attested")
    func referrerByReference() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let work = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ecdsa-p256", in: work, prefix: "k")
        _ = try Self.layoutWithSBOM(in: work)
        let reference = "\(registry.host)/referred/app:1"
        try #require(try CommandRunner.vouch(["image", "push", ImageFixtures.path("oci-layout"), reference] + Self.http).status == 0)
        let attested = try SigningFixtures.vouch(
            ["attest", reference, "--predicate", work.path + "/sbom.spdx.json", "--type", "spdx", "--key", work.path + "/k.key", "--referrer"] + Self.http)
        try #require(attested.status == 0, "\(attested.stdout)\(attested.stderr)")
        let pulled = try CommandRunner.vouch(["image", "pull", reference, "--output", work.path + "/pulled", "--with-signatures"] + Self.http)
        try #require(pulled.status == 0, "\(pulled.stderr)")
        #expect(!pulled.stdout.contains(".att"), "--referrer alone wrote the .att tag: \(pulled.stdout)")
        #expect(pulled.stdout.contains("with referrer (tag schema sha256-"), "\(pulled.stdout)")
        let verified = try CommandRunner.vouch(["verify-attestation", reference, "--key", work.path + "/k.pub", "--type", "spdx"] + Self.http)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")

        let missing = try SigningFixtures.vouch(
            ["attest", "\(registry.host)/referred/none:1", "--predicate", work.path + "/sbom.spdx.json", "--type", "spdx", "--key", work.path + "/k.key", "--attach"] + Self.http)
        #expect(missing.status == 2, "\(missing.stdout)\(missing.stderr)")
        #expect(missing.stderr.contains("no such image"), "\(missing.stderr)")

        let inspect = try Self.json(Data(try CommandRunner.vouch(["image", "inspect", ImageFixtures.path("oci-layout"), "--format", "json"]).stdout.utf8))
        let config = try #require(inspect["configDigest"] as? String)
        let hex = config.dropFirst(7)
        let blob = registry.directory.path + "/storage/docker/registry/v2/blobs/sha256/\(hex.prefix(2))/\(hex)/data"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: blob)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: blob))
        let tampered = try SigningFixtures.vouch(
            ["attest", reference, "--predicate", work.path + "/sbom.spdx.json", "--type", "spdx", "--key", work.path + "/k.key", "--attach"] + Self.http)
        #expect(tampered.status == 1, "\(tampered.stdout)\(tampered.stderr)")
        #expect(tampered.stdout.contains("NOT INTACT: \(reference)"), "\(tampered.stdout)")
    }
}
