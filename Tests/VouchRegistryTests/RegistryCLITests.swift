import Foundation
import Testing
import VouchTestSupport

/// `vouch image push|pull|copy|verify` against Debian's docker-registry (distribution 2.8) on loopback,
/// started and stopped by each test.
@Suite("registry: push, pull, copy and streamed verify against docker-registry", .enabled(if: RegistryServer.shouldRun))
struct RegistryCLITests {
    static let http = ["--allow-http-registry"]

    static func manifestDigest(ofLayout path: String) throws -> String {
        let result = try CommandRunner.vouch(["image", "digest", path])
        try #require(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The registry's stored bytes of a blob (distribution's filesystem driver layout).
    static func storedBlob(_ registry: RegistryServer, digest: String) -> String {
        let hex = String(digest.dropFirst("sha256:".count))
        return registry.directory.path + "/storage/docker/registry/v2/blobs/sha256/\(hex.prefix(2))/\(hex)/data"
    }

    static func layerDigests(ofLayout path: String) throws -> [String] {
        let index = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path + "/index.json"))) as? [String: Any])
        let top = try #require((index["manifests"] as? [[String: Any]])?.first?["digest"] as? String)
        let manifest = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: path + "/blobs/sha256/" + top.dropFirst(7)))) as? [String: Any])
        return try #require(manifest["layers"] as? [[String: Any]]).compactMap { $0["digest"] as? String }
    }

    @Test("push then pull over plain HTTP keeps every digest; verify REF streams and passes")
    func pushPullRoundTrip() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let source = ImageFixtures.path("oci-layout")
        let pushed = try CommandRunner.vouch(["image", "push", source + ":latest", "\(registry.host)/vouch/app:1.0"] + Self.http)
        try #require(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)\n\(registry.log)")
        let digest = try Self.manifestDigest(ofLayout: source)
        #expect(pushed.stdout.contains("(\(digest))"))
        #expect(pushed.stdout.contains("blob(s) uploaded, 0 already present"))
        // HEAD before upload: a second push uploads nothing.
        let again = try CommandRunner.vouch(["image", "push", source, "\(registry.host)/vouch/app:1.0"] + Self.http)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains(" 0 blob(s) uploaded"))

        let output = try TemporaryDirectory()
        let pulled = try CommandRunner.vouch(["image", "pull", "\(registry.host)/vouch/app:1.0", "--output", output.path + "/layout"] + Self.http)
        try #require(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        #expect(try Self.manifestDigest(ofLayout: output.path + "/layout") == digest)
        let local = try CommandRunner.vouch(["image", "verify", output.path + "/layout"])
        #expect(local.status == 0, "\(local.stdout)")

        let streamed = try CommandRunner.vouch(["image", "verify", "\(registry.host)/vouch/app:1.0"] + Self.http)
        #expect(streamed.status == 0, "\(streamed.stdout)\(streamed.stderr)")
        #expect(streamed.stdout.contains("intact: "))
        let byDigest = try CommandRunner.vouch(["image", "verify", "docker://\(registry.host)/vouch/app@\(digest)"] + Self.http)
        #expect(byDigest.status == 0, "\(byDigest.stdout)\(byDigest.stderr)")
    }

    @Test("a multi-platform index is pushed and pulled whole, child manifests before the index")
    func multiPlatformRoundTrip() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let source = ImageFixtures.path("multi-arch")
        let pushed = try CommandRunner.vouch(["image", "push", source, "\(registry.host)/multi:all"] + Self.http)
        try #require(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)")
        let output = try TemporaryDirectory()
        let pulled = try CommandRunner.vouch(["image", "pull", "\(registry.host)/multi:all", "--output", output.path + "/l", "--format", "json"] + Self.http)
        try #require(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        #expect(try Self.manifestDigest(ofLayout: output.path + "/l") == (try Self.manifestDigest(ofLayout: source)))
        for platform in ["linux/amd64", "linux/arm64"] {
            let verified = try CommandRunner.vouch(["image", "verify", "\(registry.host)/multi:all", "--platform", platform] + Self.http)
            #expect(verified.status == 0, "\(platform): \(verified.stdout)\(verified.stderr)")
        }
    }

    @Test("a registry serving a tampered layer: verify REF exits 1, pull exits 1 and writes nothing")
    func tamperedLayer() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let source = ImageFixtures.path("oci-layout")
        try #require(try CommandRunner.vouch(["image", "push", source, "\(registry.host)/app:t"] + Self.http).status == 0)
        let layer = try #require(try Self.layerDigests(ofLayout: source).first)
        let stored = Self.storedBlob(registry, digest: layer)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: stored)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: stored))

        let verified = try CommandRunner.vouch(["image", "verify", "\(registry.host)/app:t"] + Self.http)
        #expect(verified.status == 1, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("digest mismatch (expected \(layer)"))

        let output = try TemporaryDirectory()
        let pulled = try CommandRunner.vouch(["image", "pull", "\(registry.host)/app:t", "--output", output.path + "/layout"] + Self.http)
        #expect(pulled.status == 1, "\(pulled.stdout)\(pulled.stderr)")
        #expect(pulled.stdout.contains("the registry served bytes that do not match the digest"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty, "a tampered pull left files behind")
    }

    @Test("an unknown repository or tag exits 2 with 'no such image'")
    func noSuchImage() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let output = try TemporaryDirectory()
        let result = try CommandRunner.vouch(["image", "pull", "\(registry.host)/missing:1", "--output", output.path + "/x"] + Self.http)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no such image: \(registry.host)/missing:1"), "\(result.stderr)")
        #expect(result.stderr.contains("NAME_UNKNOWN") || result.stderr.contains("MANIFEST_UNKNOWN"))
        let verify = try CommandRunner.vouch(["image", "verify", "\(registry.host)/missing:1"] + Self.http)
        #expect(verify.status == 2)
        #expect(verify.stderr.contains("no such image"))
    }

    @Test("without --allow-http-registry a plain-HTTP registry is not used")
    func plainHTTPNeedsTheFlag() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let result = try CommandRunner.vouch(["image", "verify", "\(registry.host)/app:1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("vouch: error: "))
    }

    @Test("TLS with a private CA and htpasswd Basic auth: credentials from flags, config.json and auth.json")
    func tlsBasicAuth() throws {
        let registry = try RegistryServer(.tlsBasicAuth(username: "ci", password: "s3cret"))
        defer { registry.stop() }
        let ca = try #require(registry.caCertificatePath)
        let reference = "\(registry.host)/team/app:1"
        let source = ImageFixtures.path("oci-layout")

        let anonymous = try CommandRunner.vouch(["image", "push", source, reference, "--registry-cacert", ca])
        #expect(anonymous.status == 2)
        #expect(anonymous.stderr.contains("requires authentication"), "\(anonymous.stderr)")

        let wrong = try CommandRunner.vouch(
            ["image", "push", source, reference, "--registry-cacert", ca, "--registry-username", "ci", "--registry-password-stdin"], stdin: Array("nope\n".utf8))
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("UNAUTHORIZED") || wrong.stderr.contains("denied"), "\(wrong.stderr)")

        let pushed = try CommandRunner.vouch(
            ["image", "push", source, reference, "--registry-cacert", ca, "--registry-username", "ci", "--registry-password-stdin"], stdin: Array("s3cret\n".utf8))
        try #require(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)\n\(registry.log)")

        let home = try TemporaryDirectory()
        let auth = Data("ci:s3cret".utf8).base64EncodedString()
        try home.write("docker/config.json", #"{"auths":{"\#(registry.host)":{"auth":"\#(auth)"}}}"#)
        let viaDocker = try CommandRunner.vouch(["image", "verify", reference, "--registry-cacert", ca], environment: ["DOCKER_CONFIG": home.path + "/docker"])
        #expect(viaDocker.status == 0, "\(viaDocker.stdout)\(viaDocker.stderr)")
        let authFile = try home.write("auth.json", #"{"auths":{"\#(registry.host)":{"auth":"\#(auth)"}}}"#)
        let viaContainers = try CommandRunner.vouch(["image", "verify", reference, "--registry-cacert", ca], environment: ["REGISTRY_AUTH_FILE": authFile, "DOCKER_CONFIG": home.path + "/none"])
        #expect(viaContainers.status == 0, "\(viaContainers.stdout)\(viaContainers.stderr)")
        let viaSSLCertFile = try CommandRunner.vouch(["image", "verify", reference], environment: ["REGISTRY_AUTH_FILE": authFile, "SSL_CERT_FILE": ca])
        #expect(viaSSLCertFile.status == 0, "\(viaSSLCertFile.stdout)\(viaSSLCertFile.stderr)")

        // The private CA is not trusted by default; --allow-insecure-registry skips verification.
        let untrusted = try CommandRunner.vouch(["image", "verify", reference], environment: ["REGISTRY_AUTH_FILE": authFile])
        #expect(untrusted.status == 2)
        let insecure = try CommandRunner.vouch(["image", "verify", reference, "--allow-insecure-registry"], environment: ["REGISTRY_AUTH_FILE": authFile])
        #expect(insecure.status == 0, "\(insecure.stdout)\(insecure.stderr)")
    }

    @Test("copy registry to registry keeps the digest and mounts blobs within one registry; copy to a layout pulls it")
    func copyBetweenRegistries() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let source = ImageFixtures.path("oci-layout")
        try #require(try CommandRunner.vouch(["image", "push", source, "\(registry.host)/a/app:1"] + Self.http).status == 0)
        let copied = try CommandRunner.vouch(["image", "copy", "\(registry.host)/a/app:1", "\(registry.host)/b/app:2", "--format", "json"] + Self.http)
        try #require(copied.status == 0, "\(copied.stdout)\(copied.stderr)")
        // Both repositories are on one registry: every blob is mounted from a/app, none sent again.
        let report = try #require(try JSONSerialization.jsonObject(with: Data(copied.stdout.utf8)) as? [String: Any])
        #expect(report["blobsUploaded"] as? Int == 0, "\(copied.stdout)")
        #expect((report["blobsMounted"] as? Int ?? 0) > 0, "\(copied.stdout)")
        let output = try TemporaryDirectory()
        let back = try CommandRunner.vouch(["image", "copy", "\(registry.host)/b/app:2", "oci:" + output.path + "/copy"] + Self.http)
        try #require(back.status == 0, "\(back.stdout)\(back.stderr)")
        #expect(try Self.manifestDigest(ofLayout: output.path + "/copy") == (try Self.manifestDigest(ofLayout: source)))
    }
}
