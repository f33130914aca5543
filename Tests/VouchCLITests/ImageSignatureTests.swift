import Foundation
import Testing
import VouchTestSupport

/// `vouch sign` / `vouch verify` on OCI layouts made by umoci; skopeo reads the signature manifests.
@Suite("image signatures in an OCI layout", .enabled(if: Peers.shouldRun("umoci", "skopeo")))
struct ImageSignatureTests {
    /// A layout with images `a` and `b` (b differs by its config), and a key pair.
    static func makeLayout() throws -> TemporaryDirectory {
        _ = try Peers.require("umoci")
        let directory = try TemporaryDirectory()
        let made = try CommandRunner.shell(
            "umoci init --layout img && umoci new --image img:a && umoci new --image img:b && umoci config --image img:b --config.user 1000",
            in: directory.path)
        try #require(made.status == 0, "\(made.stderr)")
        _ = try SigningFixtures.generate("ecdsa-p256", in: directory, prefix: "key")
        return directory
    }

    static func digest(of tag: String, in directory: TemporaryDirectory) throws -> String {
        let index = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.url.appendingPathComponent("img/index.json"))) as? [String: Any])
        let entries = try #require(index["manifests"] as? [[String: Any]])
        let entry = try #require(entries.first { ($0["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"] == tag })
        return try #require(entry["digest"] as? String)
    }

    @Test("sign stores a sha256-<hex>.sig manifest and a referrer that verify; skopeo reads the signature manifest")
    func signAndVerify() throws {
        _ = try Peers.require("skopeo")
        let directory = try Self.makeLayout()
        let signed = try SigningFixtures.vouch(["sign", "img:a", "--key", "key.key", "--reference", "example.com/app:1", "--referrer"], in: directory.path)
        try #require(signed.status == 0, "\(signed.stderr)")
        let digest = try Self.digest(of: "a", in: directory)
        let hex = String(digest.dropFirst("sha256:".count))
        let raw = try CommandRunner.shell("skopeo inspect --raw oci:img:sha256-\(hex).sig", in: directory.path)
        try #require(raw.status == 0, "\(raw.stderr)")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(raw.stdout.utf8)) as? [String: Any])
        let layer = try #require((manifest["layers"] as? [[String: Any]])?.first)
        #expect(layer["mediaType"] as? String == "application/vnd.dev.cosign.simplesigning.v1+json")
        #expect((layer["annotations"] as? [String: String])?["dev.cosignproject.cosign/signature"] != nil)
        let payloadDigest = try #require((layer["digest"] as? String)?.dropFirst("sha256:".count))
        let payload = try String(contentsOfFile: directory.path + "/img/blobs/sha256/\(payloadDigest)", encoding: .utf8)
        #expect(payload == #"{"critical":{"identity":{"docker-reference":"example.com/app:1"},"image":{"docker-manifest-digest":"\#(digest)"},"type":"cosign container image signature"},"optional":null}"#)

        let verified = try SigningFixtures.vouch(["verify", "img:a", "--key", "key.pub"], in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("tag sha256-\(hex).sig layer 0: verified by key.pub"))
        #expect(verified.stdout.contains("referrer sha256:"))
        let unsigned = try SigningFixtures.vouch(["verify", "img:b", "--key", "key.pub"], in: directory.path)
        #expect(unsigned.status == 1)
        #expect(unsigned.stdout.contains("no signatures found"))
    }

    @Test("a signature moved to another image is reported as a signature for another image")
    func signatureForAnotherImage() throws {
        let directory = try Self.makeLayout()
        try #require(try SigningFixtures.vouch(["sign", "img:a", "--key", "key.key", "--reference", "example.com/app"], in: directory.path).status == 0)
        let a = try Self.digest(of: "a", in: directory), b = try Self.digest(of: "b", in: directory)
        let indexPath = directory.path + "/img/index.json"
        let text = try String(contentsOfFile: indexPath, encoding: .utf8)
            .replacingOccurrences(of: "sha256-\(a.dropFirst(7)).sig", with: "sha256-\(b.dropFirst(7)).sig")
        try text.write(toFile: indexPath, atomically: true, encoding: .utf8)
        let result = try SigningFixtures.vouch(["verify", "img:b", "--key", "key.pub"], in: directory.path)
        #expect(result.status == 1)
        #expect(result.stdout.contains("signature for another image: the payload names \(a), this image is \(b)"))
    }

    @Test("a wrong key and an altered payload blob each fail verification with their reason")
    func wrongKeyAndTamperedPayload() throws {
        let directory = try Self.makeLayout()
        _ = try SigningFixtures.generate("ecdsa-p256", in: directory, prefix: "other")
        try #require(try SigningFixtures.vouch(["sign", "img:a", "--key", "key.key", "--reference", "example.com/app"], in: directory.path).status == 0)
        let wrong = try SigningFixtures.vouch(["verify", "img:a", "--key", "other.pub"], in: directory.path)
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("other.pub: signature does not verify with this ecdsa-p256 key"))
        let both = try SigningFixtures.vouch(["verify", "img:a", "--key", "other.pub", "--key", "key.pub"], in: directory.path)
        #expect(both.status == 0)
        #expect(both.stdout.contains("verified by key.pub"))

        let blobs = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/img/blobs/sha256")
        let payload = try #require(blobs.first { name in
            (try? String(contentsOfFile: directory.path + "/img/blobs/sha256/" + name, encoding: .utf8))?.hasPrefix(#"{"critical""#) == true
        })
        let path = directory.path + "/img/blobs/sha256/" + payload
        let altered = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "cosign container", with: "Cosign container")
        try altered.write(toFile: path, atomically: true, encoding: .utf8)
        let tampered = try SigningFixtures.vouch(["verify", "img:a", "--key", "key.pub"], in: directory.path)
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("payload blob: blob content does not match its digest"))
    }

    @Test("a signature given as files (base64 signature + payload) verifies, and not for another image")
    func givenFiles() throws {
        let directory = try Self.makeLayout()
        try #require(try SigningFixtures.vouch(["sign", "img:a", "--key", "key.key", "--reference", "example.com/app"], in: directory.path).status == 0)
        let a = try Self.digest(of: "a", in: directory)
        let sigManifestPath = directory.path + "/img/blobs/sha256/" + (try Self.digest(of: "sha256-\(a.dropFirst(7)).sig", in: directory)).dropFirst(7)
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sigManifestPath))) as? [String: Any])
        let layer = try #require((manifest["layers"] as? [[String: Any]])?.first)
        let signature = try #require((layer["annotations"] as? [String: String])?["dev.cosignproject.cosign/signature"])
        try directory.write("sig.b64", signature)
        try directory.write("payload.json", [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory.path + "/img/blobs/sha256/" + (try #require(layer["digest"] as? String)).dropFirst(7)))))
        let ok = try SigningFixtures.vouch(["verify", "img:a", "--key", "key.pub", "--signature", "sig.b64", "--payload", "payload.json"], in: directory.path)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("given files layer 0: verified by key.pub"))
        let other = try SigningFixtures.vouch(["verify", "img:b", "--key", "key.pub", "--signature", "sig.b64", "--payload", "payload.json"], in: directory.path)
        #expect(other.status == 1)
        #expect(other.stdout.contains("signature for another image"))
    }

    @Test("a tar input is never modified: without --output it is refused, with --output the signed layout is written there")
    func tarInput() throws {
        let directory = try Self.makeLayout()
        try #require(try CommandRunner.shell("tar -cf img.tar -C img .", in: directory.path).status == 0)
        let before = try Data(contentsOf: directory.url.appendingPathComponent("img.tar"))
        let refused = try SigningFixtures.vouch(["sign", "img.tar:a", "--key", "key.key"], in: directory.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("img.tar: a tar is never modified in place; give --output DIR"))
        let signed = try SigningFixtures.vouch(["sign", "img.tar:a", "--key", "key.key", "--reference", "example.com/app", "--output", "signed"], in: directory.path)
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(try Data(contentsOf: directory.url.appendingPathComponent("img.tar")) == before)
        let verified = try SigningFixtures.vouch(["verify", "signed:a", "--key", "key.pub"], in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let again = try SigningFixtures.vouch(["sign", "img.tar:a", "--key", "key.key", "--reference", "example.com/app", "--output", "signed"], in: directory.path)
        #expect(again.status == 2)
        #expect(again.stderr.contains("signed: already exists; --output must name a new directory"))
    }

    @Test("an image whose config blob was altered is not signed")
    func refusesCorruptImage() throws {
        let directory = try Self.makeLayout()
        let manifestDigest = try Self.digest(of: "a", in: directory).dropFirst(7)
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.url.appendingPathComponent("img/blobs/sha256/\(manifestDigest)"))) as? [String: Any])
        let config = try #require(((manifest["config"] as? [String: Any])?["digest"] as? String)?.dropFirst(7))
        let configPath = directory.path + "/img/blobs/sha256/\(config)"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: configPath)))
        bytes[bytes.count - 2] = UInt8(ascii: " ")
        try FileManager.default.removeItem(atPath: configPath)
        try Data(bytes).write(to: URL(fileURLWithPath: configPath))
        let result = try SigningFixtures.vouch(["sign", "img:a", "--key", "key.key", "--reference", "example.com/app"], in: directory.path)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(!(try String(contentsOfFile: directory.path + "/img/index.json", encoding: .utf8)).contains(".sig"))
    }
}

/// `vouch attest IMAGE --attach` and `vouch verify-attestation IMAGE` with the envelopes stored in the layout.
@Suite("image attestations in an OCI layout", .enabled(if: Peers.shouldRun("umoci")))
struct ImageAttestationTests {
    @Test("an attached attestation (tag .att and referrer) verifies for its image, by type, and not for another image")
    func attachAndVerify() throws {
        let directory = try ImageSignatureTests.makeLayout()
        try directory.write("sbom.json", #"{"bomFormat":"CycloneDX","specVersion":"1.5"}"#)
        let made = try SigningFixtures.vouch(
            ["attest", "img:a", "--predicate", "sbom.json", "--type", "cyclonedx", "--key", "key.key", "--attach", "--referrer"], in: directory.path)
        try #require(made.status == 0, "\(made.stderr)")
        let digest = try ImageSignatureTests.digest(of: "a", in: directory)
        let index = try String(contentsOfFile: directory.path + "/img/index.json", encoding: .utf8)
        #expect(index.contains("sha256-\(digest.dropFirst(7)).att"))
        #expect(index.contains(#""artifactType":"application\/vnd.dsse.envelope.v1+json""#) || index.contains(#""artifactType":"application/vnd.dsse.envelope.v1+json""#))

        let verified = try SigningFixtures.vouch(["verify-attestation", "img:a", "--key", "key.pub", "--type", "cyclonedx", "--format", "json"], in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any])
        #expect((report["attestations"] as? [Any])?.count == 1, "the tag and referrer copies are one envelope, checked once")

        let wrongType = try SigningFixtures.vouch(["verify-attestation", "img:a", "--key", "key.pub", "--type", "spdx"], in: directory.path)
        #expect(wrongType.status == 1)
        #expect(wrongType.stdout.contains("predicate type mismatch (expected https://spdx.dev/Document, found https://cyclonedx.org/bom)"))

        let other = try SigningFixtures.vouch(["verify-attestation", "img:b", "--key", "key.pub"], in: directory.path)
        #expect(other.status == 1)
        #expect(other.stdout.contains("no attestations stored in the layout"))

        // The .att envelope given as a file against image b: the subject digest is a's.
        try directory.write("a.jsonl", try #require(String(data: try Data(contentsOf: directory.url.appendingPathComponent("img/blobs/sha256").appendingPathComponent(
            try FileManager.default.contentsOfDirectory(atPath: directory.path + "/img/blobs/sha256").first { name in
                (try? String(contentsOfFile: directory.path + "/img/blobs/sha256/" + name, encoding: .utf8))?.hasPrefix(#"{"payload""#) == true
            } ?? "missing")), encoding: .utf8)))
        let swapped = try SigningFixtures.vouch(["verify-attestation", "img:b", "--key", "key.pub", "--attestation", "a.jsonl"], in: directory.path)
        #expect(swapped.status == 1)
        #expect(swapped.stdout.contains("subject digest mismatch"))
    }

    @Test("attest on an image tar with --output-layout unpacks it, attaches there, and leaves the tar unchanged")
    func attestTarIntoLayout() throws {
        let directory = try ImageSignatureTests.makeLayout()
        try #require(try CommandRunner.shell("tar -cf img.tar -C img .", in: directory.path).status == 0)
        let before = try Data(contentsOf: directory.url.appendingPathComponent("img.tar"))
        try directory.write("sbom.json", #"{"spdxVersion":"SPDX-2.3"}"#)
        let made = try SigningFixtures.vouch(
            ["attest", "img.tar:a", "--predicate", "sbom.json", "--type", "spdx", "--key", "key.key", "--output-layout", "out"], in: directory.path)
        try #require(made.status == 0, "\(made.stderr)")
        #expect(try Data(contentsOf: directory.url.appendingPathComponent("img.tar")) == before)
        let verified = try SigningFixtures.vouch(["verify-attestation", "out:a", "--key", "key.pub", "--type", "spdx"], in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }
}
