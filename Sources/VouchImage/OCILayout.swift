public import VouchCore
import VouchCrypto

/// The one reader of an OCI image layout's `index.json` (image-spec image-layout.md), in a directory or a
/// tar (oci-archive, Docker 25+ `docker save`, containerd export). Every command that picks an image from a
/// layout (the `image` commands, `sign`, `verify`, `attest`, `verify-attestation`, `policy check`) picks it
/// here, so they all see the same images, tags and cosign artifacts.
///
/// Index entries are classified once: images (manifests and indexes), cosign artifacts about an image
/// (`sha256-<hex>.sig|.att|.sbom` tags, OCI 1.1 referrers), other artifacts, and entries of unknown media
/// types, which are ignored as image-spec descriptor.md says ("MUST ignore ... unknown media types").
public struct OCILayout: Sendable {
    /// What an `index.json` entry is.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// An image manifest or image index: something to select.
        case image
        /// cosign signatures: a `sha256-<hex>.sig` tag, or a referrer of artifact type simple-signing.
        case signature
        /// cosign attestations: a `sha256-<hex>.att` tag, or a referrer of artifact type DSSE envelope.
        case attestation
        /// cosign's attached SBOM (`sha256-<hex>.sbom`).
        case sbom
        /// A Sigstore bundle referrer (cosign v3: artifact type `application/vnd.dev.sigstore.bundle.v0.3+json`),
        /// holding an image signature or an attestation.
        case sigstoreBundle
        /// The referrers tag schema's index (`sha256-<hex>`, distribution-spec "Referrers Tag Schema"): a list
        /// of an image's referrers, not an image.
        case referrersIndex
        /// Any other artifact (a descriptor with an `artifactType`).
        case artifact
        /// A media type that is neither a manifest nor an index; ignored (image-spec descriptor.md).
        case unknownMediaType
    }

    /// One `index.json` entry with what it is and the tags that name it.
    public struct Entry: Hashable, Sendable {
        public var descriptor: Descriptor
        public var kind: Kind
        /// `io.containerd.image.name` and `org.opencontainers.image.ref.name`, in that order, when present.
        public var tags: [String]
        public var digest: Digest { descriptor.digest }
    }

    /// A cosign artifact manifest about an image, with where it was found (for reports).
    public typealias Artifact = CosignArtifact

    /// The files of the layout.
    public let storage: any ImageStorage
    public let limits: ImageLimits
    /// `index.json` as read: every entry, also those ignored when selecting (a writer keeps them all).
    public let index: ImageIndex
    /// Docker 25+ and containerd archives also carry Docker's `manifest.json`.
    public let dockerEntries: [DockerArchiveEntry]?
    /// `index.json`'s entries, classified, in order.
    public let entries: [Entry]

    /// The layout's path as the user gave it.
    public var path: String { storage.displayName }

    /// Reads `oci-layout`, `index.json` and (when present) `manifest.json` of the layout in `storage`.
    public init(storage: any ImageStorage, limits: ImageLimits = ImageLimits()) throws(VouchError) {
        self.storage = storage
        self.limits = limits
        let decoder = DocumentDecoder(limits: limits)
        let marker: OCILayoutMarker = try decoder.decode(try Self.readFile("oci-layout", in: storage, limits: limits), name: "\(storage.displayName)/oci-layout")
        guard marker.imageLayoutVersion == "1.0.0" else {
            throw VouchError(.unsupportedInput, "image layout version '\(marker.imageLayoutVersion)' (1.0.0 is supported)", path: "\(storage.displayName)/oci-layout")
        }
        dockerEntries = storage.exists("manifest.json")
            ? try decoder.decode(try Self.readFile("manifest.json", in: storage, limits: limits), name: "\(storage.displayName)/manifest.json")
            : nil
        index = try decoder.decodeIndex(try Self.readFile("index.json", in: storage, limits: limits), name: "\(storage.displayName)/index.json")
        entries = index.manifests.map { Entry(descriptor: $0, kind: Self.classify($0), tags: Self.tags(of: $0)) }
    }

    /// Opens the layout at `path`: a directory or a tar.
    public static func open(_ path: String, limits: ImageLimits = ImageLimits()) throws(VouchError) -> OCILayout {
        let storage = try ImageLoader(limits: limits).openStorage(path)
        guard storage.exists("index.json"), storage.exists("oci-layout") else {
            throw VouchError(.unsupportedInput, "not an OCI image layout (needs oci-layout and index.json)", path: path)
        }
        return try OCILayout(storage: storage, limits: limits)
    }

    // MARK: Selection

    /// The images of the layout, one entry per distinct digest (tags of duplicate entries merged).
    public var images: [Entry] {
        var result: [Entry] = []
        for entry in entries where entry.kind == .image {
            if let at = result.firstIndex(where: { $0.digest == entry.digest }) {
                for tag in entry.tags where !result[at].tags.contains(tag) { result[at].tags.append(tag) }
            } else {
                result.append(entry)
            }
        }
        return result
    }

    /// Every tag of the layout's images, with Docker's `manifest.json` tags.
    public var imageTags: [String] {
        images.flatMap(\.tags) + (dockerEntries ?? []).flatMap { $0.repoTags ?? [] }
    }

    /// The image `tag` names, or the only image when `tag` is nil. With several images and no tag, or a tag
    /// naming none, the error lists the tags.
    public func image(tagged tag: String?) throws(VouchError) -> Entry {
        let images = images
        var candidates = images
        if let tag {
            candidates = images.filter { $0.tags.contains { Self.tag($0, matches: tag) } }
            // Docker 25 keeps tags in manifest.json; with one image in index.json that tag names it.
            if candidates.isEmpty, images.count == 1,
               (dockerEntries ?? []).contains(where: { ($0.repoTags ?? []).contains { Self.tag($0, matches: tag) } }) {
                candidates = images
            }
            guard !candidates.isEmpty else {
                let known = imageTags
                throw VouchError(
                    .invalidArgument,
                    "no image tagged '\(tag)'" + (known.isEmpty ? " (the layout has no tags)" : "; tags: \(known.joined(separator: ", "))"),
                    path: path)
            }
        }
        guard let first = candidates.first else {
            throw VouchError(.malformedInput, "index.json lists no image manifests", path: "\(path)/index.json")
        }
        guard candidates.count == 1 else {
            let known = candidates.flatMap(\.tags)
            throw VouchError(
                .invalidArgument,
                "the layout holds \(candidates.count) images; pick one with --tag or IMAGE:TAG" +
                    (known.isEmpty ? " (they are untagged)" : " (tags: \(known.joined(separator: ", ")))"),
                path: path)
        }
        return first
    }

    /// The digest `tag` resolves to: the image manifest, or the image index of a multi-platform image. This
    /// is what `sign` and `attest` sign, as `cosign sign IMAGE:TAG` signs what the tag resolves to.
    public func subjectDigest(tag: String?) throws(VouchError) -> Digest {
        try image(tagged: tag).digest
    }

    /// Selects the image `tag` names and walks its indexes down to the manifest for `platform` (the host's
    /// when nil). Digest and size mismatches of the documents read are in ``Selection/failures``.
    public func select(tag: String?, platform: Platform?) throws(VouchError) -> Selection {
        try select(try image(tagged: tag), platform: platform)
    }

    /// Walks `entry`'s indexes down to the manifest for `platform` (the host's when nil).
    public func select(_ entry: Entry, platform: Platform?) throws(VouchError) -> Selection {
        var reader = DocumentReader(storage: storage, limits: limits)
        do {
            return try select(entry, platform: platform, reader: &reader)
        } catch {
            throw reader.leadingWithMismatch(error, path: path)
        }
    }

    /// ``select(_:platform:)`` recording into `reader`, whose failures survive a throw.
    func select(_ entry: Entry, platform: Platform?, reader: inout DocumentReader) throws(VouchError) -> Selection {
        var chain: [Descriptor] = []
        let (descriptor, bytes) = try resolveManifest(entry.descriptor, requested: platform, depth: 0, chain: &chain, reader: &reader)
        let manifest = try reader.decoder.decodeManifest(bytes, descriptor: descriptor)
        return Selection(
            entry: entry, indexDescriptors: chain, manifestDescriptor: descriptor, manifest: manifest,
            failures: reader.failures, checks: reader.checks)
    }

    /// The outcome of ``select(tag:platform:)``.
    public struct Selection: Sendable {
        /// The `index.json` entry selected (the subject of signatures and attestations).
        public var entry: Entry
        /// The indexes walked from the top to the manifest.
        public var indexDescriptors: [Descriptor]
        public var manifestDescriptor: Descriptor
        public var manifest: ImageManifest
        /// Digest and size mismatches of the documents read (they were parsed on, to report everything).
        public var failures: [ImageFailure]
        public var checks: Int
    }

    /// Walks indexes down to one manifest for the platform.
    private func resolveManifest(
        _ descriptor: Descriptor, requested: Platform?, depth: Int, chain: inout [Descriptor], reader: inout DocumentReader
    ) throws(VouchError) -> (Descriptor, [UInt8]) {
        if MediaType.isManifest(descriptor.mediaType) {
            return (descriptor, try reader.readBlob(descriptor, object: "manifest", path: path))
        }
        if MediaType.isSchema1(descriptor.mediaType) {
            throw VouchError(.unsupportedInput, "Docker schema 1 manifest \(descriptor.digest) is deprecated and not supported", path: path)
        }
        guard MediaType.isIndex(descriptor.mediaType) else {
            throw VouchError(.unsupportedInput, "unknown media type '\(descriptor.mediaType)' for \(descriptor.digest)", path: path)
        }
        guard depth < limits.maxIndexDepth else {
            throw VouchError.limitExceeded(
                "maxIndexDepth", limit: Int64(limits.maxIndexDepth), found: Int64(depth + 1), path: path, what: "index nesting depth")
        }
        chain.append(descriptor)
        let bytes = try reader.readBlob(descriptor, object: "index", path: path)
        let index = try reader.decoder.decodeIndex(bytes, name: "index \(descriptor.digest)")
        let target = requested ?? ImageLoader.hostPlatform
        // Unknown media types and BuildKit's attestation manifests are not platform images.
        let usable = index.manifests.filter { !Self.isAttestation($0) && Self.classify($0) == .image }
        // Exact platform matches first; nested indexes without a platform are searched after.
        let matching = usable.filter { $0.platform.map { Self.platform($0, matches: target) } ?? false }
        let ranked = matching.sorted { Self.variantRank($0.platform, target) < Self.variantRank($1.platform, target) }
        for candidate in ranked where !MediaType.isIndex(candidate.mediaType) {
            return try resolveManifest(candidate, requested: requested, depth: depth + 1, chain: &chain, reader: &reader)
        }
        for candidate in usable where MediaType.isIndex(candidate.mediaType) && (candidate.platform == nil || matching.contains(candidate)) {
            var branch = chain
            do {
                let found = try resolveManifest(candidate, requested: requested, depth: depth + 1, chain: &branch, reader: &reader)
                chain = branch
                return found
            } catch where error.code == .platformNotFound {
                continue  // that branch has no such platform; try the next
            }
        }
        let available = usable.compactMap { $0.platform?.description }
        throw VouchError(
            .platformNotFound,
            "no manifest for platform \(target) in index \(descriptor.digest)" +
                (available.isEmpty ? "" : "; it has: \(available.joined(separator: ", "))") +
                (requested == nil ? " (the host's platform; choose one with --platform)" : ""),
            path: path)
    }

    // MARK: cosign artifacts

    /// The cosign artifacts of `kind` about `subject` (``CosignArtifactFinder``): the manifest tagged
    /// `sha256-<hex>.sig|.att`, and referrers of that kind whose `subject` is `subject`.
    public func artifacts(_ kind: Kind, about subject: Digest) throws(VouchError) -> [Artifact] {
        try CosignArtifactFinder.artifacts(kind, about: subject, in: self)
    }

    /// The manifest `descriptor` names, digest-checked and strictly decoded.
    public func manifest(_ descriptor: Descriptor) throws(VouchError) -> ImageManifest {
        let bytes = try readBlob(descriptor, maximum: limits.maxJSONBytes, limitName: "maxJSONBytes")
        return try DocumentDecoder(limits: limits).decodeManifest(bytes, descriptor: descriptor)
    }

    /// The bytes of a document blob (a cosign manifest, a simple-signing payload) within ``ImageLimits/maxJSONBytes``,
    /// checked against its descriptor: a mismatch throws.
    public func readDocumentBlob(_ descriptor: Descriptor) throws(VouchError) -> [UInt8] {
        try readBlob(descriptor, maximum: limits.maxJSONBytes, limitName: "maxJSONBytes")
    }

    /// The bytes of the blob `descriptor` names, checked against its digest and size: a mismatch throws.
    public func readBlob(_ descriptor: Descriptor, maximum: Int64, limitName: String) throws(VouchError) -> [UInt8] {
        let name = "\(path)/\(OCILayoutPaths.blob(descriptor.digest))"
        if descriptor.size > maximum {
            throw VouchError.limitExceeded(limitName, limit: maximum, found: descriptor.size, path: name, what: "blob \(descriptor.digest) declared size")
        }
        let slice: FileSlice
        switch try storage.lookupBlob(descriptor.digest) {
        case .found(let found): slice = found
        case .missing: throw VouchError(.fileNotFound, "blob \(descriptor.digest) is missing from the layout", path: name)
        case .refused(let why): throw VouchError(.malformedInput, "blob \(descriptor.digest) refused: \(why)", path: name)
        }
        let bytes = try slice.readAll(maximum: maximum, limitName: limitName)
        let actual = try DigestHasher.digest(of: bytes, algorithm: descriptor.digest.algorithm)
        guard actual == descriptor.digest, Int64(bytes.count) == descriptor.size else {
            throw VouchError(
                .malformedInput,
                "blob content does not match its digest \(descriptor.digest) (found \(actual), \(bytes.count) bytes; the descriptor says \(descriptor.size) bytes)",
                path: name)
        }
        return bytes
    }

    /// cosign's tag for artifacts about `digest`: `sha256-<hex>.sig`, `.att` or `.sbom`.
    public static func cosignTag(for digest: Digest, kind: Kind) -> String {
        let suffix = switch kind {
        case .signature: "sig"
        case .attestation: "att"
        default: "sbom"
        }
        return "\(digest.algorithm.name)-\(digest.hex).\(suffix)"
    }

    /// The referrers tag schema's tag for `digest`: `<alg>-<hex>`, the hex cut to 64 characters
    /// (distribution-spec "Referrers Tag Schema").
    public static func referrersTag(for digest: Digest) -> String {
        "\(digest.algorithm.name)-\(digest.hex.prefix(64))"
    }

    // MARK: Classification

    /// The artifact types of cosign's signature referrers: cosign's own, and the payload media type
    /// some tools give instead.
    public static let signatureArtifactTypes = ["application/vnd.dev.cosign.artifact.sig.v1+json", "application/vnd.dev.cosign.simplesigning.v1+json"]
    /// The artifact type of attestation referrers (a DSSE envelope).
    public static let envelopeArtifactType = "application/vnd.dsse.envelope.v1+json"
    /// The artifact types of Sigstore bundle referrers (cosign's bundle specification): the v0.3 media type
    /// in both of its spellings.
    public static let sigstoreBundleArtifactTypes = ["application/vnd.dev.sigstore.bundle.v0.3+json", "application/vnd.dev.sigstore.bundle+json;version=0.3"]

    /// The kind a referrer's artifact type names; ``Kind/artifact`` for any other, nil without one.
    public static func kind(ofArtifactType type: String?) -> Kind? {
        guard let type else { return nil }
        if signatureArtifactTypes.contains(type) { return .signature }
        if type == envelopeArtifactType { return .attestation }
        return sigstoreBundleArtifactTypes.contains(type) ? .sigstoreBundle : .artifact
    }

    /// What an index entry is: cosign tags first, then the artifact type, then the media type.
    public static func classify(_ descriptor: Descriptor) -> Kind {
        for name in tags(of: descriptor) {
            if let kind = cosignTagKind(name) { return kind }
            if MediaType.isIndex(descriptor.mediaType), isReferrersTag(name) { return .referrersIndex }
        }
        if let kind = kind(ofArtifactType: descriptor.artifactType) { return kind }
        let type = descriptor.mediaType
        if MediaType.isManifest(type) || MediaType.isIndex(type) || MediaType.isSchema1(type) { return .image }
        return .unknownMediaType
    }

    /// The kind a cosign tag names: `[repo:]sha256-<64 hex>.sig|.att|.sbom`.
    static func cosignTagKind(_ name: String) -> Kind? {
        let tagPart = name.split(separator: ":").last.map(String.init) ?? name
        let parts = tagPart.split(separator: ".")
        guard parts.count == 2, parts[0].hasPrefix("sha256-") else { return nil }
        let hex = parts[0].dropFirst(7)
        guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else { return nil }
        switch parts[1] {
        case "sig": return .signature
        case "att": return .attestation
        case "sbom": return .sbom
        default: return nil
        }
    }

    /// `[repo:]sha256-<64 hex>`: the referrers tag schema's tag.
    static func isReferrersTag(_ name: String) -> Bool {
        let tagPart = name.split(separator: ":").last.map(String.init) ?? name
        guard tagPart.hasPrefix("sha256-") else { return false }
        let hex = tagPart.dropFirst(7)
        return hex.count == 64 && hex.allSatisfy(\.isHexDigit)
    }

    /// The tags an entry carries: containerd's `io.containerd.image.name` and the OCI ref name.
    static func tags(of descriptor: Descriptor) -> [String] {
        let annotations = descriptor.annotations ?? [:]
        var names: [String] = []
        for key in ["io.containerd.image.name", "org.opencontainers.image.ref.name"] {
            if let name = annotations[key], !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// `tag` matches a full name (`repo:tag`), its tag part, or an OCI ref name.
    public static func tag(_ name: String, matches tag: String) -> Bool {
        name == tag || name.hasSuffix(":" + tag) || name.hasSuffix("/" + tag)
    }

    /// BuildKit attestation manifests: platform `unknown/unknown` and a `vnd.docker.reference.type`.
    static func isAttestation(_ descriptor: Descriptor) -> Bool {
        if descriptor.annotations?["vnd.docker.reference.type"] == "attestation-manifest" { return true }
        return descriptor.platform?.os == "unknown" && descriptor.platform?.architecture == "unknown"
    }

    /// OS and architecture must be equal; a requested variant must match (arm64's default variant is v8).
    static func platform(_ candidate: Platform, matches target: Platform) -> Bool {
        guard candidate.os == target.os, candidate.architecture == target.architecture else { return false }
        guard let wanted = normalizedVariant(target) else { return true }
        return normalizedVariant(candidate) == wanted
    }

    static func variantRank(_ candidate: Platform?, _ target: Platform) -> Int {
        guard let candidate else { return 2 }
        if normalizedVariant(candidate) == normalizedVariant(target) { return 0 }
        return candidate.variant == nil ? 1 : 2
    }

    private static func normalizedVariant(_ platform: Platform) -> String? {
        if platform.architecture == "arm64" { return platform.variant ?? "v8" }
        return platform.variant
    }

    static func readFile(_ relative: String, in storage: any ImageStorage, limits: ImageLimits) throws(VouchError) -> [UInt8] {
        switch try storage.lookup(relative, allowSymlinks: false) {
        case .found(let slice): return try slice.readAll(maximum: limits.maxJSONBytes, limitName: "maxJSONBytes")
        case .missing: throw VouchError(.fileNotFound, "\(relative) is missing", path: storage.displayName)
        case .refused(let why): throw VouchError(.malformedInput, why, path: storage.displayName)
        }
    }
}

/// Paths inside a layout.
enum OCILayoutPaths {
    /// `blobs/<alg>/<hex>`; safe as a path only because ``Digest`` parsing admits no `/` or `.` in either part.
    static func blob(_ digest: Digest) -> String { "blobs/\(digest.algorithm.name)/\(digest.hex)" }
}
