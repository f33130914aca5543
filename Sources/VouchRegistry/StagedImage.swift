#if canImport(Glibc)
import Glibc
#endif
import Foundation
public import VouchCore

/// A registry image fetched into a private temporary OCI layout, so that every command that reads images
/// on disk (inspect, digest, ls, sbom, secrets scan, vuln scan, verify-attestation, policy check) reads a
/// registry image through the same layout reader and the same cosign artifact finder as a layout.
///
/// The fetch checks what the registry serves exactly as `image pull` does (each manifest's digest computed
/// locally, each blob's digest and size while it streams); when something does not match,
/// ``report`` holds the failures and the layout is incomplete: callers report the failures (a negative
/// verdict) and read nothing from it. The directory is `mkdtemp`'s (mode 0700) under `TMPDIR` and is
/// removed when the value is released.
public final class StagedImage: Sendable {
    /// What to fetch.
    public enum Contents: Sendable {
        /// Manifests and configs only: enough to inspect the image and name its digest.
        case documents
        /// The whole image: every manifest, config and layer of every platform.
        case image
        /// The whole image and every cosign artifact about it (`sha256-<hex>.sig|.att|.sbom` tags,
        /// OCI 1.1 referrers or the referrers tag-schema index, each with its blobs), read from the
        /// signature repository.
        case imageWithArtifacts
    }

    public let reference: RemoteReference
    /// The OCI layout directory (complete only when ``report`` has no failures).
    public let layoutPath: String
    public let report: PullReport
    private let directory: String

    private init(reference: RemoteReference, directory: String, report: PullReport) {
        self.reference = reference
        self.directory = directory
        self.layoutPath = directory + "/layout"
        self.report = report
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// The registry's bytes matched every digest, so ``layoutPath`` is a complete layout.
    public var intact: Bool { report.failures.isEmpty }

    /// The name an image read from `reference` goes by in reports and SBOMs: the reference without its
    /// digest (the digest is the version), or by digest alone when no tag was given.
    public var displayName: String {
        reference.tag == nil ? reference.description : RemoteReference(registry: reference.registry, repository: reference.repository, tag: reference.tag).description
    }

    /// Fetches `reference` into a new private temporary directory. `signatureRepository` is where cosign
    /// artifacts are read from (``RegistrySignatures/signatureRepository(for:flag:environment:)``); nil:
    /// the image's repository.
    public static func fetch(
        _ reference: RemoteReference, contents: Contents, signatureRepository: RemoteReference? = nil, options: RegistryOptions
    ) async throws(VouchError) -> StagedImage {
        let directory = try makePrivateDirectory()
        do throws(VouchError) {
            let layout = directory + "/layout"
            guard mkdir(layout, 0o700) == 0 else { throw VouchError.system(errno: errno, operation: "mkdir", path: layout) }
            let signatures = signatureRepository ?? RemoteReference(registry: reference.registry, repository: reference.repository)
            func run(_ client: RegistryClient, _ artifacts: RegistryClient) async throws(VouchError) -> PullReport {
                var fetch = LayoutFetch(client: client, reference: reference, directory: layout, withSignatures: contents == .imageWithArtifacts)
                fetch.includeLayers = contents != .documents
                fetch.signatures = (artifacts, signatures)
                return try await fetch.run()
            }
            let report = try await RegistryClient.with(registry: reference.registry, options: options) { client throws(VouchError) -> PullReport in
                guard contents == .imageWithArtifacts, signatures.registry != reference.registry else { return try await run(client, client) }
                return try await RegistryClient.with(registry: signatures.registry, options: options) { other throws(VouchError) -> PullReport in
                    try await run(client, other)
                }
            }
            return StagedImage(reference: reference, directory: directory, report: report)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    private static func makePrivateDirectory() throws(VouchError) -> String {
        let temporary = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((temporary + "/vouch-registry-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw VouchError.system(errno: errno, operation: "mkdtemp", path: temporary)
        }
        return String(cString: made)
    }
}
