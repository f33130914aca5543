#if canImport(Glibc)
import Glibc
#endif
import Foundation
public import VouchCore
import VouchFiles
import VouchImage

/// What `image push` did.
public struct PushReport: Sendable, Encodable {
    public var reference: String
    /// The digest the pushed tag now resolves to.
    public var digest: Digest
    public var manifests: Int
    /// Blobs uploaded, blobs the registry already had (HEAD first), and blobs mounted from
    /// ``ImagePush/mountSource`` (cross-repository mount).
    public var blobsUploaded: Int
    public var blobsPresent: Int
    public var blobsMounted: Int
    /// cosign tags and referrers pushed with the image.
    public var artifacts: [String]
    /// Why the blob cache (``RegistryOptions/blobCache``) could not be read or written, when it could not: the
    /// push went on without it.
    public var cacheWarning: String?
}

/// Pushes the image an OCI layout holds to a registry: every blob (HEAD first, then a cross-repository mount
/// from ``mountSource`` when it is in the same registry, and from the repositories of that registry the blob
/// cache (``RegistryOptions/blobCache``) saw it in, else an upload: monolithic POST+PUT, chunked PATCHes
/// above ``RegistryOptions/chunkedUploadThreshold``), then the manifests by digest, children before the index, and the top one under the
/// tag; then cosign's signature, attestation and SBOM tags and referrers about the image, so a signed
/// image keeps its signatures. Manifests are sent byte for byte as stored: digests are unchanged.
public struct ImagePush: Sendable {
    public var options: RegistryOptions
    /// Where the image came from (`image copy` between repositories): blobs are mounted from it when it is a
    /// repository of the destination's registry, instead of sent again.
    public var mountSource: RemoteReference?

    public init(options: RegistryOptions, mountSource: RemoteReference? = nil) {
        self.options = options
        self.mountSource = mountSource
    }

    public func push(layout path: String, tag: String?, to reference: RemoteReference) async throws(VouchError) -> PushReport {
        let layout = try OCILayout.open(path)
        let entry = try layout.image(tagged: tag)
        var artifacts: [(tag: String?, descriptor: Descriptor)] = []
        for kind in [OCILayout.Kind.signature, .attestation, .sbom, .sigstoreBundle] {
            for artifact in try layout.artifacts(kind, about: entry.digest) {
                let tag = artifact.source.hasPrefix("tag ") ? String(artifact.source.dropFirst(4)) : nil
                artifacts.append((tag, artifact.descriptor))
            }
        }
        let options = options
        let mountFrom = mountSource.flatMap { $0.registry == reference.registry && $0.repository != reference.repository ? $0.repository : nil }
        let cached = options.blobCache?.read()
        let (pushedReport, blobs) = try await RegistryClient.with(registry: reference.registry, options: options) { client throws(VouchError) -> (PushReport, [Digest]) in
            var uploader = Uploader(client: client, layout: layout, repository: reference.repository, options: options, mountFrom: mountFrom)
            uploader.locations = cached?.snapshot
            try await uploader.push(entry.descriptor, depth: 0)
            let top = reference.tag ?? reference.digest?.description ?? entry.digest.description
            try await client.putManifest(reference.repository, reference: top, bytes: try layout.readDocumentBlob(entry.descriptor), mediaType: entry.descriptor.mediaType)
            var pushed: [String] = []
            var referrers: [Descriptor] = []
            for artifact in artifacts {
                try await uploader.push(artifact.descriptor, depth: 0)
                if let tag = artifact.tag {
                    try await client.putManifest(reference.repository, reference: tag, bytes: try layout.readDocumentBlob(artifact.descriptor), mediaType: artifact.descriptor.mediaType)
                    pushed.append("tag \(tag)")
                } else {
                    referrers.append(artifact.descriptor)
                    pushed.append("referrer \(artifact.descriptor.digest)")
                }
            }
            if !referrers.isEmpty, try await client.referrers(reference.repository, subject: entry.digest) == nil {
                try await client.addToReferrersTagSchema(reference.repository, subject: entry.digest, referrers)
            }
            let report = PushReport(
                reference: reference.description, digest: entry.digest, manifests: uploader.manifests, blobsUploaded: uploader.uploaded,
                blobsPresent: uploader.present, blobsMounted: uploader.mounted, artifacts: pushed)
            return (report, uploader.blobs)
        }
        var report = pushedReport
        // Every blob is in the repository now, whether uploaded, mounted or already there.
        if let cache = options.blobCache {
            let sightings = blobs.map { BlobLocationCache.Sighting(registry: reference.registry, digest: $0, repository: reference.repository) }
            let problem = cache.record(sightings)
            report.cacheWarning = cached?.problem.map(BlobLocationCache.warning(reading:)) ?? problem.map(BlobLocationCache.warning(writing:))
        }
        return report
    }
}

/// Uploads what one manifest or index needs, then the document itself by digest.
struct Uploader {
    let client: RegistryClient
    let layout: OCILayout
    let repository: String
    let options: RegistryOptions
    /// A repository of the same registry to mount blobs from.
    let mountFrom: String?
    /// Where the blob cache saw blobs: more repositories to mount them from.
    var locations: BlobLocationCache.Snapshot?
    /// The blobs pushed (uploaded, mounted or present), in order.
    private(set) var blobs: [Digest] = []
    var manifests = 0
    var uploaded = 0
    var present = 0
    var mounted = 0
    private var done: Set<Digest> = []

    init(client: RegistryClient, layout: OCILayout, repository: String, options: RegistryOptions, mountFrom: String? = nil) {
        self.client = client
        self.layout = layout
        self.repository = repository
        self.options = options
        self.mountFrom = mountFrom
    }

    mutating func push(_ descriptor: Descriptor, depth: Int) async throws(VouchError) {
        guard !done.contains(descriptor.digest) else { return }
        let bytes = try layout.readDocumentBlob(descriptor)
        let name = "\(layout.path)@\(descriptor.digest)"
        if MediaType.isIndex(descriptor.mediaType) {
            // The image reader's own bound on index nesting (ImageLimits.maxIndexDepth), applied to a registry's indexes.
            let maxDepth = ImageLimits().maxIndexDepth
            guard depth < maxDepth else {
                throw VouchError.limitExceeded("maxIndexDepth", limit: Int64(maxDepth), found: Int64(depth + 1), path: name, what: "index nesting depth")
            }
            let index = try LayoutFetch.decode(ImageIndex.self, bytes, name: name, limits: options.limits)
            for child in index.manifests where MediaType.isIndex(child.mediaType) || MediaType.isManifest(child.mediaType) {
                // A platform missing from the layout (a partial copy) is skipped, as skopeo copies it.
                if case .found = try layout.storage.lookup("blobs/\(child.digest.algorithm.name)/\(child.digest.hex)", allowSymlinks: false) {
                    try await push(child, depth: depth + 1)
                }
            }
        } else if MediaType.isManifest(descriptor.mediaType) {
            let manifest = try LayoutFetch.decode(ImageManifest.self, bytes, name: name, limits: options.limits)
            try await pushBlobs([manifest.config] + manifest.layers)
        } else {
            throw VouchError(.unsupportedInput, "media type '\(descriptor.mediaType)' is not a manifest or index", path: name)
        }
        try await client.putManifest(repository, reference: descriptor.digest.description, bytes: bytes, mediaType: descriptor.mediaType)
        manifests += 1
        done.insert(descriptor.digest)
    }

    /// The blobs, ``RegistryOptions/maxParallelBlobs`` at a time.
    private mutating func pushBlobs(_ blobs: [Descriptor]) async throws(VouchError) {
        var unique: [Descriptor] = []
        for blob in blobs where !done.contains(blob.digest) && !unique.contains(where: { $0.digest == blob.digest }) {
            if blob.urls?.isEmpty == false, blob.mediaType.contains("nondistributable") || blob.mediaType.contains("foreign") { continue }
            unique.append(blob)
        }
        var slices: [FileSlice] = []
        for blob in unique {
            let relative = "blobs/\(blob.digest.algorithm.name)/\(blob.digest.hex)"
            switch try layout.storage.lookup(relative, allowSymlinks: false) {
            case .found(let slice): slices.append(slice)
            case .missing: throw VouchError(.fileNotFound, "blob \(blob.digest) is missing from the layout", path: "\(layout.path)/\(relative)")
            case .refused(let why): throw VouchError(.malformedInput, "blob \(blob.digest) refused: \(why)", path: "\(layout.path)/\(relative)")
            }
        }
        let client = client, repository = repository, limit = options.maxParallelBlobs
        let sources = unique.map { blob in
            [mountFrom].compactMap { $0 } + (locations?.repositories(registry: client.registry, digest: blob.digest, excluding: repository) ?? [])
        }
        typealias Outcome = Result<RegistryClient.BlobPushOutcome, VouchError>
        let results: [Outcome] = await withTaskGroup(of: (Int, Outcome).self) { group in
            var results = [Outcome](repeating: .success(.present), count: unique.count)
            // At most `limit` uploads at a time, started in order; each task answers with its blob's index
            // (no nested function capturing the counter and the group, and no typed-throws `do` in the task closure:
            // see LayoutFetch.download).
            var pending = unique.indices.makeIterator()
            var running = 0
            while true {
                while running < max(1, limit), let index = pending.next() {
                    let slice = slices[index], digest = unique[index].digest, mountFrom = sources[index]
                    group.addTask { (index, await Self.pushed(slice, digest: digest, client: client, repository: repository, mountFrom: mountFrom)) }
                    running += 1
                }
                guard let (index, result) = await group.next() else { break }
                running -= 1
                results[index] = result
            }
            return results
        }
        for (index, result) in results.enumerated() {
            switch try result.get() {
            case .uploaded: uploaded += 1
            case .mounted: mounted += 1
            case .present: present += 1
            }
            done.insert(unique[index].digest)
            self.blobs.append(unique[index].digest)
        }
    }

    /// The slice's bytes, memory-mapped (the upload reads them in chunks; nothing is copied whole).
    /// One blob pushed, as a value (see `LayoutFetch.downloaded`: a typed-throws `do` inside a task closure
    /// returned a corrupted index from the task group in the release build).
    static func pushed(_ slice: FileSlice, digest: Digest, client: RegistryClient, repository: String, mountFrom: [String]) async -> Result<RegistryClient.BlobPushOutcome, VouchError> {
        do throws(VouchError) {
            return .success(try await client.pushBlob(repository, digest: digest, mountFrom: mountFrom) { () throws(VouchError) in try Self.mapped(slice) })
        } catch {
            return .failure(error)
        }
    }

    static func mapped(_ slice: FileSlice) throws(VouchError) -> Data {
        // The operating system's reason first (Foundation's error text is not shown to users).
        guard access(slice.containerPath, R_OK) == 0 else { throw VouchError.system(errno: errno, operation: "open", path: slice.displayName) }
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: slice.containerPath), options: .alwaysMapped) else {
            throw VouchError(.ioFailure, "could not map the file for upload", path: slice.displayName)
        }
        guard slice.offset + slice.length <= Int64(data.count) else {
            throw VouchError(.malformedInput, "the blob ends beyond its file", path: slice.displayName)
        }
        if slice.offset == 0, slice.length == Int64(data.count) { return data }
        return data[Int(slice.offset)..<Int(slice.offset + slice.length)]
    }
}

extension RegistryClient {
    /// On a registry without the referrers API, records `referrers` of `subject` in the referrers
    /// tag-schema index `sha256-<hex>` (distribution-spec v1.1, "Pushing Manifests with Subject"): read
    /// it, append what it lacks (no duplicates), write it back.
    func addToReferrersTagSchema(_ repository: String, subject: Digest, _ referrers: [Descriptor]) async throws(VouchError) {
        let tag = "\(subject.algorithm.name)-\(subject.hex)"
        var index = ImageIndex(manifests: [])
        if try await manifestExists(repository, reference: tag, push: true) {
            let fetched = try await manifest(repository, reference: tag, subject: "\(registry)/\(repository):\(tag)")
            index = try LayoutFetch.decode(ImageIndex.self, fetched.bytes, name: "\(registry)/\(repository):\(tag)", limits: options.limits)
        }
        let before = index.manifests.count
        for referrer in referrers where !index.manifests.contains(where: { $0.digest == referrer.digest }) {
            index.manifests.append(referrer)
        }
        guard index.manifests.count != before else { return }
        try await putManifest(repository, reference: tag, bytes: Array(try JSONOutput.encode(index).utf8), mediaType: MediaType.ociIndex)
    }
}
