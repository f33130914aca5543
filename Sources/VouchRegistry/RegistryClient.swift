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

    /// Uploads a blob unless the registry has it (HEAD first): a monolithic upload, `POST` then `PUT` to
    /// the `Location` given (kept as given, its query included, `digest` appended). Returns whether it
    /// was uploaded.
    @discardableResult
    func pushBlob(_ repository: String, digest: Digest, body: @Sendable () throws(VouchError) -> Data) async throws(VouchError) -> Bool {
        if try await blobExists(repository, digest: digest) { return false }
        let subject = "\(registry)/\(repository)@\(digest)"
        let (started, startBody) = try await transport.request(
            .POST, url: await url(repository, "blobs/uploads/"), scopes: [Self.pushScope(repository)],
            limit: options.limits.maxRegistryResponseBytes, what: "response")
        guard started.status == 202, let location = started.header("Location") else {
            throw RegistryErrorResponse.error(status: started.status, body: startBody, subject: subject)
        }
        let base = URL(string: started.url)
        guard let absolute = URL(string: location, relativeTo: base)?.absoluteString else {
            throw VouchError(.malformedInput, "\(subject): the registry's upload Location '\(location)' is not a URL")
        }
        let target = absolute + (absolute.contains("?") ? "&" : "?") + "digest=" + digest.description.replacingOccurrences(of: ":", with: "%3A")
        let data = try body()
        let (finished, finishBody) = try await transport.request(
            .PUT, url: target, headers: [("Content-Type", "application/octet-stream")], body: .file(data),
            scopes: [Self.pushScope(repository)], limit: options.limits.maxRegistryResponseBytes, what: "response")
        guard finished.status == 201 else {
            throw RegistryErrorResponse.error(status: finished.status, body: finishBody, subject: subject)
        }
        return true
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
