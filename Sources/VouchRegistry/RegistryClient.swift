import Foundation
public import VouchCore
import VouchCrypto
public import VouchImage

/// A manifest or index as a registry served it, its digest computed here from the bytes received
/// (`Docker-Content-Digest` is only a hint).
public struct FetchedManifest: Sendable {
    public var bytes: [UInt8]
    public var mediaType: String
    /// The digest of ``bytes``, computed locally.
    public var digest: Digest
    public var descriptor: Descriptor { Descriptor(mediaType: mediaType, digest: digest, size: Int64(bytes.count)) }
}

/// The distribution-spec v1.1.1 API of one registry: manifests, blobs and uploads, through a
/// ``RegistryTransport`` that authenticates, retries and follows redirects.
public final class RegistryClient: Sendable {
    /// The `Accept` header for manifests: distribution 2.8 answers 404 for an OCI manifest without it.
    public static let manifestAccept = [MediaType.ociIndex, MediaType.ociManifest, MediaType.dockerManifestList, MediaType.dockerManifest].joined(separator: ", ")

    public let registry: String
    public let options: RegistryOptions
    let transport: RegistryTransport

    /// A client for `registry` (as a reference names it, e.g. `ghcr.io`, `127.0.0.1:5000`).
    public init(registry: String, options: RegistryOptions = RegistryOptions()) {
        self.registry = registry
        self.options = options
        transport = RegistryTransport(registry: registry == "docker.io" ? "registry-1.docker.io" : registry, options: options)
    }

    /// Runs `body` with a client that has pinged the registry, and shuts the client down afterwards.
    public static func with<T: Sendable>(
        registry: String, options: RegistryOptions, _ body: (RegistryClient) async throws(VouchError) -> T
    ) async throws(VouchError) -> T {
        let client = RegistryClient(registry: registry, options: options)
        do throws(VouchError) {
            try await client.transport.ping()
            let result = try await body(client)
            await client.transport.shutdown()
            return result
        } catch {
            await client.transport.shutdown()
            throw error
        }
    }

    static func pullScope(_ repository: String) -> String { "repository:\(repository):pull" }
    static func pushScope(_ repository: String) -> String { "repository:\(repository):pull,push" }

    func url(_ repository: String, _ rest: String) async -> String { await transport.baseURL() + "/v2/\(repository)/\(rest)" }

    // MARK: Manifests

    /// `GET /v2/<name>/manifests/<reference>` within ``RegistryLimits/maxRegistryManifestBytes``. The
    /// `Content-Type` must agree with the document's `mediaType`. When the reference is a digest the
    /// bytes must hash to it; a mismatch is returned as ``ManifestFetch/mismatch(_:actual:)`` (the
    /// registry served bytes that are not what was asked for: a negative verdict, not an error).
    public func manifest(_ repository: String, reference: String, subject: String) async throws(VouchError) -> FetchedManifest {
        let (response, bytes) = try await transport.request(
            .GET, url: await url(repository, "manifests/\(reference)"), headers: [("Accept", Self.manifestAccept)],
            scopes: [Self.pullScope(repository)], limit: options.limits.maxRegistryManifestBytes, limitName: "maxRegistryManifestBytes",
            what: "manifest")
        guard response.status == 200 else { throw RegistryErrorResponse.error(status: response.status, body: bytes, subject: subject) }
        let digest = try DigestHasher.digest(of: bytes, algorithm: .sha256)
        let declared = try Self.declaredMediaType(bytes, subject: subject)
        let contentType = response.header("Content-Type")?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) }
        if let declared, let contentType, contentType != declared, contentType != "application/json" {
            throw VouchError(.malformedInput, "\(subject): the registry's Content-Type '\(contentType)' does not match the manifest's mediaType '\(declared)'")
        }
        guard let mediaType = declared ?? contentType, MediaType.isIndex(mediaType) || MediaType.isManifest(mediaType) else {
            throw VouchError(.unsupportedInput, "\(subject): not an image manifest or index (media type '\(declared ?? contentType ?? "none")')")
        }
        return FetchedManifest(bytes: bytes, mediaType: mediaType, digest: digest)
    }

    /// `HEAD /v2/<name>/manifests/<reference>`: whether it exists (404 is false; other failures throw).
    public func manifestExists(_ repository: String, reference: String, push: Bool = false) async throws(VouchError) -> Bool {
        let (response, body) = try await transport.request(
            .HEAD, url: await url(repository, "manifests/\(reference)"), headers: [("Accept", Self.manifestAccept)],
            scopes: [push ? Self.pushScope(repository) : Self.pullScope(repository)], limit: options.limits.maxRegistryResponseBytes, what: "response")
        if response.status == 200 { return true }
        if response.status == 404 { return false }
        throw RegistryErrorResponse.error(status: response.status, body: body, subject: "\(registry)/\(repository):\(reference)")
    }

    private struct MediaTypeHeader: Decodable { var mediaType: String? }

    static func declaredMediaType(_ bytes: [UInt8], subject: String) throws(VouchError) -> String? {
        try JSONValue.decode(MediaTypeHeader.self, from: bytes, path: "manifest of \(subject)",
                             limits: JSONLimits(maxBytes: bytes.count + 1, maxBytesName: "maxRegistryManifestBytes", maxJSONDepth: 64)).mediaType
    }

    /// `PUT /v2/<name>/manifests/<reference>` with the bytes as they are (they are what was signed).
    public func putManifest(_ repository: String, reference: String, bytes: [UInt8], mediaType: String) async throws(VouchError) {
        let (response, body) = try await transport.request(
            .PUT, url: await url(repository, "manifests/\(reference)"), headers: [("Content-Type", mediaType)], body: .bytes(bytes),
            scopes: [Self.pushScope(repository)], limit: options.limits.maxRegistryResponseBytes, what: "response")
        guard response.status == 201 || response.status == 200 else {
            throw RegistryErrorResponse.error(status: response.status, body: body, subject: "\(registry)/\(repository):\(reference)")
        }
    }

    // MARK: Blobs

    /// `HEAD /v2/<name>/blobs/<digest>`: whether the registry has the blob.
    public func blobExists(_ repository: String, digest: Digest) async throws(VouchError) -> Bool {
        let (response, body) = try await transport.request(
            .HEAD, url: await url(repository, "blobs/\(digest)"), scopes: [Self.pushScope(repository)],
            limit: options.limits.maxRegistryResponseBytes, what: "response")
        if response.status == 200 { return true }
        if response.status == 404 { return false }
        throw RegistryErrorResponse.error(status: response.status, body: body, subject: "\(registry)/\(repository)@\(digest)")
    }

    /// `GET /v2/<name>/blobs/<digest>`, each received chunk handed to `consume` (redirects to storage
    /// followed without `Authorization`).
    public func streamBlob(
        _ repository: String, digest: Digest, consume: @Sendable ([UInt8]) async throws(VouchError) -> Void
    ) async throws(VouchError) {
        _ = try await transport.stream(
            .GET, url: await url(repository, "blobs/\(digest)"), scopes: [Self.pullScope(repository)],
            subject: "\(registry)/\(repository)@\(digest)", consume: consume)
    }

    /// A small blob (a config, a signature payload) in memory, checked against `descriptor`; a mismatch is
    /// ``BlobMismatch``.
    public func blob(_ repository: String, descriptor: Descriptor) async throws(VouchError) -> Result<[UInt8], BlobMismatch> {
        let limit = options.limits.maxRegistryManifestBytes
        if descriptor.size > limit {
            throw VouchError.limitExceeded("maxRegistryManifestBytes", limit: limit, found: descriptor.size, path: nil, what: "document blob \(descriptor.digest) declared size")
        }
        let collector = ChunkCollector(limit: Int(descriptor.size) + 1)
        try await streamBlob(repository, digest: descriptor.digest) { chunk throws(VouchError) in collector.append(chunk) }
        let bytes = collector.bytes
        let actual = try DigestHasher.digest(of: bytes, algorithm: descriptor.digest.algorithm)
        if actual != descriptor.digest || Int64(bytes.count) != descriptor.size {
            return .failure(BlobMismatch(descriptor: descriptor, actualDigest: actual, actualSize: Int64(bytes.count)))
        }
        return .success(bytes)
    }

    /// How a blob came to be in the repository.
    enum BlobPushOutcome: Sendable {
        /// The registry had it (`HEAD` answered 200).
        case present
        /// Mounted from another repository of the same registry (`POST ?mount=&from=` answered 201).
        case mounted
        /// Uploaded.
        case uploaded
    }

    /// Makes the blob present in `repository` (distribution-spec v1.1.1, "Push"): `HEAD` first; then a
    /// cross-repository mount from each of `mountFrom` in turn (repositories of this registry that had it, at
    /// most ``BlobLocationCache/maxMountAttempts``), whose token needs both scopes (push on `repository`, pull on
    /// the source: two `scope=` parameters). A mount that fails is only a hint that failed: a 202 (the registry
    /// opened an upload session instead) is cancelled with `DELETE` before the next source is tried, and the last
    /// one's session is used for the upload; any other answer goes on to the next source. Then, or without
    /// sources, an upload to the `Location` given (kept as given, its query included): one monolithic `PUT` up to
    /// ``RegistryOptions/chunkedUploadThreshold`` bytes, above it `PATCH`es of ``RegistryOptions/uploadChunkSize``
    /// bytes with `Content-Range`, each to the `Location` the previous one returned, then the closing `PUT ?digest=`.
    func pushBlob(
        _ repository: String, digest: Digest, mountFrom: [String] = [], body: @Sendable () throws(VouchError) -> Data
    ) async throws(VouchError) -> BlobPushOutcome {
        if try await blobExists(repository, digest: digest) { return .present }
        let subject = "\(registry)/\(repository)@\(digest)"
        let start = await url(repository, "blobs/uploads/")
        var sources: [String] = []
        for source in mountFrom where source != repository && !sources.contains(source) { sources.append(source) }
        sources = Array(sources.prefix(BlobLocationCache.maxMountAttempts))
        var session: String?
        for (attempt, source) in sources.enumerated() {
            let mount = start + "?mount=\(Self.queryValue(digest.description))&from=\(Self.queryValue(source))"
            let answer: (RegistryTransport.Response, [UInt8])
            do throws(VouchError) {
                answer = try await transport.request(
                    .POST, url: mount, scopes: [Self.pushScope(repository), Self.pullScope(source)], limit: options.limits.maxRegistryResponseBytes,
                    what: "response")
            } catch {
                continue
            }
            if answer.0.status == 201 { return .mounted }
            guard answer.0.status == 202, let location = answer.0.header("Location"),
                  let opened = try? Self.resolve(location, against: answer.0.url, subject: subject) else { continue }
            if attempt == sources.count - 1 {
                session = opened
            } else {
                await cancelUpload(opened, repository: repository)
            }
        }
        var target: String
        if let session {
            target = session
        } else {
            let (started, startBody) = try await transport.request(
                .POST, url: start, scopes: [Self.pushScope(repository)], limit: options.limits.maxRegistryResponseBytes, what: "response")
            guard started.status == 202, let location = started.header("Location") else {
                throw RegistryErrorResponse.error(status: started.status, body: startBody, subject: subject)
            }
            target = try Self.resolve(location, against: started.url, subject: subject)
        }
        let data = try body()
        let uploadScopes = [Self.pushScope(repository)]
        var closing: RegistryTransport.Body = .file(data)
        if Int64(data.count) > options.chunkedUploadThreshold {
            var offset = 0
            while offset < data.count {
                let end = Int(min(Int64(data.count), Int64(offset) + options.uploadChunkSize))
                let (patched, patchBody) = try await transport.request(
                    .PATCH, url: target,
                    headers: [("Content-Type", "application/octet-stream"), ("Content-Range", "\(offset)-\(end - 1)")],
                    body: .file(data[data.startIndex + offset ..< data.startIndex + end]), scopes: uploadScopes,
                    limit: options.limits.maxRegistryResponseBytes, what: "response")
                guard patched.status == 202, let next = patched.header("Location") else {
                    throw RegistryErrorResponse.error(status: patched.status, body: patchBody, subject: subject)
                }
                // The registry says how much it holds: `Range: 0-<last byte>`.
                if let range = patched.header("Range"), range != "0-\(end - 1)" {
                    throw VouchError(.malformedInput, "\(subject): after a chunk ending at byte \(end - 1) the registry reports 'Range: \(range)'")
                }
                target = try Self.resolve(next, against: patched.url, subject: subject)
                offset = end
            }
            closing = .bytes([])
        }
        let finish = target + (target.contains("?") ? "&" : "?") + "digest=" + Self.queryValue(digest.description)
        let (finished, finishBody) = try await transport.request(
            .PUT, url: finish, headers: [("Content-Type", "application/octet-stream")], body: closing,
            scopes: uploadScopes, limit: options.limits.maxRegistryResponseBytes, what: "response")
        guard finished.status == 201 else {
            throw RegistryErrorResponse.error(status: finished.status, body: finishBody, subject: subject)
        }
        return .uploaded
    }

    /// `DELETE` of an upload session that is not used (distribution-spec v1.1.1, "Canceling an upload"), so a
    /// declined mount leaves nothing open in the registry; a failure to cancel is not an error (the registry
    /// expires stale sessions).
    func cancelUpload(_ session: String, repository: String) async {
        _ = try? await transport.request(
            .DELETE, url: session, scopes: [Self.pushScope(repository)], limit: options.limits.maxRegistryResponseBytes, what: "response")
    }

    /// A `Location` header made absolute against the URL it came with (an absolute one is kept as given).
    static func resolve(_ location: String, against base: String, subject: String) throws(VouchError) -> String {
        if location.hasPrefix("http://") || location.hasPrefix("https://") { return location }
        guard let absolute = URL(string: location, relativeTo: URL(string: base))?.absoluteString else {
            throw VouchError(.malformedInput, "\(subject): the registry's upload Location '\(location)' is not a URL")
        }
        return absolute
    }

    /// A query parameter value, percent-encoded where a query needs it (`:` and `/` stay, as registries expect them).
    static func queryValue(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    // MARK: Tags

    private struct TagList: Decodable {
        var name: String?
        var tags: [String]?
    }

    /// `GET /v2/<name>/tags/list` (distribution-spec v1.1.1, "Listing Tags"), following `Link: <...>;
    /// rel="next"` pages (RFC 8288) up to ``RegistryLimits/maxRegistryTagPages``; `pageSize` asks for `?n=`.
    public func tags(_ repository: String, pageSize: Int? = nil) async throws(VouchError) -> [String] {
        var next: String? = await url(repository, "tags/list") + (pageSize.map { "?n=\($0)" } ?? "")
        var tags: [String] = []
        var pages = 0
        while let current = next {
            pages += 1
            if pages > options.limits.maxRegistryTagPages {
                throw VouchError.limitExceeded(
                    "maxRegistryTagPages", limit: Int64(options.limits.maxRegistryTagPages), found: Int64(pages), path: nil,
                    what: "tags/list pages of \(registry)/\(repository) (at least)")
            }
            let (response, bytes) = try await transport.request(
                .GET, url: current, headers: [("Accept", "application/json")], scopes: [Self.pullScope(repository)],
                limit: options.limits.maxRegistryResponseBytes, what: "tag list")
            guard response.status == 200 else {
                throw RegistryErrorResponse.error(status: response.status, body: bytes, subject: "\(registry)/\(repository)")
            }
            let page = try JSONValue.decode(
                TagList.self, from: bytes, path: "tags of \(registry)/\(repository)",
                limits: JSONLimits(maxBytes: Int(options.limits.maxRegistryResponseBytes), maxBytesName: "maxRegistryResponseBytes", maxJSONDepth: 8))
            tags += page.tags ?? []
            next = try response.header("Link").flatMap(Self.nextLink).map { link throws(VouchError) in
                try Self.resolve(link, against: current, subject: "\(registry)/\(repository) tags")
            }
        }
        return tags
    }

    /// The target of the `rel="next"` link in a `Link` header value.
    static func nextLink(_ header: String) -> String? {
        for link in header.split(separator: ",") {
            let parts = link.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = parts.first, target.hasPrefix("<"), target.hasSuffix(">") else { continue }
            let isNext = parts.dropFirst().contains { parameter in
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                return pair.count == 2 && pair[0].lowercased() == "rel" && pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")).split(separator: " ").contains("next")
            }
            if isNext { return String(target.dropFirst().dropLast()) }
        }
        return nil
    }
}

/// A blob whose bytes did not match its descriptor.
public struct BlobMismatch: Error, Sendable, Hashable {
    public var descriptor: Descriptor
    public var actualDigest: Digest
    public var actualSize: Int64

    public var failure: ImageFailure {
        ImageFailure(
            object: "blob", descriptor: descriptor, reason: "the registry served bytes that do not match the digest",
            expected: "\(descriptor.digest), \(descriptor.size) bytes", actual: "\(actualDigest), \(actualSize) bytes")
    }
}

/// Collects chunks in memory up to a bound (the rest is dropped and counted).
final class ChunkCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [UInt8] = []
    private var dropped = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func append(_ chunk: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        let room = max(0, limit - storage.count)
        storage.append(contentsOf: chunk.prefix(room))
        dropped += chunk.count - min(room, chunk.count)
    }

    var bytes: [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
