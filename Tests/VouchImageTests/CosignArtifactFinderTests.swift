import Testing
import VouchCore
import VouchCrypto
import VouchImage

/// ``CosignArtifactFinder`` reads cosign's storage schemes through any ``CosignArtifactSource``: here an
/// in-memory one standing for a registry (tags, a referrers API answer, blobs by digest), so a registry source
/// (issue 13) finds exactly what a layout does.
@Suite struct CosignArtifactFinderTests {
    /// Tags, referrers and blobs held in memory, as a registry would serve them.
    struct MemorySource: CosignArtifactSource {
        var displayName = "memory"
        var limits = ImageLimits()
        var tags: [String: Descriptor] = [:]
        var referrers: [Descriptor] = []
        var blobs: [Digest: [UInt8]] = [:]

        func descriptor(tagged tag: String) throws(VouchError) -> Descriptor? { tags[tag] }
        func referrerCandidates(of subject: Digest) throws(VouchError) -> [Descriptor] { referrers }
        func readBlob(_ descriptor: Descriptor, maximum: Int64, limitName: String) throws(VouchError) -> [UInt8] {
            guard let bytes = blobs[descriptor.digest] else { throw VouchError(.fileNotFound, "no blob \(descriptor.digest)") }
            return bytes
        }

        mutating func add(_ text: String, mediaType: String, artifactType: String? = nil) throws -> Descriptor {
            let bytes = Array(text.utf8)
            let digest = try DigestHasher.digest(of: bytes)
            blobs[digest] = bytes
            return Descriptor(mediaType: mediaType, digest: digest, size: Int64(bytes.count), artifactType: artifactType)
        }
    }

    static let image = try! Digest(parsing: "sha256:" + String(repeating: "1", count: 64))
    static let bundleType = "application/vnd.dev.sigstore.bundle.v0.3+json"

    /// A referrer manifest of `artifactType` about `subject`.
    static func referrer(_ source: inout MemorySource, subject: Digest, artifactType: String, manifestArtifactType: String? = nil, bundle: String = "a") throws -> Descriptor {
        let empty = try source.add("{}", mediaType: "application/vnd.oci.empty.v1+json")
        let layer = try source.add(#"{"mediaType":"\#(bundleType)","bundle":"\#(bundle)"}"#, mediaType: bundleType)
        let manifest = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"\#(manifestArtifactType ?? artifactType)","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"\#(empty.digest)","size":2},"layers":[{"mediaType":"\#(bundleType)","digest":"\#(layer.digest)","size":\#(layer.size)}],"subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(subject)","size":10}}"#
        return try source.add(manifest, mediaType: MediaType.ociManifest, artifactType: artifactType)
    }

    @Test func referrersFromTheSourceAndTheTagSchemaIndexAreFoundOnce() throws {
        var source = MemorySource()
        let listed = try Self.referrer(&source, subject: Self.image, artifactType: Self.bundleType)
        let onlyInIndex = try Self.referrer(&source, subject: Self.image, artifactType: Self.bundleType, bundle: "b")
        source.referrers = [listed]
        func entry(_ descriptor: Descriptor) -> String {
            #"{"mediaType":"\#(descriptor.mediaType)","digest":"\#(descriptor.digest)","size":\#(descriptor.size),"artifactType":"\#(Self.bundleType)"}"#
        }
        let index = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[\#(entry(listed)),\#(entry(onlyInIndex))]}"#
        source.tags[OCILayout.referrersTag(for: Self.image)] = try source.add(index, mediaType: MediaType.ociIndex)
        let found = try CosignArtifactFinder.artifacts(.sigstoreBundle, about: Self.image, in: source)
        #expect(found.map(\.descriptor.digest) == [listed.digest, onlyInIndex.digest])
        #expect(found.allSatisfy { $0.source.hasPrefix("referrer sha256:") })
        // Bundles are not cosign v2 attestations.
        #expect(try CosignArtifactFinder.artifacts(.attestation, about: Self.image, in: source).isEmpty)
    }

    @Test func aReferrerIsKeptOnlyWhenItsManifestNamesTheSubject() throws {
        var source = MemorySource()
        let other = try Digest(parsing: "sha256:" + String(repeating: "2", count: 64))
        source.referrers = [try Self.referrer(&source, subject: other, artifactType: Self.bundleType)]
        #expect(try CosignArtifactFinder.artifacts(.sigstoreBundle, about: Self.image, in: source).isEmpty)
    }

    @Test func aListingWhoseArtifactTypeTheManifestContradictsIsIgnored() throws {
        var source = MemorySource()
        source.referrers = [try Self.referrer(&source, subject: Self.image, artifactType: Self.bundleType, manifestArtifactType: "application/example")]
        #expect(try CosignArtifactFinder.artifacts(.sigstoreBundle, about: Self.image, in: source).isEmpty)
    }

    @Test func theCosignTagSchemeManifestComesFirst() throws {
        var source = MemorySource()
        let config = try source.add("{}", mediaType: "application/vnd.oci.image.config.v1+json")
        let tagged = try source.add(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\#(config.digest)","size":2},"layers":[]}"#, mediaType: MediaType.ociManifest)
        source.tags[OCILayout.cosignTag(for: Self.image, kind: .attestation)] = tagged
        source.referrers = [try Self.referrer(&source, subject: Self.image, artifactType: OCILayout.envelopeArtifactType)]
        let found = try CosignArtifactFinder.artifacts(.attestation, about: Self.image, in: source)
        #expect(found.map(\.source) == ["tag sha256-\(Self.image.hex).att", "referrer \(source.referrers[0].digest)"])
    }
}
