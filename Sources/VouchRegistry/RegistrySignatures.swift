#if canImport(Glibc)
import Glibc
#endif
import Foundation
public import VouchCore
import VouchFiles
import VouchImage

/// `sign REF` and `verify REF`: cosign's registry conventions through the layout code that signs and
/// verifies layouts, so there is one signer and one verifier.
///
/// ``stage(_:signatureRepository:into:)`` fetches what signing and verification read (every manifest and
/// config of the image, and every cosign artifact about it with its blobs: the `sha256-<hex>.sig|.att|.sbom`
/// tags and the referrers, from the signature repository) into a new OCI layout; the layout code then signs
/// or verifies there, and ``publish(layout:tags:referrers:subject:to:)`` pushes what signing changed. A new
/// signature is appended to the existing `.sig` manifest by the layout code (read-modify-write: another
/// signer's layer is never dropped).
public struct RegistrySignatures: Sendable {
    public var options: RegistryOptions

    public init(options: RegistryOptions) {
        self.options = options
    }

    /// The repository signatures of `reference` live in: `--signature-repository`, else
    /// `COSIGN_REPOSITORY` (cosign's variable), else the image's own.
    public static func signatureRepository(for reference: RemoteReference, flag: String?, environment: [String: String]? = nil) throws(VouchError) -> RemoteReference {
        let environment = environment ?? ProcessInfo.processInfo.environment
        guard let text = flag ?? environment["COSIGN_REPOSITORY"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return RemoteReference(registry: reference.registry, repository: reference.repository)
        }
        let parsed = try RemoteReference(parsing: text)
        guard parsed.tag == nil, parsed.digest == nil else {
            throw VouchError(.invalidArgument, "the signature repository '\(text)' must be a repository, without a tag or digest")
        }
        return RemoteReference(registry: parsed.registry, repository: parsed.repository)
    }

    /// Fetches the image's documents and its cosign artifacts into the new directory `directory`.
    public func stage(_ reference: RemoteReference, signatureRepository: RemoteReference, into directory: String) async throws(VouchError) -> PullReport {
        guard mkdir(directory, 0o700) == 0 else { throw VouchError.system(errno: errno, operation: "mkdir", path: directory) }
        let options = options
        return try await RegistryClient.with(registry: reference.registry, options: options) { client throws(VouchError) -> PullReport in
            if signatureRepository.registry == reference.registry {
                var fetch = LayoutFetch(client: client, reference: reference, directory: directory, withSignatures: true)
                fetch.includeLayers = false
                fetch.signatures = (client, signatureRepository)
                return try await fetch.run()
            }
            return try await RegistryClient.with(registry: signatureRepository.registry, options: options) { other throws(VouchError) -> PullReport in
                var fetch = LayoutFetch(client: client, reference: reference, directory: directory, withSignatures: true)
                fetch.includeLayers = false
                fetch.signatures = (other, signatureRepository)
                return try await fetch.run()
            }
        }
    }

    /// Pushes the artifact manifests tagged `tags` in the layout (with the blobs they need), and the
    /// referrer manifests `referrers` of `subject`, to `repository`; on a registry without the referrers API
    /// the referrers tag-schema index is updated (read, append without duplicates, write back).
    public func publish(layout path: String, tags: [String], referrers: [Digest], subject: Digest, to repository: RemoteReference) async throws(VouchError) {
        let layout = try OCILayout.open(path)
        let options = options
        try await RegistryClient.with(registry: repository.registry, options: options) { client throws(VouchError) in
            var uploader = Uploader(client: client, layout: layout, repository: repository.repository, options: options)
            for tag in tags {
                guard let entry = layout.entries.first(where: { $0.tags.contains(tag) }) else {
                    throw VouchError(.fileNotFound, "no manifest tagged \(tag) in the staged layout", path: path)
                }
                try await uploader.push(entry.descriptor, depth: 0)
                try await client.putManifest(repository.repository, reference: tag, bytes: try layout.readDocumentBlob(entry.descriptor), mediaType: entry.descriptor.mediaType)
            }
            var pushed: [Descriptor] = []
            for digest in referrers {
                guard let entry = layout.entries.first(where: { $0.digest == digest }) else {
                    throw VouchError(.fileNotFound, "no referrer manifest \(digest) in the staged layout", path: path)
                }
                try await uploader.push(entry.descriptor, depth: 0)
                pushed.append(entry.descriptor)
            }
            if !pushed.isEmpty, try await client.referrers(repository.repository, subject: subject) == nil {
                try await client.addToReferrersTagSchema(repository.repository, subject: subject, pushed)
            }
        }
    }
}
