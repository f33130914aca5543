import Foundation
import Testing
import VouchTestSupport

/// `sign REF` / `verify REF` write and read cosign v2's `<repo>:sha256-<hex>.sig` manifests in a real
/// docker-registry; skopeo is the peer both ways.
@Suite("registry: cosign signatures by reference, and skopeo interop", .enabled(if: RegistryServer.shouldRun && Peers.shouldRun("skopeo")))
struct RegistrySignatureTests {
    static let http = ["--allow-http-registry"]

    static func digest(_ path: String) throws -> String {
        let result = try CommandRunner.vouch(["image", "digest", path])
        try #require(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The raw signature manifest in the registry, through skopeo.
    static func signatureLayers(_ registry: RegistryServer, repository: String, digest: String) throws -> [[String: Any]] {
        let tag = "sha256-\(digest.dropFirst(7)).sig"
        let raw = try CommandRunner.run(try Peers.require("skopeo"), ["inspect", "--raw", "--tls-verify=false", "docker://\(registry.host)/\(repository):\(tag)"])
        try #require(raw.status == 0, "\(raw.stderr)")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(raw.stdout.utf8)) as? [String: Any])
        return try #require(manifest["layers"] as? [[String: Any]])
    }

    @Test("sign REF adds to the .sig manifest without dropping another signer's layer; verify REF finds both")
    func signAndVerifyByReference() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let keys = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ecdsa-p256", in: keys, prefix: "first")
        _ = try SigningFixtures.generate("ed25519", in: keys, prefix: "second")
        let source = ImageFixtures.path("oci-layout")
        let reference = "\(registry.host)/signed/app:1"
        try #require(try CommandRunner.vouch(["image", "push", source, reference] + Self.http).status == 0)
        let digest = try Self.digest(source)

        let unsigned = try SigningFixtures.vouch(["verify", reference, "--key", keys.path + "/first.pub"] + Self.http)
        #expect(unsigned.status == 1, "\(unsigned.stdout)\(unsigned.stderr)")
        #expect(unsigned.stdout.contains("no signatures found"))

        let first = try SigningFixtures.vouch(["sign", reference, "--key", keys.path + "/first.key"] + Self.http)
        try #require(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("Signed \(digest) in \(reference)"))
        let second = try SigningFixtures.vouch(["sign", reference, "--key", keys.path + "/second.key"] + Self.http)
        try #require(second.status == 0, "\(second.stdout)\(second.stderr)")

        let layers = try Self.signatureLayers(registry, repository: "signed/app", digest: digest)
        #expect(layers.count == 2)
        #expect(layers.allSatisfy { $0["mediaType"] as? String == "application/vnd.dev.cosign.simplesigning.v1+json" })
        #expect(layers.allSatisfy { ($0["annotations"] as? [String: String])?["dev.cosignproject.cosign/signature"] != nil })

        for key in ["first.pub", "second.pub"] {
            let verified = try SigningFixtures.vouch(["verify", reference, "--key", keys.path + "/" + key] + Self.http)
            #expect(verified.status == 0, "\(key): \(verified.stdout)\(verified.stderr)")
            #expect(verified.stdout.contains("Verified OK: \(reference) (\(digest))"))
        }

        // The payload's docker-reference is the repository, as cosign writes it.
        let payloadDigest = try #require((layers.first?["digest"] as? String))
        let pulled = try CommandRunner.vouch(["image", "pull", reference, "--output", keys.path + "/pulled", "--with-signatures"] + Self.http)
        try #require(pulled.status == 0, "\(pulled.stderr)")
        let payload = try String(contentsOfFile: keys.path + "/pulled/blobs/sha256/" + payloadDigest.dropFirst(7), encoding: .utf8)
        #expect(payload.contains(#""docker-reference":"\#(registry.host)/signed/app""#), "\(payload)")
    }

    @Test("COSIGN_REPOSITORY and --signature-repository put signatures in another repository")
    func signatureRepository() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let keys = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ecdsa-p256", in: keys, prefix: "k")
        let reference = "\(registry.host)/apps/app:1"
        try #require(try CommandRunner.vouch(["image", "push", ImageFixtures.path("oci-layout"), reference] + Self.http).status == 0)
        var environment = SigningFixtures.environment
        environment["COSIGN_REPOSITORY"] = "\(registry.host)/signatures/app"
        let signed = try CommandRunner.vouch(["sign", reference, "--key", keys.path + "/k.key"] + Self.http, environment: environment)
        try #require(signed.status == 0, "\(signed.stdout)\(signed.stderr)")
        #expect(signed.stdout.contains("tagged \(registry.host)/signatures/app:sha256-"))

        let inImageRepository = try SigningFixtures.vouch(["verify", reference, "--key", keys.path + "/k.pub"] + Self.http)
        #expect(inImageRepository.status == 1, "the signature landed in the image's repository")
        let viaEnvironment = try CommandRunner.vouch(["verify", reference, "--key", keys.path + "/k.pub"] + Self.http, environment: environment)
        #expect(viaEnvironment.status == 0, "\(viaEnvironment.stdout)\(viaEnvironment.stderr)")
        let viaFlag = try SigningFixtures.vouch(["verify", reference, "--key", keys.path + "/k.pub", "--signature-repository", "\(registry.host)/signatures/app"] + Self.http)
        #expect(viaFlag.status == 0, "\(viaFlag.stdout)\(viaFlag.stderr)")
    }

    @Test("signatures survive push and pull --with-signatures, and skopeo's copy of each tag")
    func signaturesTravel() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let work = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ecdsa-p256", in: work, prefix: "k")
        let reference = "\(registry.host)/travel/app:1"
        try #require(try CommandRunner.vouch(["image", "push", ImageFixtures.path("oci-layout"), reference] + Self.http).status == 0)
        try #require(try SigningFixtures.vouch(["sign", reference, "--key", work.path + "/k.key", "--referrer"] + Self.http).status == 0)
        let digest = try Self.digest(ImageFixtures.path("oci-layout"))

        let pulled = try CommandRunner.vouch(["image", "pull", reference, "--output", work.path + "/pulled", "--with-signatures"] + Self.http)
        try #require(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        #expect(pulled.stdout.contains("with tag sha256-\(digest.dropFirst(7)).sig"))
        #expect(pulled.stdout.contains("with referrer (tag schema sha256-\(digest.dropFirst(7)))"), "\(pulled.stdout)")
        let verifiedLocal = try SigningFixtures.vouch(["verify", work.path + "/pulled", "--key", work.path + "/k.pub"])
        #expect(verifiedLocal.status == 0, "\(verifiedLocal.stdout)\(verifiedLocal.stderr)")

        // Pushed on to another repository with its signatures, verified there by reference.
        let copy = "\(registry.host)/travel/copy:1"
        let pushed = try CommandRunner.vouch(["image", "push", work.path + "/pulled", copy] + Self.http)
        try #require(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)")
        let verifiedCopy = try SigningFixtures.vouch(["verify", copy, "--key", work.path + "/k.pub"] + Self.http)
        #expect(verifiedCopy.status == 0, "\(verifiedCopy.stdout)\(verifiedCopy.stderr)")

        // skopeo pulls each tag (the image, then its .sig) into one layout; vouch verifies it there.
        let skopeo = try Peers.require("skopeo")
        let sigTag = "sha256-\(digest.dropFirst(7)).sig"
        for tag in ["1", sigTag] {
            let copied = try CommandRunner.run(skopeo, ["copy", "--src-tls-verify=false", "docker://\(registry.host)/travel/app:\(tag)", "oci:\(work.path)/skopeo:\(tag)"])
            try #require(copied.status == 0, "\(copied.stderr)")
        }
        let verifiedSkopeo = try SigningFixtures.vouch(["verify", work.path + "/skopeo:1", "--key", work.path + "/k.pub"])
        #expect(verifiedSkopeo.status == 0, "\(verifiedSkopeo.stdout)\(verifiedSkopeo.stderr)")
    }

    @Test("what skopeo pushes vouch verifies with equal digests; what vouch pushes skopeo copies back byte-identical")
    func skopeoInterop() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let skopeo = try Peers.require("skopeo")
        let work = try TemporaryDirectory()
        let source = ImageFixtures.path("oci-layout")

        let byPeer = try CommandRunner.run(skopeo, ["copy", "--dest-tls-verify=false", "oci:\(source):latest", "docker://\(registry.host)/peer/app:1"])
        try #require(byPeer.status == 0, "\(byPeer.stderr)")
        let peerDigest = try CommandRunner.run(skopeo, ["inspect", "--tls-verify=false", "--format", "{{.Digest}}", "docker://\(registry.host)/peer/app:1"])
        let verified = try CommandRunner.vouch(["image", "verify", "\(registry.host)/peer/app:1", "--format", "json"] + Self.http)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let pulled = try CommandRunner.vouch(["image", "pull", "\(registry.host)/peer/app:1", "--output", work.path + "/vouch-pulled"] + Self.http)
        try #require(pulled.status == 0, "\(pulled.stderr)")
        #expect(try Self.digest(work.path + "/vouch-pulled") == peerDigest.stdout.trimmingCharacters(in: .whitespacesAndNewlines))

        let byVouch = try CommandRunner.vouch(["image", "push", source, "\(registry.host)/mine/app:1"] + Self.http)
        try #require(byVouch.status == 0, "\(byVouch.stderr)")
        let back = try CommandRunner.run(skopeo, ["copy", "--src-tls-verify=false", "docker://\(registry.host)/mine/app:1", "oci:\(work.path)/back:1"])
        try #require(back.status == 0, "\(back.stderr)")
        let original = try FileManager.default.contentsOfDirectory(atPath: source + "/blobs/sha256").sorted()
        let copied = try FileManager.default.contentsOfDirectory(atPath: work.path + "/back/blobs/sha256").sorted()
        #expect(original == copied)
        for name in original {
            let a = try Data(contentsOf: URL(fileURLWithPath: source + "/blobs/sha256/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: work.path + "/back/blobs/sha256/" + name))
            #expect(a == b, "blob \(name) differs after the round trip")
        }
    }

    @Test("Docker's v2 schema 2 manifest and manifest list (pushed by skopeo --format v2s2) are pulled and verified, the digest the registry computes")
    func dockerSchema2() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let skopeo = try Peers.require("skopeo")
        let work = try TemporaryDirectory()
        let images = [
            ("docker/app:1", ["oci:\(ImageFixtures.path("oci-layout")):latest"], "application/vnd.docker.distribution.manifest.v2+json"),
            ("docker/multi:1", ["--all", "oci:\(ImageFixtures.path("multi-arch")):multi"], "application/vnd.docker.distribution.manifest.list.v2+json"),
        ]
        for (repository, source, mediaType) in images {
            let reference = "\(registry.host)/\(repository)"
            let copied = try CommandRunner.run(skopeo, ["copy", "--format", "v2s2", "--dest-tls-verify=false"] + source + ["docker://\(reference)"])
            try #require(copied.status == 0, "\(copied.stderr)")
            let raw = try CommandRunner.run(skopeo, ["inspect", "--raw", "--tls-verify=false", "docker://\(reference)"])
            let document = try #require(try JSONSerialization.jsonObject(with: Data(raw.stdout.utf8)) as? [String: Any])
            try #require(document["mediaType"] as? String == mediaType, "skopeo did not push \(mediaType): \(raw.stdout.prefix(300))")
            // The registry's own digest of the bytes it stores (Docker-Content-Digest), asked for with that media type.
            let head = try CommandRunner.run("/usr/bin/curl", ["-sI", "-H", "Accept: \(mediaType)", "\(registry.baseURL)/v2/\(repository.split(separator: ":")[0])/manifests/1"])
            let expected = try #require(head.stdout.split(separator: "\r\n").first { $0.lowercased().hasPrefix("docker-content-digest:") }.map {
                $0.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces) }, "\(head.stdout)")

            let pulled = try CommandRunner.vouch(["image", "pull", reference, "--output", work.path + "/" + repository.replacingOccurrences(of: "/", with: "-")] + Self.http)
            try #require(pulled.status == 0, "\(reference): \(pulled.stdout)\(pulled.stderr)")
            #expect(pulled.stdout.contains("(\(expected))"), "\(reference): \(pulled.stdout)")
            let verified = try CommandRunner.vouch(["image", "verify", reference] + Self.http + (mediaType.contains("list") ? ["--platform", "linux/arm64"] : []))
            #expect(verified.status == 0, "\(reference): \(verified.stdout)\(verified.stderr)")
        }
    }
}
