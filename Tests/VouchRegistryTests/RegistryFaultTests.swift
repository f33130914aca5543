import Foundation
import Testing
import VouchTestSupport

/// The client against faults and Bearer token auth, injected by `Fixtures/registry/fault-proxy.py` in front
/// of a real docker-registry on loopback.
@Suite("registry: token auth and injected faults", .enabled(if: RegistryServer.shouldRun))
struct RegistryFaultTests {
    static let http = ["--allow-http-registry"]
    static let tokenAuth = #"{"token": {"expires_in": 60, "users": {"ci": "pw"}, "anonymous_pull": true}"#

    /// A registry with the fixture image pushed as `app:1`, and a proxy in front of it.
    static func start(_ control: String) throws -> (RegistryServer, RegistryProxy) {
        let registry = try RegistryServer(.plainHTTP)
        let pushed = try CommandRunner.vouch(["image", "push", ImageFixtures.path("oci-layout"), "\(registry.host)/app:1"] + http)
        try #require(pushed.status == 0, "\(pushed.stderr)")
        return (registry, try RegistryProxy(upstream: registry, control: control))
    }

    static func pull(_ proxy: RegistryProxy, into directory: TemporaryDirectory, extra: [String] = [], stdin: [UInt8]? = nil) throws -> CommandResult {
        try CommandRunner.vouch(["image", "pull", "\(proxy.host)/app:1", "--output", directory.path + "/layout"] + http + extra, stdin: stdin)
    }

    @Test("Bearer tokens: anonymous pull works, push without credentials is denied, with credentials it is allowed")
    func bearerTokens() throws {
        let (registry, proxy) = try Self.start(Self.tokenAuth + "}")
        defer { proxy.stop(); registry.stop() }
        let output = try TemporaryDirectory()
        let pulled = try Self.pull(proxy, into: output)
        #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        let anonymous = proxy.events.filter { $0["event"] as? String == "token" }
        #expect(!anonymous.isEmpty)
        #expect(anonymous.allSatisfy { $0["user"] is NSNull })
        #expect(anonymous.contains { ($0["scopes"] as? [String])?.contains("repository:app:pull") == true })

        let denied = try CommandRunner.vouch(["image", "push", ImageFixtures.path("oci-layout"), "\(proxy.host)/other:1"] + Self.http)
        #expect(denied.status == 2)
        #expect(denied.stderr.contains("UNAUTHORIZED"), "\(denied.stderr)")

        let allowed = try CommandRunner.vouch(
            ["image", "push", ImageFixtures.path("oci-layout"), "\(proxy.host)/other:1", "--registry-username", "ci", "--registry-password-stdin"] + Self.http,
            stdin: Array("pw\n".utf8))
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
        let pushTokens = proxy.events.filter { $0["event"] as? String == "token" && $0["user"] as? String == "ci" }
        #expect(pushTokens.contains { ($0["granted"] as? [String])?.contains("repository:other:pull,push") == true })

        let wrong = try CommandRunner.vouch(
            ["image", "push", ImageFixtures.path("oci-layout"), "\(proxy.host)/other:2", "--registry-username", "ci", "--registry-password-stdin"] + Self.http,
            stdin: Array("bad\n".utf8))
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("token server"), "\(wrong.stderr)")
    }

    @Test("tokens that expire within the pull are fetched again and the pull completes")
    func shortLivedTokens() throws {
        let (registry, proxy) = try Self.start(#"{"token": {"expires_in": 1, "anonymous_pull": true}}"#)
        defer { proxy.stop(); registry.stop() }
        let output = try TemporaryDirectory()
        let pulled = try Self.pull(proxy, into: output, extra: ["--registry-parallel", "1"])
        #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        // Each request needs a token with at least 5 s left, so a 1 s token is fetched again for each.
        #expect(proxy.events.filter { $0["event"] as? String == "token" }.count >= 3)
    }

    @Test("503 with Retry-After and 429 are retried; a blob then arrives intact")
    func retriesOnUnavailable() throws {
        let (registry, proxy) = try Self.start(#"{"faults": [{"match": "/blobs/", "method": "GET", "status": 503, "retry_after": "1", "count": 1}, {"match": "/blobs/", "method": "GET", "status": 429, "count": 1}]}"#)
        defer { proxy.stop(); registry.stop() }
        let output = try TemporaryDirectory()
        let started = Date()
        let pulled = try Self.pull(proxy, into: output)
        #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        #expect(proxy.events.filter { $0["event"] as? String == "status" }.count == 2)
        #expect(Date().timeIntervalSince(started) >= 1, "Retry-After: 1 was not waited for")
    }

    @Test("a registry that keeps failing is given up after the bounded retries, exit 2")
    func persistentFailure() throws {
        let (registry, proxy) = try Self.start(#"{"faults": [{"match": "/manifests/", "status": 500}]}"#)
        defer { proxy.stop(); registry.stop() }
        let output = try TemporaryDirectory()
        let pulled = try Self.pull(proxy, into: output)
        #expect(pulled.status == 2)
        #expect(pulled.stderr.contains("registry failed"), "\(pulled.stderr)")
        // The first try and 4 retries.
        #expect(proxy.events.filter { $0["event"] as? String == "status" }.count == 5)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
    }

    @Test("flipped bytes in a blob: pull exits 1 and writes nothing, verify REF exits 1")
    func flippedBytes() throws {
        let (registry, proxy) = try Self.start(#"{"faults": [{"match": "/blobs/", "flip": true}]}"#)
        defer { proxy.stop(); registry.stop() }
        let output = try TemporaryDirectory()
        let pulled = try Self.pull(proxy, into: output)
        #expect(pulled.status == 1, "\(pulled.stdout)\(pulled.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
        let verified = try CommandRunner.vouch(["image", "verify", "\(proxy.host)/app:1"] + Self.http)
        #expect(verified.status == 1, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("NOT INTACT"))
    }

    @Test("a body cut short mid-blob fails the pull (exit 2) and leaves nothing")
    func truncatedBody() throws {
        let (registry, proxy) = try Self.start(#"{"faults": [{"match": "/blobs/", "method": "GET", "truncate": 10}]}"#)
        defer { proxy.stop(); registry.stop() }
        let output = try TemporaryDirectory()
        let pulled = try Self.pull(proxy, into: output)
        #expect(pulled.status == 2 || pulled.status == 1, "\(pulled.stdout)\(pulled.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
    }

    @Test("a wrong Docker-Content-Digest is only a hint: digests are computed from the bytes")
    func wrongDigestHeader() throws {
        let bogus = "sha256:" + String(repeating: "0", count: 64)
        let (registry, proxy) = try Self.start(#"{"faults": [{"match": "/manifests/", "digest_header": "\#(bogus)"}]}"#)
        defer { proxy.stop(); registry.stop() }
        let output = try TemporaryDirectory()
        let pulled = try Self.pull(proxy, into: output)
        #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        let digest = try CommandRunner.vouch(["image", "digest", output.path + "/layout"])
        #expect(digest.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == (try CommandRunner.vouch(["image", "digest", ImageFixtures.path("oci-layout")])).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(!pulled.stdout.contains(bogus))
    }

    @Test("a Content-Type that contradicts the manifest's mediaType is refused (exit 2, nothing written); application/json is accepted")
    func contentTypeMustMatchMediaType() throws {
        let (registry, proxy) = try Self.start(#"{"faults": [{"match": "/manifests/", "method": "GET", "content_type": "application/vnd.oci.image.index.v1+json"}]}"#)
        defer { proxy.stop(); registry.stop() }
        let output = try TemporaryDirectory()
        let pulled = try Self.pull(proxy, into: output)
        #expect(pulled.status == 2, "\(pulled.stdout)\(pulled.stderr)")
        #expect(pulled.stderr.contains("Content-Type 'application/vnd.oci.image.index.v1+json' does not match the manifest's mediaType"), "\(pulled.stderr)")
        #expect(proxy.events.contains { $0["event"] as? String == "content-type" })
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
        let verified = try CommandRunner.vouch(["image", "verify", "\(proxy.host)/app:1"] + Self.http)
        #expect(verified.status == 2, "\(verified.stdout)\(verified.stderr)")

        // A registry that labels every manifest application/json (some do) is read by the manifest's own mediaType.
        try proxy.setControl(#"{"faults": [{"match": "/manifests/", "method": "GET", "content_type": "application/json"}]}"#)
        let plain = try Self.pull(proxy, into: output)
        #expect(plain.status == 0, "\(plain.stdout)\(plain.stderr)")
    }

    @Test("403 DENIED is exit 2 with the registry's code and message, nothing written")
    func deniedIsExitTwo() throws {
        let (registry, proxy) = try Self.start(#"{"faults": [{"match": "/manifests/", "method": "GET", "status": 403, "code": "DENIED", "message": "requested access to the resource is denied"}]}"#)
        defer { proxy.stop(); registry.stop() }
        let output = try TemporaryDirectory()
        let pulled = try Self.pull(proxy, into: output)
        #expect(pulled.status == 2, "\(pulled.stdout)\(pulled.stderr)")
        #expect(pulled.stderr.contains("registry denied access to \(proxy.host)/app:1: DENIED: requested access to the resource is denied"), "\(pulled.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
    }

    @Test("a cross-host redirect of a blob is followed without the Authorization header")
    func crossHostRedirectDropsAuthorization() throws {
        let (registry, proxy) = try Self.start(#"{"token": {"expires_in": 60, "anonymous_pull": true}, "faults": [{"match": "/blobs/", "method": "GET", "redirect": true}]}"#)
        defer { proxy.stop(); registry.stop() }
        let output = try TemporaryDirectory()
        let pulled = try Self.pull(proxy, into: output)
        #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        let redirected = proxy.events.filter { $0["event"] as? String == "redirected" }
        #expect(!redirected.isEmpty, "no blob was fetched through the redirect")
        #expect(redirected.allSatisfy { $0["authorization"] as? Bool == false }, "Authorization leaked to another host: \(redirected)")
    }
}
