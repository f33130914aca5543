#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
public import VouchCore
import VouchFiles
public import VouchImage

/// `image verify REF`: the image's documents (index, manifest, config; small, bounded by
/// ``RegistryLimits/maxRegistryManifestBytes``) are fetched into a temporary layout and read by the one
/// layout reader, then every layer is streamed from the registry through the one layer verifier (digest,
/// size, compression, diff_id, every tar header) without being stored.
public struct ImageStreamVerification: Sendable {
    public var options: RegistryOptions
    public var limits: ImageLimits

    public init(options: RegistryOptions, limits: ImageLimits = ImageLimits()) {
        self.options = options
        self.limits = limits
    }

    /// What a streamed verification found.
    public enum Outcome: Sendable {
        /// Every layer was streamed through the verifier.
        case verified(ImageVerificationReport)
        /// A manifest, index or config did not match its digest; nothing further was read.
        case tampered(TamperedDocuments)
    }

    /// Verifies the image `reference` names, for `platform` (the host's when nil).
    public func verify(_ reference: RemoteReference, platform: Platform?) async throws(VouchError) -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vouch-verify-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let limits = limits
        let parallel = options.maxParallelBlobs
        return try await RegistryClient.with(registry: reference.registry, options: options) { client throws(VouchError) -> Outcome in
            let fetch = LayoutFetch(client: client, reference: reference, directory: scratch, withSignatures: false)
            guard mkdir(scratch, 0o700) == 0 else { throw VouchError.system(errno: errno, operation: "mkdir", path: scratch) }
            let documents = try await fetch.documents()
            if !documents.failures.isEmpty {
                return .tampered(TamperedDocuments(
                    path: reference.description, failures: documents.failures, checksMade: documents.checksMade,
                    cause: VouchError(.malformedInput, "the registry served a manifest that does not match its digest")))
            }
            let selection = try OCILayout.open(scratch, limits: limits).select(tag: nil, platform: platform)
            // The selected manifest's config; the layout reader checks it again when it reads the image.
            switch try await client.blob(reference.repository, descriptor: selection.manifest.config) {
            case .success(let bytes): try fetch.store(bytes, digest: selection.manifest.config.digest)
            case .failure(let mismatch):
                return .tampered(TamperedDocuments(
                    path: reference.description, failures: [mismatch.failure], checksMade: documents.checksMade + 1,
                    cause: VouchError(.malformedInput, "the registry served a config that does not match its digest")))
            }
            let layout = try OCILayout.open(scratch, limits: limits)
            var image: LoadedImage
            switch try ImageLoader(limits: limits).inspect(try layout.image(tagged: nil), in: layout, platform: platform) {
            case .loaded(let loaded): image = loaded
            case .tampered(var tampered):
                tampered.path = reference.description
                return .tampered(tampered)
            }
            image.reference = ImageReference(path: reference.description)
            return .verified(try await Self.streamLayers(image, client: client, reference: reference, limits: limits, concurrency: parallel))
        }
    }

    /// Streams every layer of `image` through the verifier, `concurrency` at a time.
    static func streamLayers(
        _ image: LoadedImage, client: RegistryClient, reference: RemoteReference, limits: ImageLimits, concurrency: Int
    ) async throws(VouchError) -> ImageVerificationReport {
        let sources = SourceList()
        let result: Result<ImageVerificationReport, VouchError> = await onThread {
            do throws(VouchError) {
                return .success(try ImageVerifier(limits: limits, concurrency: concurrency).verify(image, streamingLayers: { layer throws(VouchError) in
                    guard let descriptor = layer.descriptor else {
                        throw VouchError(.malformedInput, "layer \(layer.index) has no descriptor")
                    }
                    let source = ReceivedBlobSource()
                    sources.append(source)
                    Task {
                        // More than the descriptor's size is cut at one byte over: a size mismatch, not an endless hash.
                        let received = ReceivedCount()
                        do throws(VouchError) {
                            try await client.streamBlob(reference.repository, digest: descriptor.digest) { chunk throws(VouchError) in
                                let before = received.add(Int64(chunk.count))
                                let room = max(0, descriptor.size + 1 - before)
                                if !(await source.push(Array(chunk.prefix(Int(min(room, Int64(chunk.count))))))) {
                                    throw VouchError(.ioFailure, "verification stopped")
                                }
                                if before + Int64(chunk.count) > descriptor.size { throw VouchError(.ioFailure, "oversized") }
                            }
                            source.finish(error: nil)
                        } catch {
                            source.finish(error: received.value > descriptor.size || error.reason == "verification stopped" ? nil : error)
                        }
                    }
                    return (source, "\(reference.repositoryName)@\(descriptor.digest)")
                }))
            } catch {
                return .failure(error)
            }
        }
        let all = sources.all
        for source in all { source.cancel() }
        let report = try result.get()
        // A transport failure is "could not run", not "not intact".
        if let error = all.compactMap(\.transportError).first { throw error }
        return report
    }

    /// Runs blocking work on its own thread (the verifier's threads block on received bytes, which the
    /// concurrency pool delivers).
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}

extension LayoutFetch {
    /// The documents alone: every manifest and index the reference leads to, stored in ``directory``, and
    /// an `index.json` naming the top one.
    func documents() async throws(VouchError) -> PullReport {
        var report = PullReport(
            reference: reference.description, output: directory, digest: nil, manifests: 0, blobs: 0, bytes: 0, artifacts: [],
            failures: [], checksMade: 0)
        guard mkdir(directory + "/blobs", 0o755) == 0 || errno == EEXIST else { throw VouchError.system(errno: errno, operation: "mkdir", path: directory) }
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
        var blobs: [Blob] = []
        try await collectDocuments(top, depth: 0, blobs: &blobs, report: &report)
        try OutputFile.write(Array(try JSONOutput.encode(ImageIndex(manifests: [top.descriptor])).utf8), to: directory + "/index.json")
        try OutputFile.write(Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8), to: directory + "/oci-layout")
        return report
    }
}

/// The streams opened for one verification (to cancel them and collect transport errors afterwards).
final class SourceList: @unchecked Sendable {
    private let lock = NSLock()
    private var sources: [ReceivedBlobSource] = []

    func append(_ source: ReceivedBlobSource) {
        lock.lock()
        sources.append(source)
        lock.unlock()
    }

    var all: [ReceivedBlobSource] {
        lock.lock()
        defer { lock.unlock() }
        return sources
    }
}

/// Bytes received so far for one blob.
final class ReceivedCount: @unchecked Sendable {
    private let lock = NSLock()
    private var total: Int64 = 0

    /// Adds `count` and returns the total before it.
    func add(_ count: Int64) -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        let before = total
        total += count
        return before
    }

    var value: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return total
    }
}
