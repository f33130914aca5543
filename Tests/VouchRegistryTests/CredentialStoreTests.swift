import Foundation
import Testing
import VouchCore
import VouchTestSupport
@testable import VouchRegistry

@Suite("registry credentials: flags, Docker config, containers auth.json, credential helpers")
struct CredentialStoreTests {
    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    @Test("explicit flags win over every file")
    func explicitWins() throws {
        let directory = try TemporaryDirectory()
        try directory.write("config.json", #"{"auths":{"ghcr.io":{"auth":"\#(Self.base64("file:secret"))"}}}"#)
        let store = CredentialStore(explicit: .basic(username: "flag", password: "p"), environment: ["DOCKER_CONFIG": directory.path])
        #expect(try store.credential(for: "ghcr.io") == .basic(username: "flag", password: "p"))
    }

    @Test("Docker config.json: auth, identitytoken, and Docker Hub's key")
    func dockerConfig() throws {
        let directory = try TemporaryDirectory()
        try directory.write("config.json", """
            {"auths": {
              "https://index.docker.io/v1/": {"auth": "\(Self.base64("hub:hubpass"))"},
              "https://ghcr.io": {"auth": "\(Self.base64("octo:ghp_x:with:colons"))"},
              "registry.example:5000": {"identitytoken": "refresh-me"}
            }}
            """)
        let store = CredentialStore(environment: ["DOCKER_CONFIG": directory.path])
        #expect(try store.credential(for: "docker.io") == .basic(username: "hub", password: "hubpass"))
        #expect(try store.credential(for: "ghcr.io") == .basic(username: "octo", password: "ghp_x:with:colons"))
        #expect(try store.credential(for: "registry.example:5000") == .identityToken("refresh-me"))
        #expect(try store.credential(for: "quay.io") == nil)
    }

    @Test("REGISTRY_AUTH_FILE (containers auth.json) comes before Docker's config")
    func containersAuthFile() throws {
        let directory = try TemporaryDirectory()
        let authFile = try directory.write("auth.json", #"{"auths":{"quay.io":{"auth":"\#(Self.base64("podman:pw"))"}}}"#)
        try directory.write("docker/config.json", #"{"auths":{"quay.io":{"auth":"\#(Self.base64("docker:pw"))"}}}"#)
        let store = CredentialStore(environment: ["REGISTRY_AUTH_FILE": authFile, "DOCKER_CONFIG": directory.path + "/docker"])
        #expect(try store.credential(for: "quay.io") == .basic(username: "podman", password: "pw"))
    }

    @Test("credHelpers and credsStore run docker-credential-NAME get with the host on standard input")
    func credentialHelpers() throws {
        let directory = try TemporaryDirectory()
        // A helper that answers for one host and records what it was asked.
        let helper = try directory.write("bin/docker-credential-fake", """
            #!/bin/sh
            read server
            echo "$1 $server" >> "\(directory.path)/asked"
            case "$server" in
              ghcr.io) echo '{"ServerURL":"ghcr.io","Username":"helper-user","Secret":"helper-secret"}' ;;
              token.example) echo '{"ServerURL":"token.example","Username":"<token>","Secret":"refresh"}' ;;
              *) echo "credentials not found in native keychain"; exit 1 ;;
            esac
            """)
        chmod(helper, 0o755)
        try directory.write("config.json", #"{"credHelpers":{"ghcr.io":"fake"},"credsStore":"fake"}"#)
        let store = CredentialStore(environment: ["DOCKER_CONFIG": directory.path, "PATH": directory.path + "/bin:/usr/bin:/bin"])
        #expect(try store.credential(for: "ghcr.io") == .basic(username: "helper-user", password: "helper-secret"))
        #expect(try store.credential(for: "token.example") == .identityToken("refresh"))
        #expect(try store.credential(for: "other.example") == nil)
        let asked = try String(contentsOfFile: directory.path + "/asked", encoding: .utf8)
        #expect(asked == "get ghcr.io\nget token.example\nget other.example\n")
    }

    @Test("a missing credential helper is an error naming it")
    func missingHelper() throws {
        let directory = try TemporaryDirectory()
        try directory.write("config.json", #"{"credsStore":"nonexistent-helper"}"#)
        let store = CredentialStore(environment: ["DOCKER_CONFIG": directory.path, "PATH": directory.path])
        let error = #expect(throws: VouchError.self) { try store.credential(for: "ghcr.io") }
        #expect(error?.reason.contains("docker-credential-nonexistent-helper") == true)
    }

    @Test("a credentials file over maxRegistryAuthFileBytes is refused naming the limit")
    func authFileLimit() throws {
        let directory = try TemporaryDirectory()
        try directory.write("config.json", "{\"auths\":{}," + String(repeating: " ", count: 1 << 20) + "}")
        let store = CredentialStore(environment: ["DOCKER_CONFIG": directory.path])
        let error = #expect(throws: VouchError.self) { try store.credential(for: "ghcr.io") }
        #expect(error?.limit?.name == "maxRegistryAuthFileBytes")
    }
}
