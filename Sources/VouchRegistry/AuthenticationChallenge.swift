/// A `WWW-Authenticate` challenge (RFC 7235 section 4.1) as registries send them: `Basic realm="..."`, or
/// `Bearer realm="...",service="...",scope="..."` (distribution's token.md, "How to authenticate").
public struct AuthenticationChallenge: Hashable, Sendable {
    /// `basic` or `bearer`, lowercased.
    public var scheme: String
    /// The auth-params, names lowercased.
    public var parameters: [String: String]

    public var realm: String? { parameters["realm"] }
    public var service: String? { parameters["service"] }
    /// The scopes asked for: the `scope` parameter may hold several, separated by spaces.
    public var scopes: [String] { (parameters["scope"] ?? "").split(separator: " ").map(String.init) }
    /// `invalid_token` or `insufficient_scope` (RFC 6750 section 3.1) when the registry says why.
    public var error: String? { parameters["error"] }

    /// Parses one header value; nil when it has no scheme.
    public init?(header: String) {
        var scanner = Substring(header).drop { $0 == " " }
        let scheme = scanner.prefix { $0 != " " && $0 != "," }
        guard !scheme.isEmpty else { return nil }
        self.scheme = scheme.lowercased()
        scanner = scanner.dropFirst(scheme.count)
        var parameters: [String: String] = [:]
        while true {
            scanner = scanner.drop { $0 == " " || $0 == "," }
            guard !scanner.isEmpty else { break }
            let name = scanner.prefix { $0 != "=" && $0 != "," && $0 != " " }
            scanner = scanner.dropFirst(name.count).drop { $0 == " " }
            guard scanner.first == "=" else { continue }
            scanner = scanner.dropFirst().drop { $0 == " " }
            var value = ""
            if scanner.first == "\"" {
                scanner = scanner.dropFirst()
                var escaped = false
                while let character = scanner.first {
                    scanner = scanner.dropFirst()
                    if escaped {
                        value.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        value.append(character)
                    }
                }
            } else {
                value = String(scanner.prefix { $0 != "," && $0 != " " })
                scanner = scanner.dropFirst(value.count)
            }
            parameters[name.lowercased()] = value
        }
        self.parameters = parameters
    }
}
