import Foundation
import Testing
import VouchTestSupport

/// Issue 12: the `docker-reference` `vouch sign` writes by default is the image's repository as cosign writes
/// it (`ghcr.io/org/app` for `ghcr.io/org/app:1.0`), or the command says why it cannot know one; `verify`
/// does not compare it, as `cosign verify` does not.
@Suite(.enabled(if: Peers.shouldRun("python3")))
struct SignDockerReferenceCLITests {
    /// One layout per naming case, and a key pair.
    static func workspace() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("sign-reference")
        let script = """
            import importlib.util, sys
            spec = importlib.util.spec_from_file_location("m", sys.argv[1])
            m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
            out = sys.argv[2]
            m.layout_image(out, "containerd", m.Image(), annotations={"io.containerd.image.name": "ghcr.io/org/app:1.0", "org.opencontainers.image.ref.name": "1.0"})
            m.layout_image(out, "full-ref", m.Image(), annotations={"org.opencontainers.image.ref.name": "registry.example.com:5000/team/app:2.0"})
            m.layout_image(out, "hub", m.Image(), annotations={"io.containerd.image.name": "docker.io/library/nginx:1.0", "org.opencontainers.image.ref.name": "1.0"})
            m.layout_image(out, "bare", m.Image(), annotations={"org.opencontainers.image.ref.name": "1.0"})
            m.layout_image(out, "short", m.Image(), annotations={"org.opencontainers.image.ref.name": "app:1.0"})
            m.layout_image(out, "two-repos", m.Image(), annotations={"io.containerd.image.name": "ghcr.io/a/app:1.0", "org.opencontainers.image.ref.name": "quay.io/b/app:1.0"})
            """
        let made = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, Fixtures.path("images/make-images.py"), directory.path])
        try #require(made.status == 0, "\(made.stderr)")
        _ = try SigningFixtures.generate("ecdsa-p256", in: directory, prefix: "key")
        return directory
    }

    /// The `docker-reference` of the one simple-signing payload in `layout`.
    static func signedReference(_ layout: String) throws -> String? {
        let blobs = layout + "/blobs/sha256/"
        for name in try FileManager.default.contentsOfDirectory(atPath: blobs) {
            let data = try Data(contentsOf: URL(fileURLWithPath: blobs + name))
            guard data.starts(with: Array(#"{"critical""#.utf8)) else { continue }
            let payload = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            let critical = payload?["critical"] as? [String: Any]
            return (critical?["identity"] as? [String: Any])?["docker-reference"] as? String
        }
        return nil
    }

    @Test(arguments: [
        ("containerd", "ghcr.io/org/app"),
        ("full-ref", "registry.example.com:5000/team/app"),
        ("hub", "index.docker.io/library/nginx"),
    ])
    func theDefaultDockerReferenceIsTheRepositoryOfTheImagesFullName(layout: String, repository: String) throws {
        let directory = try Self.workspace()
        let signed = try SigningFixtures.vouch(["sign", layout, "--key", "key.key"], in: directory.path)
        try #require(signed.status == 0, "\(signed.stderr)")
        #expect(try Self.signedReference(directory.path + "/" + layout) == repository)
        let verified = try SigningFixtures.vouch(["verify", layout, "--key", "key.pub"], in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }

    @Test(arguments: [("bare", "1.0"), ("short", "app:1.0")])
    func withoutAFullNameSignRefusesAndAsksForReference(layout: String, tag: String) throws {
        let directory = try Self.workspace()
        let index = try String(contentsOfFile: directory.path + "/\(layout)/index.json", encoding: .utf8)
        let refused = try SigningFixtures.vouch(["sign", layout, "--key", "key.key"], in: directory.path)
        #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("vouch: error: \(layout): the image's tags (\(tag)) name no registry repository"), "\(refused.stderr)")
        #expect(refused.stderr.contains("give it with --reference REGISTRY/REPOSITORY"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: directory.path + "/\(layout)/index.json", encoding: .utf8) == index, "nothing was written")
    }

    @Test func anImageNamedBySeveralRepositoriesIsRefusedListingThem() throws {
        let directory = try Self.workspace()
        let refused = try SigningFixtures.vouch(["sign", "two-repos", "--key", "key.key"], in: directory.path)
        #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("name several repositories (ghcr.io/a/app, quay.io/b/app)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--reference"))
    }

    @Test func anExplicitReferenceIsWrittenAsGivenAndVerifyDoesNotCompareIt() throws {
        let directory = try Self.workspace()
        let signed = try SigningFixtures.vouch(["sign", "bare", "--key", "key.key", "--reference", "ghcr.io/org/app"], in: directory.path)
        try #require(signed.status == 0, "\(signed.stderr)")
        #expect(try Self.signedReference(directory.path + "/bare") == "ghcr.io/org/app")
        let verified = try SigningFixtures.vouch(["verify", "bare", "--key", "key.pub"], in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        // A reference other than the image's own name still verifies: cosign verify checks the digest, not it.
        let other = try SigningFixtures.vouch(["sign", "containerd", "--key", "key.key", "--sign-container-identity", "mirror.example.com/app"], in: directory.path)
        try #require(other.status == 0, "\(other.stderr)")
        #expect(try Self.signedReference(directory.path + "/containerd") == "mirror.example.com/app", "cosign's flag name is an alias")
        let mirrored = try SigningFixtures.vouch(["verify", "containerd", "--key", "key.pub"], in: directory.path)
        #expect(mirrored.status == 0, "\(mirrored.stdout)\(mirrored.stderr)")
    }
}
