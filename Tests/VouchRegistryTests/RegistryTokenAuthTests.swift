import Foundation
import Testing
import VouchCore
import VouchRegistry
import VouchTestSupport

/// The third setup of issue 13: docker-registry with TLS and distribution's token auth (`auth: token:`), its
/// JWTs issued by `Fixtures/registry/token-server.py` and verified by the registry itself.
@Suite("registry: TLS and token auth (a real token-checking registry)", .enabled(if: RegistryServer.shouldRunTokenAuth))
struct RegistryTokenAuthTests {
    /// `ci` may push `app` and `mirror`; `reader` may push `app` only; anyone may pull.
    static let control = #"{"users": {"ci": {"password": "pw", "push": ["app", "mirror"]}, "reader": {"password": "rd", "push": ["app"]}}, "anonymous_pull": true, "expires_in": 300}"#

    static func start() throws -> RegistryServer {
        let registry = try RegistryServer(.tlsTokenAuth(control: control))
        let pushed = try push(registry, "app:1", user: ("ci", "pw"))
        try #require(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)\n\(registry.log)")
        return registry
    }

    static func tls(_ registry: RegistryServer) -> [String] { ["--registry-cacert", registry.caCertificatePath ?? ""] }

    static func push(_ registry: RegistryServer, _ target: String, user: (String, String)?) throws -> CommandResult {
        let login = user.map { ["--registry-username", $0.0, "--registry-password-stdin"] } ?? []
        return try CommandRunner.vouch(
            ["image", "push", ImageFixtures.path("oci-layout"), "\(registry.host)/\(target)"] + tls(registry) + login,
            stdin: user.map { Array("\($0.1)\n".utf8) })
    }

    static func tokens(_ registry: RegistryServer) -> [[String: Any]] { registry.tokenEvents.filter { $0["event"] as? String == "token" } }

    @Test("anonymous pull: an anonymous token with the pull scope, for the registry's service")
    func anonymousPull() throws {
        let registry = try Self.start()
        defer { registry.stop() }
        let before = Self.tokens(registry).count
        let output = try TemporaryDirectory()
        let pulled = try CommandRunner.vouch(["image", "pull", "\(registry.host)/app:1", "--output", output.path + "/layout"] + Self.tls(registry))
        #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        let anonymous = Self.tokens(registry).dropFirst(before)
        #expect(!anonymous.isEmpty)
        #expect(anonymous.allSatisfy { $0["user"] is NSNull && $0["service"] as? String == RegistryServer.tokenService })
        #expect(anonymous.contains { ($0["granted"] as? [String]) == ["app:pull"] })
        let digest = try CommandRunner.vouch(["image", "digest", output.path + "/layout"])
        let expected = try CommandRunner.vouch(["image", "digest", ImageFixtures.path("oci-layout")])
        #expect(digest.stdout == expected.stdout)
    }

    @Test("a push without credentials is denied: insufficient_scope, exit 2 with the registry's message, nothing tagged")
    func deniedPush() throws {
        let registry = try Self.start()
        defer { registry.stop() }
        let denied = try Self.push(registry, "app:2", user: nil)
        #expect(denied.status == 2, "\(denied.stdout)\(denied.stderr)")
        // The registry's word for it is its challenge: `error="insufficient_scope"` with the scope it needs.
        // Its action order follows the request it denied (pull,push for a blob upload; push,pull for a manifest
        // PUT when the blobs are already there), so both orders are the same answer.
        #expect(denied.stderr.contains("insufficient_scope for repository:app:pull,push")
                || denied.stderr.contains("insufficient_scope for repository:app:push,pull"), "\(denied.stderr)")
        let missing = try CommandRunner.vouch(["image", "verify", "\(registry.host)/app:2"] + Self.tls(registry))
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such image"), "\(missing.stderr)")
    }

    @Test("a user whose token lacks the push scope of another repository is refused, the scope named")
    func wrongScope() throws {
        let registry = try Self.start()
        defer { registry.stop() }
        let refused = try Self.push(registry, "mirror:1", user: ("reader", "rd"))
        #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("insufficient_scope"), "\(refused.stderr)")
        #expect(refused.stderr.contains("repository:mirror:pull,push"), "\(refused.stderr)")
        let asked = Self.tokens(registry).filter { $0["user"] as? String == "reader" }
        #expect(asked.contains { ($0["scopes"] as? [String])?.contains("repository:mirror:pull,push") == true && ($0["granted"] as? [String]) == ["mirror:pull"] })
        // The same user may push where the token server allows it.
        #expect(try Self.push(registry, "app:3", user: ("reader", "rd")).status == 0)
    }

    @Test("a token that expired during the pull is refused by the registry (invalid_token) and fetched again")
    func expiredToken() throws {
        let registry = try Self.start()
        defer { registry.stop() }
        try registry.setTokenControl(Self.control.replacingOccurrences(of: #""expires_in": 300"#, with: #""expires_in": 300, "expired_first": 1"#))
        let before = Self.tokens(registry).count
        let output = try TemporaryDirectory()
        let pulled = try CommandRunner.vouch(["image", "pull", "\(registry.host)/app:1", "--output", output.path + "/layout"] + Self.tls(registry))
        #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        let issued = Self.tokens(registry).dropFirst(before)
        #expect(issued.filter { $0["expired"] as? Bool == true }.count >= 1, "no expired token was issued: \(Array(issued))")
        #expect(issued.contains { $0["expired"] as? Bool == false }, "no token was fetched again")

        // A token server whose fresh token is expired too: one re-authentication, then exit 2 naming it; nothing written.
        try registry.setTokenControl(Self.control.replacingOccurrences(of: #""expires_in": 300"#, with: #""expires_in": 300, "expired_first": 2"#))
        let refused = try CommandRunner.vouch(["image", "pull", "\(registry.host)/app:1", "--output", output.path + "/again"] + Self.tls(registry))
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("invalid_token"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path + "/again"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path) == ["layout"])
    }

    @Test("a cross-repository mount asks for both scopes as repeated scope= parameters and mounts every blob")
    func crossRepositoryMount() async throws {
        let registry = try Self.start()
        defer { registry.stop() }
        let options = RegistryOptions(credentials: CredentialStore(explicit: .basic(username: "ci", password: "pw")), caCertificateFile: registry.caCertificatePath)
        let source = try RemoteReference(parsing: "\(registry.host)/app:1")
        let report = try await ImagePush(options: options, mountSource: source)
            .push(layout: ImageFixtures.path("oci-layout"), tag: nil, to: try RemoteReference(parsing: "\(registry.host)/mirror:1"))
        #expect(report.blobsMounted > 0)
        #expect(report.blobsUploaded == 0, "blobs were sent again instead of mounted")
        let both = Self.tokens(registry).filter {
            let scopes = $0["scopes"] as? [String] ?? []
            return scopes.contains("repository:mirror:pull,push") && scopes.contains("repository:app:pull")
        }
        #expect(!both.isEmpty, "no token request carried both scopes as separate parameters")
        #expect(both.allSatisfy { Set($0["granted"] as? [String] ?? []) == ["mirror:pull,push", "app:pull"] })
        let output = try TemporaryDirectory()
        let pulled = try CommandRunner.vouch(["image", "pull", "\(registry.host)/mirror:1", "--output", output.path + "/layout"] + Self.tls(registry))
        #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        let digest = try CommandRunner.vouch(["image", "digest", output.path + "/layout"])
        let expected = try CommandRunner.vouch(["image", "digest", ImageFixtures.path("oci-layout")])
        #expect(digest.stdout == expected.stdout)
    }

    @Test("HTTPS_PROXY tunnels every request through the proxy with CONNECT; NO_PROXY bypasses it")
    func httpsProxy() throws {
        let registry = try Self.start()
        defer { registry.stop() }
        let proxy = try ConnectProxy()
        defer { proxy.stop() }
        let output = try TemporaryDirectory()
        let through = try CommandRunner.vouch(
            ["image", "pull", "\(registry.host)/app:1", "--output", output.path + "/a"] + Self.tls(registry),
            environment: ["HTTPS_PROXY": "http://127.0.0.1:\(proxy.port)", "NO_PROXY": ""])
        #expect(through.status == 0, "\(through.stdout)\(through.stderr)")
        #expect(proxy.targets.contains(registry.host), "the registry was not reached through the proxy: \(proxy.targets)")
        #expect(proxy.targets.contains(registry.tokenHost ?? "-"), "the token server was not reached through the proxy: \(proxy.targets)")

        let seen = proxy.targets.count
        let bypassed = try CommandRunner.vouch(
            ["image", "pull", "\(registry.host)/app:1", "--output", output.path + "/b"] + Self.tls(registry),
            environment: ["https_proxy": "http://127.0.0.1:\(proxy.port)", "NO_PROXY": "localhost,127.0.0.1"])
        #expect(bypassed.status == 0, "\(bypassed.stdout)\(bypassed.stderr)")
        #expect(proxy.targets.count == seen, "NO_PROXY was not honoured: \(proxy.targets)")

        // A proxy that is not there: the request fails (exit 2) naming the proxy, rather than going direct.
        let closed = try RegistryServer.freeLoopbackPort()
        let failed = try CommandRunner.vouch(
            ["image", "verify", "\(registry.host)/app:1"] + Self.tls(registry), environment: ["HTTPS_PROXY": "127.0.0.1:\(closed)", "NO_PROXY": ""])
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("HTTPS_PROXY"), "\(failed.stderr)")
    }

    @Test("an identitytoken in Docker's config.json is exchanged with the OAuth2 POST (grant_type=refresh_token, scopes space-separated); an unknown one is exit 2")
    func identityTokenExchange() throws {
        let registry = try Self.start()
        defer { registry.stop() }
        try registry.setTokenControl(String(Self.control.dropLast()) + #", "refresh_tokens": {"rt-ci": "ci"}}"#)
        let before = Self.tokens(registry).count
        let config = try TemporaryDirectory()
        try config.write("config.json", #"{"auths": {"\#(registry.host)": {"identitytoken": "rt-ci"}}}"#)
        let pushed = try CommandRunner.vouch(
            ["image", "push", ImageFixtures.path("oci-layout"), "\(registry.host)/mirror:oauth"] + Self.tls(registry),
            environment: ["DOCKER_CONFIG": config.path, "VOUCH_NO_BLOB_CACHE": "1"])
        #expect(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)")
        let during = Self.tokens(registry).dropFirst(before)
        let exchanged = during.filter { $0["grant"] as? String == "refresh_token" }
        #expect(!exchanged.isEmpty, "no token came from the OAuth2 exchange")
        #expect(exchanged.allSatisfy { $0["user"] as? String == "ci" && $0["client_id"] as? String == "vouch" && $0["service"] as? String == RegistryServer.tokenService })
        #expect(exchanged.contains { ($0["granted"] as? [String])?.contains("mirror:pull,push") == true }, "\(exchanged)")
        #expect(during.allSatisfy { $0["grant"] as? String == "refresh_token" }, "a token was fetched another way: \(Array(during))")

        try config.write("config.json", #"{"auths": {"\#(registry.host)": {"identitytoken": "rt-unknown"}}}"#)
        let refused = try CommandRunner.vouch(
            ["image", "push", ImageFixtures.path("oci-layout"), "\(registry.host)/mirror:refused"] + Self.tls(registry),
            environment: ["DOCKER_CONFIG": config.path, "VOUCH_NO_BLOB_CACHE": "1"])
        #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("unknown refresh token"), "\(refused.stderr)")
    }
}

@Suite("registry: proxy environment")
struct RegistryProxySettingsTests {
    @Test("HTTPS_PROXY for https, HTTP_PROXY for http, lowercase first; NO_PROXY hosts, domains, ports and *")
    func proxyRules() throws {
        let settings = RegistryProxySettings(environment: [
            "HTTPS_PROXY": "http://upper:1", "https_proxy": "http://user:p%40ss@proxy.corp:3128", "HTTP_PROXY": "plain.corp",
            "NO_PROXY": "localhost, .internal.example, example.org, 10.0.0.1:5000",
        ])
        let https = try #require(settings.proxy(for: URL(string: "https://ghcr.io/v2/")!))
        #expect(https == RegistryProxySettings.Server(host: "proxy.corp", port: 3128, username: "user", password: "p@ss"))
        #expect(settings.proxy(for: URL(string: "http://registry.local:5000/v2/")!)?.host == "plain.corp")
        #expect(settings.proxy(for: URL(string: "http://registry.local:5000/v2/")!)?.port == 80)
        #expect(settings.proxy(for: URL(string: "https://localhost:5000/v2/")!) == nil)
        #expect(settings.proxy(for: URL(string: "https://registry.internal.example/v2/")!) == nil)
        #expect(settings.proxy(for: URL(string: "https://example.org/v2/")!) == nil)
        #expect(settings.proxy(for: URL(string: "https://cdn.example.org/v2/")!) == nil)
        #expect(settings.proxy(for: URL(string: "https://notexample.org/v2/")!) != nil)
        #expect(settings.proxy(for: URL(string: "http://10.0.0.1:5000/v2/")!) == nil)
        #expect(settings.proxy(for: URL(string: "http://10.0.0.1:5001/v2/")!) != nil)
        #expect(RegistryProxySettings(environment: ["HTTPS_PROXY": "http://p:1", "NO_PROXY": "*"]).proxy(for: URL(string: "https://ghcr.io")!) == nil)
        #expect(RegistryProxySettings(environment: [:]).proxy(for: URL(string: "https://ghcr.io")!) == nil)
    }
}
