public import Foundation

/// The proxy settings of the environment, as curl and Go's `net/http` read them: `HTTPS_PROXY` for `https://`
/// URLs and `HTTP_PROXY` for `http://` URLs (either spelling of the case; the lowercase one wins, as in curl),
/// and `NO_PROXY`, a comma-separated list of hosts that are reached directly: `*` (every host), a host or IP
/// address (`registry.local`, `127.0.0.1`), a domain whose subdomains match too (`example.com` and
/// `.example.com` both match `ghcr.example.com`), each optionally with `:PORT`.
public struct RegistryProxySettings: Sendable, Hashable {
    /// A proxy server: `http://[user:password@]host[:port]` (port 80 by default, 443 for an `https://` proxy URL).
    public struct Server: Sendable, Hashable {
        public var host: String
        public var port: Int
        public var username: String?
        public var password: String?

        public init(host: String, port: Int, username: String? = nil, password: String? = nil) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
        }
    }

    public var https: Server?
    public var http: Server?
    public var noProxy: [String]

    /// The settings `environment` (the process's own unless given) asks for.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        func value(_ name: String) -> String? {
            (environment[name.lowercased()] ?? environment[name]).flatMap { $0.isEmpty ? nil : $0 }
        }
        https = value("HTTPS_PROXY").flatMap(Self.server)
        http = value("HTTP_PROXY").flatMap(Self.server)
        noProxy = (value("NO_PROXY") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    /// `host:port`, `http://host:port` or `http://user:password@host:port`; nil when it names no host.
    static func server(_ text: String) -> Server? {
        let withScheme = text.contains("://") ? text : "http://" + text
        guard let components = URLComponents(string: withScheme), let host = components.host, !host.isEmpty else { return nil }
        let port = components.port ?? (components.scheme?.lowercased() == "https" ? 443 : 80)
        return Server(host: host, port: port, username: components.user?.removingPercentEncoding, password: components.password?.removingPercentEncoding)
    }

    /// The proxy for a request to `url`, or nil to connect directly.
    public func proxy(for url: URL) -> Server? {
        let scheme = url.scheme?.lowercased()
        guard let server = scheme == "https" ? https : scheme == "http" ? http : nil, let host = url.host?.lowercased() else { return nil }
        let port = url.port ?? (scheme == "http" ? 80 : 443)
        return bypasses(host: host, port: port) ? nil : server
    }

    /// Whether `NO_PROXY` lists the host (or a domain it is in), with no port or the same port.
    func bypasses(host: String, port: Int) -> Bool {
        let host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        for entry in noProxy {
            if entry == "*" { return true }
            var name = entry
            var entryPort: Int?
            if let colon = entry.lastIndex(of: ":"), !entry.hasPrefix("["), entry.firstIndex(of: ":") == colon, let number = Int(entry[entry.index(after: colon)...]) {
                name = String(entry[..<colon])
                entryPort = number
            }
            if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
            if let entryPort, entryPort != port { continue }
            let domain = name.hasPrefix(".") ? String(name.dropFirst()) : name
            if host == domain || host.hasSuffix("." + domain) { return true }
        }
        return false
    }
}
