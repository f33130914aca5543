import Foundation
import Testing
import VouchCore
import VouchImage
import VouchTestSupport

/// Issue 11: one OCI layout reader, so every command selects images the same way. Run against the built
/// binary where the behaviour is a command's.
@Suite("image selection: one OCILayout reader for every command")
struct ImageSelectionTests {
    /// A copy of an image fixture (commands that write into a layout must not touch the shared one), and
    /// an unencrypted key pair `k.key` / `k.pub` (and `other.key` / `other.pub`).
    static func workspace(copying fixture: String? = nil) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        if let fixture {
            let copied = try CommandRunner.shell("cp -R '\(ImageFixtures.path(fixture))' img", in: directory.path)
            try #require(copied.status == 0, "\(copied.stderr)")
        }
        for prefix in ["k", "other"] {
            let made = try CommandRunner.vouch(["key", "generate", "--no-password", "--output-prefix", prefix], in: directory.path)
            try #require(made.status == 0, "\(made.stderr)")
        }
        return directory
    }

    @Test("image digest f.tar:gw:1.0 reads f.tar tagged gw:1.0 (a tag holding ':', as skopeo writes)")
    func tagHoldingColon() throws {
        let archive = ImageFixtures.path("colon-tag.tar")
        let tagged = try CommandRunner.vouch(["image", "digest", archive + ":gw:1.0"])
        #expect(tagged.status == 0, "\(tagged.stderr)")
        let untagged = try CommandRunner.vouch(["image", "digest", archive])
        #expect(untagged.status == 0)
        #expect(tagged.stdout == untagged.stdout)
        #expect(tagged.stdout.hasPrefix("sha256:"))
        let reference = ImageReference(argument: archive + ":gw:1.0", tag: nil) { FileManager.default.fileExists(atPath: $0) }
        #expect(reference == ImageReference(path: archive, tag: "gw:1.0"))
    }

    @Test("an index.json entry of an unknown media type is ignored, not counted as a second image")
    func unknownIndexEntryIgnored() throws {
        let result = try CommandRunner.vouch(["image", "verify", ImageFixtures.path("unknown-index-entry")])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("intact: "))
        let layout = try OCILayout.open(ImageFixtures.path("unknown-index-entry"))
        #expect(layout.images.count == 1)
        #expect(layout.entries.map(\.kind) == [.image, .unknownMediaType])
    }

    @Test("a layer of an unknown media type is verified by digest and size and reported not interpretable, not refused")
    func unknownLayerMediaTypeNotRefused() throws {
        let result = try CommandRunner.vouch(["image", "verify", ImageFixtures.path("bad/unknown-media-type")])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("layer 0: ok (not-interpretable"))
        #expect(result.stdout.contains("media type 'application/x-mystery' is not interpretable; checked by digest and size only"))
        let report = try ImageFixtures.verify("bad/unknown-media-type")
        #expect(report.layers[0].status == .notInterpretable)
        #expect(report.layers[0].compressedDigest == report.layers[0].descriptor?.digest)
    }

    @Test("a tampered manifest is a negative verdict (exit 1, the digest mismatch first), not exit 2")
    func tamperedManifestIsAVerdict() throws {
        let result = try CommandRunner.vouch(["image", "verify", ImageFixtures.path("bad/manifest-tampered-unparseable")])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let failures = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  manifest") }
        #expect(failures.first?.contains("digest mismatch") == true)
        #expect(result.stdout.contains("reading stopped: ") && result.stdout.contains("invalid JSON"))
        let json = try CommandRunner.vouch(["image", "verify", "--format", "json", ImageFixtures.path("bad/manifest-tampered-unparseable")])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["intact"] as? Bool == false)
        // Commands that need a readable image still cannot run on it: exit 2, the mismatch first.
        let inspect = try CommandRunner.vouch(["image", "inspect", ImageFixtures.path("bad/manifest-tampered-unparseable")])
        #expect(inspect.status == 2)
        #expect(inspect.stderr.contains("digest mismatch"))
    }

    @Test("image verify without a tag verifies every image of a layout and reports each; other commands ask for a tag")
    func verifyEveryImage() throws {
        let intact = try CommandRunner.vouch(["image", "verify", ImageFixtures.path("two-untagged")])
        #expect(intact.status == 0, "\(intact.stdout)\(intact.stderr)")
        #expect(intact.stdout.contains("image 1 of 2:"))
        #expect(intact.stdout.contains("image 2 of 2:"))
        let oneTampered = try CommandRunner.vouch(["image", "verify", ImageFixtures.path("two-untagged-one-tampered")])
        #expect(oneTampered.status == 1)
        #expect(oneTampered.stdout.contains("intact: 26 checks passed"))
        #expect(oneTampered.stdout.contains("NOT INTACT: "))
        let json = try CommandRunner.vouch(["image", "verify", "--format", "json", ImageFixtures.path("two-untagged")])
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(reports.count == 2)
        let inspect = try CommandRunner.vouch(["image", "inspect", ImageFixtures.path("two-tags")])
        #expect(inspect.status == 2)
        #expect(inspect.stderr.contains("pick one with --tag or IMAGE:TAG (tags: full, slim)"))
    }

    @Test("sbom, sbom verify-record and secrets scan --image take --tag, as their error asks")
    func tagOnEveryImageCommand() throws {
        let layout = ImageFixtures.path("two-tags")
        let untagged = try CommandRunner.vouch(["sbom", layout])
        #expect(untagged.status == 2)
        #expect(untagged.stderr.contains("--tag"))
        let sbom = try CommandRunner.vouch(["sbom", layout, "--tag", "slim"])
        #expect(sbom.status == 0, "\(sbom.stderr)")
        let record = try CommandRunner.vouch(["sbom", "verify-record", layout, "--tag", "full"])
        // The layout holds no venv, so verify-record finds nothing to check (exit 2, saying so): what
        // matters here is that --tag selected the image instead of being refused or asking for a tag.
        #expect(record.status != 64 && !record.stderr.contains("pick one with --tag"), "\(record.stderr)")
        #expect(record.stderr.contains("RECORD"), "\(record.stderr)")
        let secrets = try CommandRunner.vouch(["secrets", "scan", "--image", layout, "--tag", "slim"])
        #expect(secrets.status != 2 && secrets.status != 64, "\(secrets.stderr)")
    }

    @Test("sign <docker-25 tar> --tag gw:1.0 --output D signs; a wrong tag fails before unpacking and leaves no D")
    func signDockerArchiveByTag() throws {
        let directory = try Self.workspace()
        let archive = ImageFixtures.path("docker25-manifest-tags.tar")
        let signed = try CommandRunner.vouch(["sign", archive, "--tag", "gw:1.0", "--key", "k.key", "--reference", "example.com/gw", "--output", "D"], in: directory.path)
        #expect(signed.status == 0, "\(signed.stderr)")
        let verified = try CommandRunner.vouch(["verify", "D", "--tag", "gw:1.0", "--key", "k.pub"], in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let wrong = try CommandRunner.vouch(["sign", archive, "--tag", "nope", "--key", "k.key", "--output", "E"], in: directory.path)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("no image tagged 'nope'; tags: gw:1.0"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/E"))
    }

    @Test("an extra .att signed by an unknown key is reported, not failing: verify-attestation agrees with verify and policy check")
    func untrustedExtraAttestationReported() throws {
        let directory = try Self.workspace(copying: "oci-layout")
        try directory.write("predicate.json", #"{"builder":{"id":"ci"}}"#)
        for key in ["k.key", "other.key"] {
            let attested = try CommandRunner.vouch(
                ["attest", "img", "--predicate", "predicate.json", "--type", "custom", "--key", key, "--attach"], in: directory.path)
            try #require(attested.status == 0, "\(attested.stderr)")
        }
        let verified = try CommandRunner.vouch(["verify-attestation", "img", "--key", "k.pub"], in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("not signed by a given key: reported, not counted"))
        // The verdict is over the given keys' attestations of the type asked for: none is an spdx one.
        let stranger = try CommandRunner.vouch(["verify-attestation", "img", "--key", "k.pub", "--type", "spdx"], in: directory.path)
        #expect(stranger.status == 1)
    }

    @Test("verify-attestation --print-predicate writes only the predicate to standard output")
    func printPredicateOnly() throws {
        let directory = try Self.workspace(copying: "oci-layout")
        try directory.write("predicate.json", #"{"builder":{"id":"ci"}}"#)
        let attested = try CommandRunner.vouch(
            ["attest", "img", "--predicate", "predicate.json", "--type", "custom", "--key", "k.key", "--attach"], in: directory.path)
        try #require(attested.status == 0, "\(attested.stderr)")
        let printed = try CommandRunner.vouch(["verify-attestation", "img", "--key", "k.pub", "--print-predicate"], in: directory.path)
        #expect(printed.status == 0, "\(printed.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])
        #expect((object["builder"] as? [String: String])?["id"] == "ci")
        #expect(printed.stderr.contains("Verified OK"))
    }

    @Test("signature and attestation referrers are classified by the one reader, whatever tag annotation names them")
    func classification() throws {
        let digest = try Digest(parsing: "sha256:" + String(repeating: "ab", count: 32))
        let tag = OCILayout.cosignTag(for: digest, kind: .signature)
        #expect(tag == "sha256-\(digest.hex).sig")
        func entry(_ annotations: [String: String]?, artifactType: String? = nil, mediaType: String = MediaType.ociManifest) -> Descriptor {
            Descriptor(mediaType: mediaType, digest: digest, size: 1, annotations: annotations, artifactType: artifactType)
        }
        #expect(OCILayout.classify(entry(["org.opencontainers.image.ref.name": tag])) == .signature)
        #expect(OCILayout.classify(entry(["io.containerd.image.name": "example.com/app:" + tag])) == .signature)
        #expect(OCILayout.classify(entry(["org.opencontainers.image.ref.name": "sha256-\(digest.hex).att"])) == .attestation)
        #expect(OCILayout.classify(entry(nil, artifactType: "application/vnd.dev.cosign.artifact.sig.v1+json")) == .signature)
        #expect(OCILayout.classify(entry(nil, artifactType: "application/vnd.dsse.envelope.v1+json")) == .attestation)
        #expect(OCILayout.classify(entry(nil, artifactType: "application/vnd.example.sbom")) == .artifact)
        #expect(OCILayout.classify(entry(nil, mediaType: "application/xml")) == .unknownMediaType)
        #expect(OCILayout.classify(entry(["io.containerd.image.name": "example.com/app:1.0"])) == .image)
    }
}
