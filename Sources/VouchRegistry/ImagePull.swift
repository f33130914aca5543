#if canImport(Glibc)
import Glibc
#endif
import Foundation
public import VouchCore
import VouchCrypto
import VouchFiles
public import VouchImage

/// What `image pull` (and the registry half of `image copy`) did: a negative verdict when the registry
/// served a blob or manifest that does not match its digest (then nothing was written).
public struct PullReport: Sendable, Encodable, VerdictReport {
    public var reference: String
    public var output: String
    /// The digest the reference resolved to.
    public var digest: Digest?
    public var manifests: Int
    public var blobs: Int
    public var bytes: Int64
    /// cosign tags and referrers fetched with `--with-signatures`.
    public var artifacts: [String]
    public var failures: [ImageFailure]
    public var checksMade: Int
    /// Why the blob cache (``RegistryOptions/blobCache``) could not be written, when it could not.
    public var cacheWarning: String?

    public var verdict: Verdict { Verdict(checksMade: checksMade, failures: failures.map(\.checkFailure)) }
}

/// Pulls an image, with everything it lists (every platform of an index), into a new OCI image layout.
///
/// Each manifest's digest is computed from the bytes received; each blob is streamed to a temporary file
/// while its digest and size are checked, then renamed into `blobs/`; the layout is built beside the output
/// directory and renamed when complete, so a failed or tampered pull leaves nothing at the output.
public struct ImagePull: Sendable {
    public var options: RegistryOptions
    /// Also fetch cosign's `sha256-<hex>.sig`, `.att` and `.sbom` tags, the OCI 1.1 referrers and the
    /// referrers tag-schema index (`sha256-<hex>`).
    public var withSignatures: Bool

    public init(options: RegistryOptions, withSignatures: Bool = false) {
        self.options = options
        self.withSignatures = withSignatures
    }

    public func pull(_ reference: RemoteReference, into output: String) async throws(VouchError) -> PullReport {
        guard !FileManager.default.fileExists(atPath: output) else {
            throw VouchError(.invalidArgument, "already exists; --output must name a new directory", path: output)
        }
        let parent = output.lastIndex(of: "/").map { $0 == output.startIndex ? "/" : String(output[..<$0]) } ?? "."
        let staging = parent + "/.vouch-pull-\(UUID().uuidString)"
        guard mkdir(staging, 0o755) == 0 else { throw VouchError.system(errno: errno, operation: "mkdir", path: staging) }
        defer { try? FileManager.default.removeItem(atPath: staging) }
        var report = try await RegistryClient.with(registry: reference.registry, options: options) { client throws(VouchError) in
            var fetch = LayoutFetch(client: client, reference: reference, directory: staging, withSignatures: withSignatures)
            fetch.recordsBlobLocations = true
            return try await fetch.run()
        }
        report.output = output
        if report.failures.isEmpty {
            guard rename(staging, output) == 0 else { throw VouchError.system(errno: errno, operation: "rename", path: output) }
        }
        return report
    }
}

/// One pull into a directory: documents, blobs, `index.json`.
struct LayoutFetch {
    /// A blob to download and where it is.
    struct Blob: Sendable {
        var descriptor: Descriptor
        var client: RegistryClient
        var repository: String
    }

    /// Where cosign artifacts are read from.
    typealias ArtifactSource = (client: RegistryClient, repository: RemoteReference)

    let client: RegistryClient
    let reference: RemoteReference
    let directory: String
    let withSignatures: Bool
    /// False: only manifests and configs of the image (and every blob of its cosign artifacts), which is
    /// what signing and signature verification read.
    var includeLayers = true
    /// Where cosign artifacts are (`--signature-repository`, `COSIGN_REPOSITORY`); nil: the image's repository.
    var signatures: ArtifactSource?
    /// Record in the blob cache (``RegistryOptions/blobCache``) where each blob was found (`image pull`, `image copy`).
    var recordsBlobLocations = false
    var repository: String { reference.repository }

    func run() async throws(VouchError) -> PullReport {
        var report = PullReport(
            reference: reference.description, output: directory, digest: nil, manifests: 0, blobs: 0, bytes: 0, artifacts: [],
            failures: [], checksMade: 0)
        try makeDirectory(directory + "/blobs")
        let top = try await client.manifest(repository, reference: reference.manifestReference, subject: reference.description)
        report.digest = top.digest
        if let pinned = reference.digest {
            report.checksMade += 1
            if top.digest != pinned {
                report.failures.append(ImageFailure(
                    object: "manifest", reason: "the registry served a manifest that does not match the digest asked for",
                    expected: pinned.description, actual: top.digest.description))
                return report
            }
        }
        var topDescriptor = top.descriptor
        if let tag = reference.tag, reference.digest == nil { topDescriptor.annotations = ["org.opencontainers.image.ref.name": tag] }
        var entries = [topDescriptor]
        var blobs: [Blob] = []
        try await collectDocuments(top, depth: 0, blobs: &blobs, report: &report)
        if withSignatures, report.failures.isEmpty {
            try await fetchArtifacts(about: top.digest, entries: &entries, blobs: &blobs, report: &report)
        }
        guard report.failures.isEmpty else { return report }
        try await download(blobs, report: &report)
        guard report.failures.isEmpty else { return report }
        if recordsBlobLocations, let cache = client.options.blobCache {
            report.cacheWarning = cache.record(blobs.map { BlobLocationCache.Sighting(registry: $0.client.registry, digest: $0.descriptor.digest, repository: $0.repository) })
                .map(BlobLocationCache.warning(writing:))
        }
        let index = ImageIndex(manifests: entries)
        try OutputFile.write(Array(try JSONOutput.encode(index).utf8), to: directory + "/index.json")
        try OutputFile.write(Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8), to: directory + "/oci-layout")
        return report
    }

    /// Stores `document` and walks what it lists: the children of an index, the config and layers of a
    /// manifest. `source` is where an artifact's documents are (nil: the image itself).
    func collectDocuments(
        _ document: FetchedManifest, depth: Int, blobs: inout [Blob], report: inout PullReport, artifact source: ArtifactSource? = nil
    ) async throws(VouchError) {
        let client = source?.client ?? client
        let repository = source?.repository ?? reference
        try store(document.bytes, digest: document.digest)
        report.manifests += 1
        let name = "\(repository.repositoryName)@\(document.digest)"
        if MediaType.isIndex(document.mediaType) {
            // The image reader's own bound on index nesting (ImageLimits.maxIndexDepth), applied to a registry's indexes.
            let maxDepth = ImageLimits().maxIndexDepth
            guard depth < maxDepth else {
                throw VouchError.limitExceeded("maxIndexDepth", limit: Int64(maxDepth), found: Int64(depth + 1), path: name, what: "index nesting depth")
            }
            let index = try Self.decode(ImageIndex.self, document.bytes, name: name, limits: client.options.limits)
            for child in index.manifests where MediaType.isIndex(child.mediaType) || MediaType.isManifest(child.mediaType) {
                let fetched = try await client.manifest(
                    repository.repository, reference: child.digest.description, subject: "\(repository.repositoryName)@\(child.digest)")
                report.checksMade += 1
                guard fetched.digest == child.digest, Int64(fetched.bytes.count) == child.size else {
                    report.failures.append(ImageFailure(
                        object: "manifest", descriptor: child, reason: "the registry served a manifest that does not match its descriptor",
                        expected: "\(child.digest), \(child.size) bytes", actual: "\(fetched.digest), \(fetched.bytes.count) bytes"))
                    continue
                }
                try await collectDocuments(fetched, depth: depth + 1, blobs: &blobs, report: &report, artifact: source)
            }
        } else {
            let manifest = try Self.decode(ImageManifest.self, document.bytes, name: name, limits: client.options.limits)
            let wanted = includeLayers || source != nil ? [manifest.config] + manifest.layers : [manifest.config]
            for blob in wanted where !blobs.contains(where: { $0.descriptor.digest == blob.digest }) {
                // A non-distributable layer with URLs is not in the registry (image-spec: may not be pushed).
                if blob.urls?.isEmpty == false, blob.mediaType.contains("nondistributable") || blob.mediaType.contains("foreign") { continue }
                blobs.append(Blob(descriptor: blob, client: client, repository: repository.repository))
            }
        }
    }

    /// cosign's tags about `subject` (each added to `index.json` under its tag), and its referrers: from
    /// the OCI 1.1 referrers API, or, on a registry without it (distribution 2.8), from the referrers
    /// tag-schema index `sha256-<hex>` (distribution-spec v1.1, "Referrers Tag Schema"). Referrers are
    /// added with their `artifactType`, as the layout reader finds them. They are read from
    /// ``signatures`` when set.
    func fetchArtifacts(about subject: Digest, entries: inout [Descriptor], blobs: inout [Blob], report: inout PullReport) async throws(VouchError) {
        let source: ArtifactSource = signatures ?? (client, reference)
        let client = source.client, repository = source.repository.repository, name = source.repository.repositoryName
        for kind in [OCILayout.Kind.signature, .attestation, .sbom] {
            let tag = OCILayout.cosignTag(for: subject, kind: kind)
            guard try await client.manifestExists(repository, reference: tag) else { continue }
            let fetched = try await client.manifest(repository, reference: tag, subject: "\(name):\(tag)")
            var descriptor = fetched.descriptor
            descriptor.annotations = ["org.opencontainers.image.ref.name": tag]
            entries.append(descriptor)
            report.artifacts.append("tag \(tag)")
            try await collectDocuments(fetched, depth: 0, blobs: &blobs, report: &report, artifact: source)
        }
        var referrers = try await client.referrers(repository, subject: subject)
        var origin = "referrer"
        let schemaTag = "\(subject.algorithm.name)-\(subject.hex)"
        if referrers == nil, try await client.manifestExists(repository, reference: schemaTag) {
            let fetched = try await client.manifest(repository, reference: schemaTag, subject: "\(name):\(schemaTag)")
            guard MediaType.isIndex(fetched.mediaType) else {
                throw VouchError(.malformedInput, "\(name):\(schemaTag): the referrers tag-schema entry is not an index")
            }
            referrers = try Self.decode(ImageIndex.self, fetched.bytes, name: "\(name):\(schemaTag)", limits: client.options.limits)
            origin = "referrer (tag schema \(schemaTag))"
        }
        for referrer in referrers?.manifests ?? [] where !entries.contains(where: { $0.digest == referrer.digest }) && MediaType.isManifest(referrer.mediaType) {
            let fetched = try await client.manifest(repository, reference: referrer.digest.description, subject: "\(name)@\(referrer.digest)")
            report.checksMade += 1
            guard fetched.digest == referrer.digest else {
                report.failures.append(ImageFailure(
                    object: "referrer", descriptor: referrer, reason: "the registry served a manifest that does not match its digest",
                    expected: referrer.digest.description, actual: fetched.digest.description))
                continue
            }
            entries.append(referrer)
            report.artifacts.append("\(origin) \(referrer.digest)")
            try await collectDocuments(fetched, depth: 0, blobs: &blobs, report: &report, artifact: source)
        }
    }

    /// One blob downloaded into `directory`, as a value (a typed-throws `do` inside the task closure itself
    /// returned a corrupted index from the task group in the release build).
    private static func downloaded(_ blob: Blob, into directory: String) async -> Result<BlobMismatch?, VouchError> {
        do throws(VouchError) {
            return .success(try await BlobDownload.toFile(client: blob.client, repository: blob.repository, descriptor: blob.descriptor, directory: directory))
        } catch {
            return .failure(error)
        }
    }

    /// Downloads the blobs, ``RegistryOptions/maxParallelBlobs`` at a time.
    private func download(_ blobs: [Blob], report: inout PullReport) async throws(VouchError) {
        let directory = directory, parallel = client.options.maxParallelBlobs
        let results: [Result<BlobMismatch?, VouchError>] = await withTaskGroup(of: (Int, Result<BlobMismatch?, VouchError>).self) { group in
            var results = [Result<BlobMismatch?, VouchError>](repeating: .success(nil), count: blobs.count)
            // At most `parallel` downloads at a time, started in order; each task answers with its blob's index.
            // (A nested function that captured the counter and the group crashed the release build about
            // every second pull with an index out of range.)
            var pending = blobs.indices.makeIterator()
            var running = 0
            while true {
                while running < max(1, parallel), let index = pending.next() {
                    let blob = blobs[index]
                    group.addTask { (index, await Self.downloaded(blob, into: directory)) }
                    running += 1
                }
                guard let (index, result) = await group.next() else { break }
                running -= 1
                results[index] = result
            }
            return results
        }
        for (index, result) in results.enumerated() {
            switch result {
            case .success(let mismatch):
                report.checksMade += 1
                if let mismatch {
                    report.failures.append(mismatch.failure)
                } else {
                    report.blobs += 1
                    report.bytes += blobs[index].descriptor.size
                }
            case .failure(let error):
                throw error
            }
        }
    }

    func store(_ bytes: [UInt8], digest: Digest) throws(VouchError) {
        try makeDirectory(directory + "/blobs/\(digest.algorithm.name)")
        try OutputFile.write(bytes, to: directory + "/blobs/\(digest.algorithm.name)/\(digest.hex)")
    }

    private func makeDirectory(_ path: String) throws(VouchError) {
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw VouchError.system(errno: errno, operation: "mkdir", path: path) }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], name: String, limits: RegistryLimits) throws(VouchError) -> T {
        try JSONValue.decode(type, from: bytes, path: name,
                             limits: JSONLimits(maxBytes: Int(limits.maxRegistryManifestBytes), maxBytesName: "maxRegistryManifestBytes", maxJSONDepth: 64))
    }
}

/// Streams one blob to `blobs/<alg>/.partial-<hex>` while hashing it, and renames it to `blobs/<alg>/<hex>`
/// only when digest and size match.
enum BlobDownload {
    final class Sink: @unchecked Sendable {
        let descriptor: Int32
        let hasher: DigestHasher
        let limit: Int64
        let path: String
        var count: Int64 = 0
        var overflowed = false

        init(path: String, algorithm: DigestAlgorithm, limit: Int64) throws(VouchError) {
            descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw VouchError.system(errno: errno, operation: "create", path: path) }
            hasher = try DigestHasher(algorithm)
            self.limit = limit
            self.path = path
        }

        deinit { close(descriptor) }

        func write(_ chunk: [UInt8]) throws(VouchError) {
            count += Int64(chunk.count)
            if count > limit {
                overflowed = true
                throw VouchError(.malformedInput, "the registry sent more than the descriptor's \(limit) bytes")
            }
            chunk.withUnsafeBytes { hasher.update($0) }
            try FileDescriptorIO.writeAll(descriptor, chunk, path: path)
        }
    }

    /// nil when the blob was stored; the mismatch when the registry's bytes were not the blob.
    static func toFile(client: RegistryClient, repository: String, descriptor: Descriptor, directory: String) async throws(VouchError) -> BlobMismatch? {
        let folder = directory + "/blobs/\(descriptor.digest.algorithm.name)"
        guard mkdir(folder, 0o755) == 0 || errno == EEXIST else { throw VouchError.system(errno: errno, operation: "mkdir", path: folder) }
        let partial = folder + "/.partial-\(descriptor.digest.hex)"
        let sink = try Sink(path: partial, algorithm: descriptor.digest.algorithm, limit: descriptor.size)
        defer { unlink(partial) }
        do throws(VouchError) {
            try await client.streamBlob(repository, digest: descriptor.digest) { chunk throws(VouchError) in try sink.write(chunk) }
        } catch where sink.overflowed {
            return BlobMismatch(descriptor: descriptor, actualDigest: try sink.hasher.finalize(), actualSize: sink.count)
        }
        let actual = try sink.hasher.finalize()
        guard actual == descriptor.digest, sink.count == descriptor.size else {
            return BlobMismatch(descriptor: descriptor, actualDigest: actual, actualSize: sink.count)
        }
        guard fsync(sink.descriptor) == 0 || errno == EINVAL else { throw VouchError.system(errno: errno, operation: "fsync", path: partial) }
        guard rename(partial, folder + "/\(descriptor.digest.hex)") == 0 else { throw VouchError.system(errno: errno, operation: "rename", path: partial) }
        return nil
    }
}

extension RegistryClient {
    /// `GET /v2/<name>/referrers/<digest>` (distribution-spec v1.1); nil when the registry has no
    /// referrers API (404), as distribution 2.8.
    public func referrers(_ repository: String, subject: Digest) async throws(VouchError) -> ImageIndex? {
        let (response, bytes) = try await transport.request(
            .GET, url: await url(repository, "referrers/\(subject)"), headers: [("Accept", MediaType.ociIndex)],
            scopes: [Self.pullScope(repository)], limit: options.limits.maxRegistryManifestBytes, limitName: "maxRegistryManifestBytes",
            what: "referrers index")
        if response.status == 404 || response.status == 405 { return nil }
        guard response.status == 200 else { throw RegistryErrorResponse.error(status: response.status, body: bytes, subject: "\(registry)/\(repository) referrers") }
        return try LayoutFetch.decode(ImageIndex.self, bytes, name: "referrers of \(subject)", limits: options.limits)
    }
}
