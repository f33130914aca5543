import Foundation
public import VouchCore
import VouchFiles

/// What Vouch logs in to a registry with.
public enum RegistryCredential: Hashable, Sendable {
    /// A user name and password (or personal access token): Basic auth, or the token server's Basic login.
    case basic(username: String, password: String)
    /// An OAuth2 refresh token (`identitytoken` in Docker's config, `<token>` from a credential helper),
    /// exchanged at the token server with `grant_type=refresh_token`.
    case identityToken(String)
}

extension RegistryCredential {
    /// `--registry-password-stdin`: the password (or token) read from `path` (standard input), within
    /// `maxRegistryAuthFileBytes`, its final line break dropped.
    public static func basic(username: String, passwordFrom path: String) throws(VouchError) -> RegistryCredential {
        let bytes = try BoundedFileReader.read(path, limit: 1 << 20, limitName: "maxRegistryAuthFileBytes", what: "password size")
        return .basic(username: username, password: String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .newlines))
    }
}

/// Finds the credential for a registry host, in this order (the first that has one wins):
///
/// 1. `--registry-username` and `--registry-password-stdin` (cosign's flags), for every registry;
/// 2. containers' `auth.json` named by `REGISTRY_AUTH_FILE` (podman, skopeo, buildah);
/// 3. Docker's `config.json` in `DOCKER_CONFIG` (default `~/.docker`): `credHelpers[host]`, then
///    `credsStore`, both run as `docker-credential-NAME get` with the host on standard input, then
///    `auths[host]` with `auth` (base64 `user:password`) or `identitytoken`;
/// 4. containers' default `auth.json` (`$XDG_RUNTIME_DIR/containers/auth.json`).
///
/// Docker Hub's entry is looked up under `https://index.docker.io/v1/` as docker writes it; other keys may
/// carry a scheme or a path (`https://ghcr.io`, `ghcr.io/v2/`), which are ignored when matching.
public struct CredentialStore: Sendable {
    public var explicit: RegistryCredential?
    public var environment: [String: String]

    public init(explicit: RegistryCredential? = nil, environment: [String: String]? = nil) {
        self.explicit = explicit
        self.environment = environment ?? ProcessInfo.processInfo.environment
    }

    /// The credential for `registry` (as named in the reference, e.g. `docker.io`, `ghcr.io`, `127.0.0.1:5000`),
    /// or nil (anonymous).
    public func credential(for registry: String) throws(VouchError) -> RegistryCredential? {
        if let explicit { return explicit }
        if let file = environment["REGISTRY_AUTH_FILE"], !file.isEmpty, let found = try fromAuthFile(file, registry: registry, helpers: false) {
            return found
        }
        let dockerDirectory = environment["DOCKER_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? (environment["HOME"].map { $0 + "/.docker" } ?? "")
        if !dockerDirectory.isEmpty, let found = try fromAuthFile(dockerDirectory + "/config.json", registry: registry, helpers: true) {
            return found
        }
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty,
           let found = try fromAuthFile(runtime + "/containers/auth.json", registry: registry, helpers: false) {
            return found
        }
        return nil
    }

    /// The keys a registry's entry may be stored under.
    static func matches(_ key: String, registry: String) -> Bool {
        var host = Substring(key)
        for scheme in ["https://", "http://"] where host.hasPrefix(scheme) { host = host.dropFirst(scheme.count) }
        if let slash = host.firstIndex(of: "/") { host = host[..<slash] }
        if registry == "docker.io" { return ["docker.io", "index.docker.io", "registry-1.docker.io"].contains(host) }
        return host == registry
    }

    private struct AuthFile: Decodable {
        struct Entry: Decodable {
            var auth: String?
            var identitytoken: String?
            var username: String?
            var password: String?
        }
        var auths: [String: Entry]?
        var credHelpers: [String: String]?
        var credsStore: String?
    }

    private func fromAuthFile(_ path: String, registry: String, helpers: Bool) throws(VouchError) -> RegistryCredential? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let bytes = try BoundedFileReader.read(path, limit: 1 << 20, limitName: "maxRegistryAuthFileBytes", what: "credentials file size")
        let file = try JSONValue.decode(AuthFile.self, from: bytes, path: path, limits: JSONLimits(maxBytes: 1 << 20, maxBytesName: "maxRegistryAuthFileBytes", maxJSONDepth: 16))
        if helpers {
            let helperKey = registry == "docker.io" ? ["docker.io", "index.docker.io", "https://index.docker.io/v1/"] : [registry]
            if let helper = helperKey.compactMap({ file.credHelpers?[$0] }).first ?? file.credHelpers?.first(where: { Self.matches($0.key, registry: registry) })?.value {
                return try CredentialHelper(name: helper, environment: environment).get(serverURL: Self.helperServerURL(registry))
            }
        }
        let entry = file.auths?.first { $0.key == (registry == "docker.io" ? "https://index.docker.io/v1/" : registry) }?.value
            ?? file.auths?.first { Self.matches($0.key, registry: registry) }?.value
        if let entry {
            if let token = entry.identitytoken, !token.isEmpty { return .identityToken(token) }
            if let auth = entry.auth, !auth.isEmpty {
                guard let decoded = Base64.decode(auth), let text = String(bytes: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":") else {
                    throw VouchError(.malformedInput, "auths[\"\(registry)\"].auth is not base64 of 'user:password'", path: path)
                }
                return .basic(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
            }
            if let username = entry.username, let password = entry.password { return .basic(username: username, password: password) }
        }
        if helpers, let store = file.credsStore, !store.isEmpty {
            return try CredentialHelper(name: store, environment: environment).get(serverURL: Self.helperServerURL(registry))
        }
        return nil
    }

    static func helperServerURL(_ registry: String) -> String {
        registry == "docker.io" ? "https://index.docker.io/v1/" : registry
    }
}

/// A Docker credential helper, `docker-credential-NAME` on the PATH (docker-credential-helpers' protocol:
/// `get` reads the server URL on standard input and writes `{"Username": ..., "Secret": ...}`).
struct CredentialHelper {
    var name: String
    var environment: [String: String]

    func get(serverURL: String) throws(VouchError) -> RegistryCredential? {
        let program = "docker-credential-" + name
        guard let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map({ "\($0)/\(program)" })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw VouchError(.fileNotFound, "credential helper '\(program)' is not on the PATH (named by the Docker config)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["get"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
            try input.fileHandleForWriting.write(contentsOf: Data(serverURL.utf8))
            try input.fileHandleForWriting.close()
        } catch {
            throw VouchError(.ioFailure, "could not run \(program): \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if process.terminationStatus != 0 {
            // docker-credential-helpers' "not found" message: no credential for this server, not an error.
            if text.contains("credentials not found") || message.contains("credentials not found") { return nil }
            throw VouchError(.ioFailure, "\(program) get failed (exit \(process.terminationStatus)): \((message.isEmpty ? text : message).prefix(300))")
        }
        struct Reply: Decodable {
            var Username: String?
            var Secret: String
        }
        let reply = try JSONValue.decode(Reply.self, from: Array(data), path: program, limits: JSONLimits(maxBytes: 1 << 20, maxBytesName: "maxRegistryAuthFileBytes", maxJSONDepth: 8))
        if reply.Username == "<token>" { return .identityToken(reply.Secret) }
        return .basic(username: reply.Username ?? "", password: reply.Secret)
    }
}
