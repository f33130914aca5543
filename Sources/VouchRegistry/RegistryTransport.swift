import AsyncHTTPClient
import Foundation
import VouchCore

/// HTTP to one registry, with distribution's authentication (token.md) and the transfer rules of issue 13:
///
/// - `GET /v2/` first; a 401's `WWW-Authenticate` says Basic (credentials sent on every request) or Bearer
///   (a token fetched from `realm` with `service` and one `scope=` parameter per scope, anonymous when
///   there is no credential, cached per scope set until `expires_in` (default 60 s) runs out, fetched
///   again on `invalid_token`);
/// - redirects are followed by hand (at most 5) and `Authorization` is never sent to another host;
/// - idempotent requests are retried on 429, 5xx and dropped connections, with exponential backoff or the
///   `Retry-After` seconds, within ``RegistryOptions/maxRetries`` and ``RegistryOptions/maxRetryDelay``;
/// - a blob download cut off mid-body is resumed with `Range: bytes=N-` (distribution-spec v1.1.1, "Pulling
///   blobs"; a registry that answers 200 instead of 206 has the first N bytes skipped), within the same retries;
/// - a response that sends nothing for ``RegistryOptions/readTimeout`` seconds is abandoned (and retried when
///   idempotent), so a hanging registry costs a bounded time;
/// - `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` are honoured per request (``RegistryProxySettings``).
final class RegistryTransport: Sendable {
    enum Method: String, Sendable { case GET, HEAD, POST, PUT, PATCH, DELETE }

    /// A request body: bytes in memory, or a file range sent without reading it all (memory-mapped).
    enum Body: Sendable {
        case bytes([UInt8])
        case file(Data)
        var count: Int {
            switch self {
            case .bytes(let bytes): bytes.count
            case .file(let data): data.count
            }
        }
    }

    struct Response: Sendable {
        var status: UInt
        var headers: [(String, String)]
        var url: String
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    let registry: String
    let options: RegistryOptions
    /// The client for direct connections, and one per proxy of the environment.
    private let direct: HTTPClient
    private let proxied: [RegistryProxySettings.Server: HTTPClient]
    private let proxies: RegistryProxySettings
    private let state = RegistryAuthState()

    init(registry: String, options: RegistryOptions) {
        self.registry = registry
        self.options = options
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        // Failed connections fail at once and are retried by ``send`` (bounded, with backoff): the pool's own
        // retries would wait out the connect timeout, e.g. for TLS to a registry that speaks plain HTTP.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .seconds(15), read: .seconds(options.readTimeout))
        configuration.tlsConfiguration = .makeClientConfiguration()
        if let file = options.sslCertFile { configuration.tlsConfiguration?.trustRoots = .file(file) }
        if let file = options.caCertificateFile { configuration.tlsConfiguration?.additionalTrustRoots = [.file(file)] }
        if options.allowInsecure { configuration.tlsConfiguration?.certificateVerification = .none }
        direct = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        proxies = options.proxySettings
        var proxied: [RegistryProxySettings.Server: HTTPClient] = [:]
        for server in Set([proxies.https, proxies.http].compactMap { $0 }) {
            var through = configuration
            let authorization = server.username.map { HTTPClient.Authorization.basic(username: $0, password: server.password ?? "") }
            through.proxy = .server(host: server.host, port: server.port, authorization: authorization)
            proxied[server] = HTTPClient(eventLoopGroupProvider: .singleton, configuration: through)
        }
        self.proxied = proxied
    }

    func shutdown() async {
        try? await direct.shutdown()
        for client in proxied.values { try? await client.shutdown() }
    }

    /// The client that reaches `url`: through the environment's proxy unless `NO_PROXY` lists its host.
    private func client(for url: String) -> HTTPClient {
        guard let target = URL(string: url), let server = proxies.proxy(for: target), let client = proxied[server] else { return direct }
        return client
    }

    /// `https://HOST` (or `http://HOST` once ``ping()`` fell back to plain HTTP).
    func baseURL() async -> String { (await state.plainHTTP ? "http://" : "https://") + registry }

    // MARK: Ping and authentication

    /// `GET /v2/`: learns how the registry authenticates. With ``RegistryOptions/allowHTTP``, a registry
    /// that does not speak TLS is then talked to over plain HTTP.
    func ping() async throws(VouchError) {
        do throws(VouchError) {
            // With plain HTTP allowed, a TLS failure is not retried: it means the registry speaks HTTP.
            try await pingOnce(retry: !options.allowHTTP)
        } catch {
            guard options.allowHTTP, error.code == .networkFailure, !(await state.plainHTTP) else {
                guard error.code == .networkFailure, error.reason.contains("handshake") else { throw error }
                throw VouchError(
                    .networkFailure,
                    error.reason + " (a private CA: --registry-cacert FILE; a registry without TLS: --allow-http-registry)")
            }
            await state.usePlainHTTP()
            try await pingOnce(retry: true)
        }
    }

    private func pingOnce(retry: Bool) async throws(VouchError) {
        let response = try await send(.GET, url: await baseURL() + "/v2/", scopes: [], retry: retry, authenticate: false)
        if response.0.status == 401, let challenge = Self.challenge(response.0) {
            await state.learn(challenge)
        } else if response.0.status >= 400, response.0.status != 404 {
            throw RegistryErrorResponse.error(status: response.0.status, body: response.1, subject: registry)
        }
    }

    static func challenge(_ response: Response) -> AuthenticationChallenge? {
        response.headers.filter { $0.0.lowercased() == "www-authenticate" }.compactMap { AuthenticationChallenge(header: $0.1) }
            .first { $0.scheme == "bearer" } ??
            response.headers.filter { $0.0.lowercased() == "www-authenticate" }.compactMap { AuthenticationChallenge(header: $0.1) }.first
    }

    /// The `Authorization` value for a request needing `scopes`, fetching a token when needed.
    private func authorizationHeader(scopes: [String], refresh: Bool) async throws(VouchError) -> String? {
        guard let challenge = await state.challenge else { return nil }
        switch challenge.scheme {
        case "basic":
            guard case .basic(let username, let password)? = try options.credentials.credential(for: registry) else { return nil }
            return "Basic " + Base64.encode(Array("\(username):\(password)".utf8))
        case "bearer":
            let key = scopes.sorted().joined(separator: " ")
            if !refresh, let token = await state.token(for: key) { return "Bearer " + token }
            let token = try await fetchToken(challenge, scopes: scopes)
            await state.store(token.value, for: key, expiresIn: token.expiresIn)
            return "Bearer " + token.value
        default:
            throw VouchError(.unsupportedInput, "registry \(registry) asks for '\(challenge.scheme)' authentication, which Vouch does not speak (Basic and Bearer are supported)")
        }
    }

    private struct TokenReply: Decodable {
        var token: String?
        var access_token: String?
        var expires_in: Int?
    }

    /// distribution token.md, "Requesting a Token": GET `realm?service=...&scope=...&scope=...`, Basic auth
    /// when there is a credential; an identity token is exchanged with the OAuth2 POST (oauth.md).
    private func fetchToken(_ challenge: AuthenticationChallenge, scopes: [String]) async throws(VouchError) -> (value: String, expiresIn: Int) {
        guard let realm = challenge.realm, var components = URLComponents(string: realm), components.scheme == "https" || components.scheme == "http" else {
            throw VouchError(.malformedInput, "registry \(registry) sent a Bearer challenge without a usable realm")
        }
        let wanted = Array(Set(scopes)).sorted()
        let credential = try options.credentials.credential(for: registry)
        var request: HTTPClientRequest
        if case .identityToken(let refreshToken)? = credential {
            request = HTTPClientRequest(url: realm)
            request.method = .POST
            var form = URLComponents()
            form.queryItems = [
                URLQueryItem(name: "grant_type", value: "refresh_token"), URLQueryItem(name: "refresh_token", value: refreshToken),
                URLQueryItem(name: "client_id", value: "vouch"), URLQueryItem(name: "service", value: challenge.service ?? ""),
                URLQueryItem(name: "scope", value: wanted.joined(separator: " ")),
            ]
            let encoded = (form.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(Array(encoded.utf8))
        } else {
            var items = components.queryItems ?? []
            if let service = challenge.service { items.append(URLQueryItem(name: "service", value: service)) }
            for scope in wanted { items.append(URLQueryItem(name: "scope", value: scope)) }
            components.queryItems = items
            request = HTTPClientRequest(url: components.string ?? realm)
            if case .basic(let username, let password)? = credential {
                request.headers.add(name: "Authorization", value: "Basic " + Base64.encode(Array("\(username):\(password)".utf8)))
            }
        }
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        let (status, body) = try await executeCollecting(request, limit: options.limits.maxRegistryResponseBytes, what: "token response")
        guard status == 200 else {
            let error = RegistryErrorResponse.error(status: status, body: body, subject: registry)
            throw VouchError(status == 401 || status == 403 ? .accessDenied : error.code, "token server \(realm) refused: \(RegistryErrorResponse.summary(body, status: status).text)")
        }
        let reply = try JSONValue.decode(TokenReply.self, from: body, path: "token response from \(realm)",
                                         limits: JSONLimits(maxBytes: Int(options.limits.maxRegistryResponseBytes), maxBytesName: "maxRegistryResponseBytes", maxJSONDepth: 16))
        guard let token = reply.token ?? reply.access_token, !token.isEmpty else {
            throw VouchError(.malformedInput, "token response from \(realm) has no token")
        }
        // token.md: expires_in defaults to 60 seconds when absent.
        return (token, max(reply.expires_in ?? 60, 1))
    }

    // MARK: Requests

    static let userAgent = "vouch/\(VouchVersion.current)"

    /// Sends a request with authentication, redirects and retries, collecting a body of at most `limit` bytes.
    func request(
        _ method: Method, url: String, headers: [(String, String)] = [], body: Body? = nil, scopes: [String],
        limit: Int64, limitName: String = "maxRegistryResponseBytes", what: String
    ) async throws(VouchError) -> (Response, [UInt8]) {
        try await send(
            method, url: url, headers: headers, body: body, scopes: scopes, retry: Self.isIdempotent(method), limit: limit,
            limitName: limitName, what: what)
    }

    /// Sends a GET or HEAD and hands the successful response's body to `consume` chunk by chunk (blobs); an
    /// error status is turned into an error. A body cut off after N bytes is asked for again from byte N
    /// (`Range: bytes=N-`), so `consume` sees every byte once, in order.
    func stream(
        _ method: Method, url: String, headers: [(String, String)] = [], scopes: [String], subject: String,
        consume: @Sendable ([UInt8]) async throws(VouchError) -> Void
    ) async throws(VouchError) -> Response {
        var attempt = 0
        var received: Int64 = 0
        while true {
            var requestHeaders = headers
            if received > 0 { requestHeaders.append(("Range", "bytes=\(received)-")) }
            let response: Response
            let body: HTTPClientResponse.Body
            do throws(VouchError) {
                (response, body) = try await open(method, url: url, headers: requestHeaders, body: nil, scopes: scopes)
            } catch where error.code == .networkFailure && attempt < options.maxRetries {
                attempt += 1
                try await backoff(attempt, retryAfter: nil)
                continue
            }
            if response.status >= 300 {
                let bytes = try await Self.collect(body, limit: options.limits.maxRegistryResponseBytes, what: "error body")
                if Self.isRetryable(response.status), attempt < options.maxRetries {
                    attempt += 1
                    try await backoff(attempt, retryAfter: response.header("Retry-After"))
                    continue
                }
                throw RegistryErrorResponse.error(status: response.status, body: bytes, subject: subject)
            }
            // Where this body starts: a 206 must start where asked; a 200 is the whole blob again.
            var skip: Int64 = 0
            if received > 0 {
                if response.status == 206 {
                    guard let range = response.header("Content-Range"), Self.contentRangeStart(range) == received else {
                        throw VouchError(.malformedInput, "\(subject): the registry answered 'Range: bytes=\(received)-' with Content-Range '\(response.header("Content-Range") ?? "none")'")
                    }
                } else {
                    skip = received
                }
            }
            do {
                for try await chunk in body {
                    var bytes = Array(chunk.readableBytesView)
                    if skip > 0 {
                        let dropped = min(Int64(bytes.count), skip)
                        bytes.removeFirst(Int(dropped))
                        skip -= dropped
                        if bytes.isEmpty { continue }
                    }
                    try await consume(bytes)
                    received += Int64(bytes.count)
                }
                return response
            } catch let error as VouchError {
                throw error
            } catch {
                let failure = VouchError(.networkFailure, "\(subject): the connection failed while receiving (after \(received) bytes): \(error)")
                guard method == .GET, attempt < options.maxRetries else { throw failure }
                attempt += 1
                try await backoff(attempt, retryAfter: nil)
            }
        }
    }

    /// The first byte position of a `Content-Range: bytes START-END/SIZE` header (RFC 9110 section 14.4).
    static func contentRangeStart(_ header: String) -> Int64? {
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.lowercased().hasPrefix("bytes ") else { return nil }
        return Int64(text.dropFirst(6).prefix { $0 != "-" }.trimmingCharacters(in: .whitespaces))
    }

    static func isIdempotent(_ method: Method) -> Bool { method == .GET || method == .HEAD || method == .PUT || method == .DELETE }
    static func isRetryable(_ status: UInt) -> Bool { status == 429 || status == 500 || status == 502 || status == 503 || status == 504 }

    private func send(
        _ method: Method, url: String, headers: [(String, String)] = [], body: Body? = nil, scopes: [String], retry: Bool,
        authenticate: Bool = true, limit: Int64? = nil, limitName: String = "maxRegistryResponseBytes", what: String = "response"
    ) async throws(VouchError) -> (Response, [UInt8]) {
        var attempt = 0
        while true {
            do throws(VouchError) {
                let (response, stream) = try await open(method, url: url, headers: headers, body: body, scopes: scopes, authenticate: authenticate)
                let bytes = try await Self.collect(stream, limit: limit ?? options.limits.maxRegistryResponseBytes, limitName: limitName, what: what)
                if retry, Self.isRetryable(response.status), attempt < options.maxRetries {
                    attempt += 1
                    try await backoff(attempt, retryAfter: response.header("Retry-After"))
                    continue
                }
                return (response, bytes)
            } catch where retry && error.code == .networkFailure && attempt < options.maxRetries {
                attempt += 1
                try await backoff(attempt, retryAfter: nil)
            }
        }
    }

    private func backoff(_ attempt: Int, retryAfter: String?) async throws(VouchError) {
        var delay = min(0.1 * pow(2, Double(attempt - 1)), options.maxRetryDelay)
        if let retryAfter, let seconds = Self.retryAfterSeconds(retryAfter, now: Date()) {
            delay = min(seconds, options.maxRetryDelay)
        }
        do {
            try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
        } catch {
            throw VouchError(.networkFailure, "cancelled")
        }
    }

    /// `Retry-After` (RFC 9110 section 10.2.3): delay-seconds, or an HTTP-date (IMF-fixdate) from which the
    /// seconds until then are taken; nil when it is neither.
    static func retryAfterSeconds(_ value: String, now: Date) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text) { return seconds >= 0 ? seconds : nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// Sends one request, answering a 401 once with credentials or a fresh token, following redirects.
    private func open(
        _ method: Method, url: String, headers: [(String, String)], body: Body?, scopes: [String], authenticate: Bool = true
    ) async throws(VouchError) -> (Response, HTTPClientResponse.Body) {
        var refreshed = false
        var scopes = scopes
        while true {
            let authorization = authenticate ? try await authorizationHeader(scopes: scopes, refresh: false) : nil
            let (response, stream) = try await follow(method, url: url, headers: headers, body: body, authorization: authorization)
            if authenticate, response.status == 401, refreshed, let challenge = Self.challenge(response), challenge.scheme == "bearer" {
                // A fresh token and still refused: the token server did not grant what this request needs.
                let bytes = try await Self.collect(stream, limit: options.limits.maxRegistryResponseBytes, what: "error body")
                let why = challenge.error.map { " (\($0)" + (challenge.scopes.isEmpty ? ")" : " for \(challenge.scopes.joined(separator: " ")))") } ?? ""
                throw VouchError(
                    .accessDenied,
                    "registry \(registry) denied \(method.rawValue) \(Self.path(of: url)): \(RegistryErrorResponse.summary(bytes, status: 401).text)\(why)" + (challenge.error == "insufficient_scope"
                        ? "; the token server granted less than \(scopes.joined(separator: " "))" : "; a freshly fetched token was refused too"))
            }
            guard authenticate, response.status == 401, !refreshed, let challenge = Self.challenge(response) else { return (response, stream) }
            // A first challenge, an expired or insufficient token: learn it and try once more.
            _ = try await Self.collect(stream, limit: options.limits.maxRegistryResponseBytes, what: "error body")
            await state.learn(challenge)
            if challenge.scheme == "bearer" {
                await state.forget(scopes.sorted().joined(separator: " "))
                // The scopes this 401 names are asked for too (one `scope=` parameter each).
                scopes = Array(Set(scopes + challenge.scopes)).sorted()
            } else if try options.credentials.credential(for: registry) == nil {
                throw VouchError(.accessDenied, "registry \(registry) requires authentication (UNAUTHORIZED); log in with 'docker login', or pass --registry-username and --registry-password-stdin")
            }
            refreshed = true
        }
    }

    /// One request and its redirects (at most 5), sending `Authorization` only to the registry's own host.
    private func follow(
        _ method: Method, url: String, headers: [(String, String)], body: Body?, authorization: String?
    ) async throws(VouchError) -> (Response, HTTPClientResponse.Body) {
        var current = url
        let origin = URL(string: url).map(Self.origin)
        for _ in 0...5 {
            var request = HTTPClientRequest(url: current)
            request.method = .init(rawValue: method.rawValue)
            request.headers.add(name: "User-Agent", value: Self.userAgent)
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            let target = URL(string: current)
            if let authorization, let target, Self.origin(target) == origin { request.headers.add(name: "Authorization", value: authorization) }
            switch body {
            case .bytes(let bytes)?: request.body = .bytes(bytes)
            case .file(let data)?: request.body = .bytes(data)
            case nil: if method == .PUT || method == .POST { request.body = .bytes([UInt8]()) }
            }
            let response: HTTPClientResponse
            do {
                response = try await client(for: current).execute(request, deadline: .distantFuture)
            } catch {
                throw VouchError(.networkFailure, "\(method.rawValue) \(Self.redacted(current)): \(describe(error, url: current))")
            }
            let value = Response(status: response.status.code, headers: response.headers.map { ($0.name, $0.value) }, url: current)
            if [301, 302, 303, 307, 308].contains(value.status), let location = value.header("Location"),
               let base = target, let next = URL(string: location, relativeTo: base)?.absoluteURL {
                _ = try await Self.collect(response.body, limit: options.limits.maxRegistryResponseBytes, what: "redirect body")
                current = next.absoluteString
                continue
            }
            return (value, response.body)
        }
        throw VouchError(.networkFailure, "more than 5 redirects from \(Self.redacted(url))")
    }

    /// The client's error in words, naming the limit a timeout is and the proxy a request went through.
    private func describe(_ error: any Error, url: String) -> String {
        var text = "\(error)"
        if let error = error as? HTTPClientError, error == .readTimeout {
            text = "no data for \(options.readTimeout) s (the read timeout, RegistryOptions.readTimeout)"
        }
        if let target = URL(string: url), let server = proxies.proxy(for: target) {
            text += " (through the proxy \(server.host):\(server.port) from \(target.scheme == "https" ? "HTTPS_PROXY" : "HTTP_PROXY"))"
        }
        return text
    }

    /// Scheme, host and port: what "the same host" means for `Authorization`.
    static func origin(_ url: URL) -> String {
        let scheme = url.scheme?.lowercased() ?? ""
        let port = url.port ?? (scheme == "http" ? 80 : 443)
        return "\(scheme)://\(url.host?.lowercased() ?? ""):\(port)"
    }

    /// The path of a URL, without host and query, for messages.
    static func path(of url: String) -> String {
        URL(string: url)?.path ?? redacted(url)
    }

    /// The URL without its query (which may hold a signed token) for messages.
    static func redacted(_ url: String) -> String {
        url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
    }

    private func executeCollecting(_ request: HTTPClientRequest, limit: Int64, what: String) async throws(VouchError) -> (UInt, [UInt8]) {
        let response: HTTPClientResponse
        do {
            response = try await client(for: request.url).execute(request, deadline: .distantFuture)
        } catch {
            throw VouchError(.networkFailure, "\(Self.redacted(request.url)): \(describe(error, url: request.url))")
        }
        return (response.status.code, try await Self.collect(response.body, limit: limit, what: what))
    }

    /// The whole body, refusing more than `limit` bytes (named in the error).
    static func collect(
        _ body: HTTPClientResponse.Body, limit: Int64, limitName: String = "maxRegistryResponseBytes", what: String
    ) async throws(VouchError) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            for try await chunk in body {
                if Int64(bytes.count + chunk.readableBytes) > limit {
                    throw VouchError.limitExceeded(limitName, limit: limit, found: Int64(bytes.count + chunk.readableBytes), path: nil, what: "\(what) size (at least)")
                }
                bytes.append(contentsOf: chunk.readableBytesView)
            }
        } catch let error as VouchError {
            throw error
        } catch {
            throw VouchError(.networkFailure, "the connection failed while reading the \(what): \(error)")
        }
        return bytes
    }
}

/// What the transport has learned about the registry's authentication, and the tokens it holds.
actor RegistryAuthState {
    private(set) var challenge: AuthenticationChallenge?
    private(set) var plainHTTP = false
    private var tokens: [String: (value: String, expires: Date)] = [:]

    func learn(_ challenge: AuthenticationChallenge) { self.challenge = challenge }
    func usePlainHTTP() { plainHTTP = true }

    /// A token that has at least 5 seconds left.
    func token(for key: String) -> String? {
        guard let token = tokens[key], token.expires.timeIntervalSinceNow > 5 else { return nil }
        return token.value
    }

    func store(_ token: String, for key: String, expiresIn: Int) {
        tokens[key] = (token, Date().addingTimeInterval(TimeInterval(expiresIn)))
    }

    func forget(_ key: String) { tokens[key] = nil }
}
