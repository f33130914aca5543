import Foundation
import Testing
import VouchCore
import VouchTestSupport

@Suite("vouch image: exit codes, output, schema")
struct ImageCLITests {
    @Test("verify of an intact image exits 0 and says so")
    func verifyIntact() throws {
        let result = try CommandRunner.vouch(["image", "verify", ImageFixtures.path("docker25.tar")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("format: docker-archive\n"))
        #expect(result.stdout.contains("layer 3: ok (read, none, 6 entries"))
        #expect(result.stdout.hasSuffix("intact: 27 checks passed\n"))
    }

    @Test("verify of a tampered image exits 1 and lists every failure")
    func verifyTampered() throws {
        let result = try CommandRunner.vouch(["image", "verify", ImageFixtures.path("bad/truncated-blob")])
        #expect(result.status == 1)
        #expect(result.stdout.contains("NOT INTACT: 3 failure(s) in 26 checks\n"))
        #expect(result.stdout.contains("): size mismatch (expected 674 bytes, found 337 bytes)\n"))
    }

    @Test("verify of an unreadable image exits 2 with the file and the reason")
    func verifyUnreadable() throws {
        let result = try CommandRunner.vouch(["image", "verify", ImageFixtures.path("bad/duplicate-key")])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("vouch: error: manifest sha256:"))
        #expect(result.stderr.hasSuffix(": $.layers: invalid JSON at byte 891: duplicate key 'layers'\n"))
        let missing = try CommandRunner.vouch(["image", "verify", "/nonexistent/image.tar"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "vouch: error: /nonexistent/image.tar: no such file\n")
    }

    @Test("a malformed --platform is a usage error")
    func badPlatform() throws {
        let result = try CommandRunner.vouch(["image", "verify", "--platform", "linux", ImageFixtures.path("multi-arch")])
        #expect(result.status == 64)
        #expect(result.stderr.contains("platform 'linux' is not os/arch[/variant]"))
    }

    @Test("the JSON report of verify validates against Schemas/image-report.schema.json",
          .enabled(if: Peers.shouldRun("check-jsonschema")))
    func schema() throws {
        let checker = try Peers.require("check-jsonschema")
        let directory = try TemporaryDirectory()
        // Also a tampered manifest (its own report shape) and a layout of several images (an array).
        for fixture in ["oci-layout", "docker-legacy.tar", "bad/flipped-bit", "bad/missing-blob", "bad/tar-symlink-escape",
                        "bad/manifest-tampered-unparseable", "two-untagged", "bad/unknown-media-type"] {
            let result = try CommandRunner.vouch(["image", "verify", "--format", "json", ImageFixtures.path(fixture)])
            #expect(result.status == (fixture.hasPrefix("bad/") && !["bad/tar-symlink-escape", "bad/unknown-media-type"].contains(fixture) ? 1 : 0))
            let report = try directory.write(fixture.replacingOccurrences(of: "/", with: "_") + ".json", result.stdoutBytes)
            let check = try CommandRunner.run(
                checker, ["--schemafile", Fixtures.repositoryRoot.appendingPathComponent("Schemas/image-report.schema.json").path, report])
            #expect(check.status == 0, "\(fixture): \(check.stdout) \(check.stderr)")
        }
    }

    @Test("the JSON listing of ls validates against Schemas/image-listing.schema.json",
          .enabled(if: Peers.shouldRun("check-jsonschema")))
    func listingSchema() throws {
        let checker = try Peers.require("check-jsonschema")
        let directory = try TemporaryDirectory()
        let schema = Fixtures.repositoryRoot.appendingPathComponent("Schemas/image-listing.schema.json").path
        for (name, arguments) in [("squashed", ["--squashed"]), ("layers", []), ("layer", ["--layer", "3"])] {
            let result = try CommandRunner.vouch(["image", "ls", "--format", "json"] + arguments + [ImageFixtures.path("oci-layout")])
            #expect(result.status == 0)
            let listing = try directory.write(name + ".json", result.stdoutBytes)
            let check = try CommandRunner.run(checker, ["--schemafile", schema, listing])
            #expect(check.status == 0, "\(name): \(check.stdout) \(check.stderr)")
        }
    }

    @Test("inspect shows digests, layers and history")
    func inspect() throws {
        let text = try CommandRunner.vouch(["image", "inspect", ImageFixtures.path("multi-arch"), "--platform", "linux/arm64"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("platform: linux/arm64/v8\n"))
        #expect(text.stdout.contains("fixture layer cleanup"))
        let json = try CommandRunner.vouch(["image", "inspect", "--format", "json", ImageFixtures.path("oci-layout")])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdoutBytes)) as? [String: Any]
        #expect(object?["format"] as? String == "oci-layout")
        #expect((object?["layers"] as? [Any])?.count == 4)
    }

    @Test("digest prints the index digest, or the manifest's with --manifest; legacy archives have none")
    func digest() throws {
        let image = try ImageFixtures.load("multi-arch")
        let index = try CommandRunner.vouch(["image", "digest", ImageFixtures.path("multi-arch")])
        #expect(index.stdout == "\(image.indexDescriptors[0].digest)\n")
        let manifest = try CommandRunner.vouch(["image", "digest", "--manifest", ImageFixtures.path("multi-arch")])
        #expect(manifest.stdout == "\(image.manifestDescriptor!.digest)\n")
        let legacy = try CommandRunner.vouch(["image", "digest", ImageFixtures.path("docker-legacy.tar")])
        #expect(legacy.status == 2)
        #expect(legacy.stderr.contains("a legacy docker-save archive has no manifest, so no registry digest; its image ID (config digest) is sha256:"))
    }

    @Test("ls --squashed lists the final filesystem; --layer N one layer with its whiteouts")
    func list() throws {
        let squashed = try CommandRunner.vouch(["image", "ls", "--squashed", ImageFixtures.path("oci-layout")])
        #expect(squashed.status == 0)
        #expect(squashed.stdout.contains("regular   4755         11  /usr/bin/passwd\n"))
        #expect(squashed.stdout.contains("symlink    777          0  /lib -> usr/lib\n"))
        #expect(!squashed.stdout.contains("/etc/passwd"))
        let layer = try CommandRunner.vouch(["image", "ls", "--layer", "3", ImageFixtures.path("oci-layout")])
        #expect(layer.stdout.contains("whiteout   644          0  /app/cache/.wh..wh..opq\n"))
        let outOfRange = try CommandRunner.vouch(["image", "ls", "--layer", "9", ImageFixtures.path("oci-layout")])
        #expect(outOfRange.status == 2)
        #expect(outOfRange.stderr.hasSuffix("the image has 4 layers (0 to 3); there is no layer 9\n"))
    }

    @Test("ls of a tampered image prints its failures on standard error and exits 1")
    func listTampered() throws {
        let result = try CommandRunner.vouch(["image", "ls", ImageFixtures.path("bad/tar-traversal")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("path traversal: entry '../../etc/cron.d/evil' contains '..'"))
    }
}

@Suite("Cross-checks with skopeo and umoci")
struct ImagePeerTests {
    @Test("the manifest digest agrees with skopeo inspect --raw", .enabled(if: Peers.shouldRun("skopeo")))
    func manifestDigest() throws {
        let skopeo = try Peers.require("skopeo")
        for fixture in ["oci-layout", "zstd-layout"] {
            let raw = try CommandRunner.run(skopeo, ["inspect", "--raw", "oci:\(ImageFixtures.path(fixture)):latest"])
            try #require(raw.status == 0, "\(raw.stderr)")
            let image = try ImageFixtures.load(fixture)
            #expect(try DigestCheck.sha256(raw.stdoutBytes) == image.manifestDescriptor?.digest.description)
        }
    }

    @Test("every blob skopeo copies to dir: is one vouch verified, with the same digest",
          .enabled(if: Peers.shouldRun("skopeo")))
    func blobsAgree() throws {
        let skopeo = try Peers.require("skopeo")
        let directory = try TemporaryDirectory()
        let copy = try CommandRunner.run(skopeo, ["copy", "--quiet", "oci:\(ImageFixtures.path("oci-layout")):latest", "dir:\(directory.path)/out"])
        try #require(copy.status == 0, "\(copy.stderr)")
        let report = try ImageFixtures.verify("oci-layout")
        let copied = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/out")
            .filter { $0.count == 64 }.sorted()
        let ours = (report.layers.compactMap { $0.compressedDigest?.hex } + [report.image.configDigest.hex]).sorted()
        #expect(copied == ours)
        for name in copied {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory.path + "/out/" + name)))
            #expect(try DigestCheck.sha256(bytes) == "sha256:" + name)
        }
    }

    @Test("archives skopeo writes (docker-archive, oci-archive) verify intact", .enabled(if: Peers.shouldRun("skopeo")))
    func skopeoArchives() throws {
        let skopeo = try Peers.require("skopeo")
        let directory = try TemporaryDirectory()
        let source = "oci:\(ImageFixtures.path("oci-layout")):latest"
        for (transport, file) in [("docker-archive", "docker.tar:example/app:1.0"), ("oci-archive", "oci.tar:latest")] {
            let copy = try CommandRunner.run(skopeo, ["copy", "--quiet", source, "\(transport):\(directory.path)/\(file)"])
            try #require(copy.status == 0, "\(copy.stderr)")
            let path = directory.path + "/" + String(file.split(separator: ":")[0])
            let verify = try CommandRunner.vouch(["image", "verify", path])
            #expect(verify.status == 0, "\(transport): \(verify.stdout)\(verify.stderr)")
        }
    }

    @Test("the squashed file list agrees with umoci unpack", .enabled(if: Peers.shouldRun("umoci")),
          arguments: ["oci-layout", "odd/root-opaque", "odd/symlinked-parent"])
    func umociAgrees(_ fixture: String) throws {
        let umoci = try Peers.require("umoci")
        let directory = try TemporaryDirectory()
        let layout = directory.path + "/layout"
        try FileManager.default.copyItem(atPath: ImageFixtures.path(fixture), toPath: layout)
        let unpack = try CommandRunner.run(umoci, ["unpack", "--rootless", "--image", "\(layout):latest", directory.path + "/bundle"])
        try #require(unpack.status == 0, "\(unpack.stderr)")
        let rootfs = directory.path + "/bundle/rootfs"
        let list = try CommandRunner.shell("cd '\(rootfs)' && find . -mindepth 1 | sed 's|^\\.||' | LC_ALL=C sort")
        let theirs = list.stdout.split(separator: "\n").map(String.init)
        let ours = try ImageFileResolver(image: try ImageFixtures.load(fixture)).allFiles().map(\.path).sorted()
        #expect(ours == theirs)
    }
}

import VouchCrypto
import VouchImage

enum DigestCheck {
    static func sha256(_ bytes: [UInt8]) throws -> String { try DigestHasher.digest(of: bytes).description }
}
