import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's `docker-registry` (distribution 2.8), started for a test on a free loopback port with a config
/// this harness writes (storage in a temporary directory), and stopped by its PID when ``stop()`` is
/// called or the value is released.
///
/// Setups: ``Setup/plainHTTP``, ``Setup/tlsBasicAuth`` (a CA and a server certificate for 127.0.0.1
/// made with openssl, an htpasswd file with a bcrypt entry made with `htpasswd -B`), and
/// ``Setup/tlsTokenAuth(control:)``: TLS plus distribution's token auth (`auth: token:` with a realm, issuer,
/// service and a `rootcertbundle` holding a signing certificate made with openssl), the tokens issued by
/// `Fixtures/registry/token-server.py` (JWTs signed by that key) on its own loopback TLS port.
///
/// A test that needs it is enabled with `.enabled(if: RegistryServer.shouldRun)`: skipped with the
/// reason when `docker-registry` is missing, and failing loudly under `CI=true` (``start(_:)`` throws).
public final class RegistryServer: @unchecked Sendable {
    public enum Setup: Sendable {
        case plainHTTP
        case tlsBasicAuth(username: String, password: String)
        /// `control`: the token server's control document (JSON text; see the script's docstring).
        case tlsTokenAuth(control: String)
    }

    /// The token service name and issuer the registry is configured with.
    public static let tokenService = "vouch-registry"
    public static let tokenIssuer = "vouch-test-issuer"

    public static let executable = "/usr/bin/docker-registry"

    /// True when a registry test should run: the registry (and openssl, htpasswd) are installed, or this is CI.
    public static var shouldRun: Bool {
        Peers.isCI || (FileManager.default.isExecutableFile(atPath: executable) && Peers.path("openssl") != nil && Peers.path("htpasswd") != nil)
    }

    /// True when a token-auth test should run: ``shouldRun`` and the peers' venv (its Python runs the token
    /// server), or this is CI.
    public static var shouldRunTokenAuth: Bool {
        Peers.isCI || (shouldRun && FileManager.default.isExecutableFile(atPath: Peers.venvBin.appendingPathComponent("python").path))
    }

    /// `127.0.0.1:PORT`.
    public let host: String
    public let port: Int
    /// Where the config, certificates and storage are.
    public let directory: TemporaryDirectory
    /// The CA certificate that signed the server's certificate (TLS setups only).
    public let caCertificatePath: String?
    public let usesTLS: Bool
    private let process: Process
    private let logPath: String
    /// The token server (``Setup/tlsTokenAuth(control:)`` only).
    private var tokenProcess: Process?
    /// `127.0.0.1:PORT` of the token server.
    public private(set) var tokenHost: String?

    /// `http://HOST` or `https://HOST`.
    public var baseURL: String { (usesTLS ? "https://" : "http://") + host }

    /// Starts a registry and waits until it accepts connections on its port (at most 15 s).
    public init(_ setup: Setup) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw Peers.MissingPeer(tool: "docker-registry (apt-get install docker-registry)")
        }
        directory = try TemporaryDirectory("vouch-registry")
        let root = directory.path
        port = try Self.freeLoopbackPort()
        host = "127.0.0.1:\(port)"
        var config = """
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: \(root)/storage
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:\(port)
            """
        switch setup {
        case .plainHTTP:
            caCertificatePath = nil
            usesTLS = false
        case .tlsBasicAuth(let username, let password):
            try Self.makeCertificates(in: root)
            let htpasswd = try CommandRunner.run(try Peers.require("htpasswd"), ["-Bbn", username, password])
            guard htpasswd.status == 0 else { throw HarnessError("htpasswd failed: \(htpasswd.stderr)") }
            try directory.write("htpasswd", htpasswd.stdout)
            config += """

                  tls:
                    certificate: \(root)/server.pem
                    key: \(root)/server.key
                auth:
                  htpasswd:
                    realm: vouch-test
                    path: \(root)/htpasswd
                """
            caCertificatePath = root + "/ca.pem"
            usesTLS = true
        case .tlsTokenAuth(let control):
            try Self.makeCertificates(in: root)
            let signing = try CommandRunner.shell("""
                cd '\(root)' && '\(try Peers.require("openssl"))' req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
                  -keyout token.key -out token.pem -subj /CN=vouch-test-token-issuer -days 1 2>&1
                """)
            guard signing.status == 0 else { throw HarnessError("openssl could not make the token signing key: \(signing.stdout)") }
            let tokenPort = try Self.freeLoopbackPort()
            try directory.write("token-control.json", control)
            try directory.write("token-events.jsonl", "")
            // The peers' venv has `cryptography` (pinned in scripts/peer-requirements.txt) for the ES256 signatures.
            let python = Peers.venvBin.appendingPathComponent("python").path
            guard FileManager.default.isExecutableFile(atPath: python) else { throw Peers.MissingPeer(tool: "\(python) (make setup)") }
            let token = Process()
            token.executableURL = URL(fileURLWithPath: python)
            token.arguments = [
                Fixtures.path("registry/token-server.py"), "\(tokenPort)", root + "/server.pem", root + "/server.key",
                root + "/token.pem", root + "/token.key", Self.tokenIssuer, Self.tokenService, root + "/token-control.json",
                root + "/token-events.jsonl",
            ]
            token.standardInput = FileHandle.nullDevice
            token.standardOutput = FileHandle.nullDevice
            try token.run()
            tokenProcess = token
            tokenHost = "127.0.0.1:\(tokenPort)"
            config += """

                  tls:
                    certificate: \(root)/server.pem
                    key: \(root)/server.key
                auth:
                  token:
                    realm: https://127.0.0.1:\(tokenPort)/token
                    service: \(Self.tokenService)
                    issuer: \(Self.tokenIssuer)
                    rootcertbundle: \(root)/token.pem
                """
            caCertificatePath = root + "/ca.pem"
            usesTLS = true
            for _ in 0..<100 where !Self.canConnect(port: tokenPort) {
                guard token.isRunning else { throw HarnessError("token-server.py exited") }
                usleep(100_000)
            }
        }
        let configPath = try directory.write("config.yml", config + "\n")
        logPath = root + "/registry.log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["serve", configPath]
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try waitUntilListening()
    }

    deinit { stop() }

    /// Stops the registry by its PID (SIGTERM, then SIGKILL after 5 s) and waits for it, and the token
    /// server (SIGKILL) if there is one.
    public func stop() {
        if let tokenProcess, tokenProcess.isRunning {
            kill(tokenProcess.processIdentifier, SIGKILL)
            tokenProcess.waitUntilExit()
        }
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        kill(pid, SIGTERM)
        for _ in 0..<50 where process.isRunning { usleep(100_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    /// Replaces the token server's control document (read on every token request).
    public func setTokenControl(_ control: String) throws {
        try directory.write("token-control.json", control)
    }

    /// The token server's events so far (one per token request), oldest first.
    public var tokenEvents: [[String: Any]] {
        let text = (try? String(contentsOfFile: directory.path + "/token-events.jsonl", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// What the registry logged (for failure messages).
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    private func waitUntilListening() throws {
        for _ in 0..<150 {
            guard process.isRunning else { throw HarnessError("docker-registry exited: \(log)") }
            if Self.canConnect(port: port) { return }
            usleep(100_000)
        }
        stop()
        throw HarnessError("docker-registry did not listen on \(host) within 15 s: \(log)")
    }

    /// A port the kernel picks on 127.0.0.1 (bound, read back, released).
    public static func freeLoopbackPort() throws -> Int {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw HarnessError("socket failed") }
        defer { close(socketDescriptor) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw HarnessError("bind failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(port: Int) -> Bool {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { return false }
        defer { close(socketDescriptor) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// A CA and a server certificate for 127.0.0.1 and localhost, P-256, valid one day.
    static func makeCertificates(in root: String) throws {
        let openssl = try Peers.require("openssl")
        let script = """
            cd '\(root)'
            '\(openssl)' req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem \
              -subj /CN=vouch-test-ca -days 1 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
            '\(openssl)' req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nbasicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n' > server.ext
            '\(openssl)' x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 -extfile server.ext 2>/dev/null
            """
        let result = try CommandRunner.shell(script)
        guard result.status == 0 else { throw HarnessError("openssl could not make the test certificates: \(result.stderr)") }
    }

    public struct HarnessError: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }
}

/// `Fixtures/registry/fault-proxy.py` in front of a plain-HTTP ``RegistryServer``: Bearer token auth with its
/// own token server, and faults read from ``control`` before every request (see the script's docstring).
/// Listens on two loopback ports (the second is the "other host" of cross-host redirects); stopped by PID.
public final class RegistryProxy: @unchecked Sendable {
    public let port: Int
    public let redirectPort: Int
    public var host: String { "127.0.0.1:\(port)" }
    private let directory: TemporaryDirectory
    private let process: Process

    /// Starts the proxy for `upstream` with the control document `control` (JSON text).
    public init(upstream: RegistryServer, control: String) throws {
        directory = try TemporaryDirectory("vouch-proxy")
        port = try RegistryServer.freeLoopbackPort()
        redirectPort = try RegistryServer.freeLoopbackPort()
        try directory.write("control.json", control)
        try directory.write("events.jsonl", "")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Fixtures.path("registry/fault-proxy.py"), "\(upstream.port)", "\(port)", "\(redirectPort)",
            directory.path + "/control.json", directory.path + "/events.jsonl",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if RegistryServer.canConnect(port: port), RegistryServer.canConnect(port: redirectPort) { return }
            guard process.isRunning else { throw RegistryServer.HarnessError("fault-proxy.py exited") }
            usleep(100_000)
        }
        stop()
        throw RegistryServer.HarnessError("fault-proxy.py did not listen within 10 s")
    }

    deinit { stop() }

    /// Replaces the control document (faults are counted afresh by the proxy per document entry).
    public func setControl(_ control: String) throws {
        try directory.write("control.json", control)
    }

    /// The events logged so far, one JSON object each.
    public var events: [[String: Any]] {
        let text = (try? String(contentsOfFile: directory.path + "/events.jsonl", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Stops the proxy by its PID (SIGKILL: it holds nothing worth a clean shutdown) and waits for it.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// `Fixtures/registry/connect-proxy.py`: a CONNECT proxy on a free loopback port that logs each tunnel's
/// target (the proxy `HTTPS_PROXY` names in a test); stopped by PID.
public final class ConnectProxy: @unchecked Sendable {
    public let port: Int
    private let directory: TemporaryDirectory
    private let process: Process

    public init() throws {
        directory = try TemporaryDirectory("vouch-connect-proxy")
        port = try RegistryServer.freeLoopbackPort()
        try directory.write("events.jsonl", "")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.path("registry/connect-proxy.py"), "\(port)", directory.path + "/events.jsonl"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if RegistryServer.canConnect(port: port) { return }
            guard process.isRunning else { throw RegistryServer.HarnessError("connect-proxy.py exited") }
            usleep(100_000)
        }
        stop()
        throw RegistryServer.HarnessError("connect-proxy.py did not listen within 10 s")
    }

    deinit { stop() }

    /// The tunnels opened so far: each target `HOST:PORT`.
    public var targets: [String] {
        let text = (try? String(contentsOfFile: directory.path + "/events.jsonl", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["target"] as? String
        }
    }

    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
