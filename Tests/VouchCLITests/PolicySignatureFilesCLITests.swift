import Foundation
import Testing
import VouchTestSupport

/// `policy check` takes `--signature F --payload F` pairs as `verify` does, so an image moved through an
/// oci-archive (which carries no `.sig` tags) can still be checked.
@Suite("policy check --signature/--payload")
struct PolicySignatureFilesCLITests {
    /// An oci-archive tar of a one-layer image; returns its path and manifest digest.
    static func ociArchive(in directory: TemporaryDirectory) throws -> (path: String, digest: String) {
        let script = """
            import hashlib, io, json, sys, tarfile
            def blob(data): return "sha256:" + hashlib.sha256(data).hexdigest()
            layer = io.BytesIO()
            with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as t:
                data = b"hello\\n"; info = tarfile.TarInfo("app/hello.txt"); info.size = len(data); t.addfile(info, io.BytesIO(data))
            layer = layer.getvalue()
            config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                "rootfs": {"type": "layers", "diff_ids": [blob(layer)]}}).encode()
            manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": blob(config), "size": len(config)},
                "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": blob(layer), "size": len(layer)}]}).encode()
            index = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": blob(manifest), "size": len(manifest),
                    "annotations": {"org.opencontainers.image.ref.name": "1.0"}}]}).encode()
            with tarfile.open(sys.argv[1], mode="w", format=tarfile.PAX_FORMAT) as t:
                files = [("oci-layout", b'{"imageLayoutVersion": "1.0.0"}'), ("index.json", index)]
                files += [("blobs/sha256/" + blob(b)[7:], b) for b in (layer, config, manifest)]
                for name, data in files:
                    info = tarfile.TarInfo(name); info.size = len(data); t.addfile(info, io.BytesIO(data))
            print(blob(manifest))
            """
        let path = directory.path + "/app-oci.tar"
        let made = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, path])
        try #require(made.status == 0, "\(made.stderr)")
        return (path, made.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func payload(naming digest: String) -> String {
        #"{"critical":{"identity":{"docker-reference":"registry.example/app"},"image":{"docker-manifest-digest":"\#(digest)"},"type":"cosign container image signature"},"optional":null}"#
    }

    @Test("a signature/payload pair for the archive's manifest digest satisfies the signature rule; a pair for another digest does not")
    func signatureFilesSatisfyThePolicy() throws {
        let directory = try TemporaryDirectory()
        let (archive, digest) = try Self.ociArchive(in: directory)
        let generated = try CommandRunner.vouch(["key", "generate", "--no-password", "--output-prefix", directory.path + "/release"])
        try #require(generated.status == 0, "\(generated.stderr)")
        let policy = try directory.write("policy.yaml", """
            version: 1
            keys:
              release: release.pub
            rules:
              integrity: true
              signatures:
                threshold: 1
                keys: [release]

            """)
        func signedPair(_ name: String, naming digest: String) throws -> (String, String) {
            let payload = try directory.write("\(name).payload.json", Self.payload(naming: digest))
            let signed = try CommandRunner.vouch(["sign-blob", payload, "--key", directory.path + "/release.key"])
            try #require(signed.status == 0, "\(signed.stderr)")
            return (try directory.write("\(name).sig", signed.stdout), payload)
        }
        let (signature, payload) = try signedPair("good", naming: digest)
        let passed = try CommandRunner.vouch(["policy", "check", archive, "--policy", policy, "--signature", signature, "--payload", payload])
        #expect(passed.status == 0, "\(passed.stdout) \(passed.stderr)")
        #expect(passed.stdout.contains("result: PASS"))

        let unsigned = try CommandRunner.vouch(["policy", "check", archive, "--policy", policy])
        #expect(unsigned.status == 1, "\(unsigned.stdout) \(unsigned.stderr)")

        let other = "sha256:" + String(repeating: "ab", count: 32)
        let (wrongSignature, wrongPayload) = try signedPair("other", naming: other)
        let wrong = try CommandRunner.vouch(["policy", "check", archive, "--policy", policy, "--signature", wrongSignature, "--payload", wrongPayload])
        #expect(wrong.status == 1, "\(wrong.stdout) \(wrong.stderr)")
        #expect(wrong.stdout.contains("result: FAIL"))
    }

    @Test("--signature without its --payload is a usage error")
    func unpairedSignatureIsUsageError() throws {
        let result = try CommandRunner.vouch(["policy", "check", "x.tar", "--policy", "p.yaml", "--signature", "s.sig"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("vouch: error: Give one --payload per --signature"), "\(result.stderr)")
    }
}
