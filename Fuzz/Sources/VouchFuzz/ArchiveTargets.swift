import VouchCore
import VouchArchive
import VouchImage

/// The tar reader over each compression, and the image loader over a container written from the input.
enum ArchiveTargets {
    /// Small limits, so the fuzzer reaches them and the run stays inside `-rss_limit_mb`.
    static let limits = ArchiveLimits(
        maxEntries: 64, maxTotalUncompressedBytes: 8 << 20, maxCompressionRatio: 250,
        compressionRatioGraceBytes: 1 << 20, maxPathLength: 256)

    static let tarNone = FuzzTarget(name: "tar-none", dictionary: "tar") { bytes in
        readTar(bytes, name: "fuzz.tar")
    }

    /// The input after a gzip magic, so every input reaches the inflater.
    static let tarGzip = FuzzTarget(name: "tar-gzip", dictionary: "tar") { bytes in
        readTar(bytes.starts(with: [0x1f, 0x8b]) ? bytes : [0x1f, 0x8b] + bytes, name: "fuzz.tar.gz")
    }

    /// The input after a zstd magic, so every input reaches the zstd decoder.
    static let tarZstd = FuzzTarget(name: "tar-zstd", dictionary: "tar") { bytes in
        let magic: [UInt8] = [0x28, 0xb5, 0x2f, 0xfd]
        readTar(bytes.starts(with: magic) ? bytes : magic + bytes, name: "fuzz.tar.zst")
    }

    /// Reads every entry and its content; checks the named limits and the safety flags against an
    /// independent reading of each path.
    static func readTar(_ bytes: [UInt8], name: String) {
        do throws(VouchError) {
            let reader = try TarReader(source: MemoryByteSource(bytes), name: name, limits: limits)
            var total: Int64 = 0
            while let entry = try reader.next() {
                require(reader.entryCount <= limits.maxEntries, "entry \(reader.entryCount) past maxEntries=\(limits.maxEntries)")
                require(entry.path.utf8.count <= limits.maxPathLength, "a path of \(entry.path.utf8.count) bytes past maxPathLength")
                require((entry.linkTarget?.utf8.count ?? 0) <= limits.maxPathLength, "a link target past maxPathLength")
                let components = entry.path.split(separator: "/")
                if components.contains("..") {
                    require(entry.safetyIssues.contains(.parentTraversal), "'\(entry.path)' has '..' but no parentTraversal issue")
                }
                if entry.path.hasPrefix("/") {
                    require(entry.safetyIssues.contains(.absolutePath), "'\(entry.path)' is absolute but not flagged")
                }
                if entry.type == .characterDevice || entry.type == .blockDevice {
                    require(entry.safetyIssues.contains(.deviceFile), "a device entry not flagged")
                }
                let content = try reader.readContent(upTo: 1 << 20)
                total += Int64(content.count)
                require(total <= limits.maxTotalUncompressedBytes, "\(total) content bytes past maxTotalUncompressedBytes")
            }
        } catch {
            requireWellFormed(error, file: name)
        }
    }

    /// The input is written as a container file (an oci-archive or docker-save tar) and loaded as `image
    /// verify` loads it: every image, every layer verified.
    static let image = FuzzTarget(name: "image", dictionary: "tar") { bytes in
        let path = Scratch.write(bytes, as: "image.tar")
        let imageLimits = ImageLimits(
            maxJSONBytes: 256 << 10, maxJSONDepth: 32, maxIndexDepth: 4, maxIndexEntries: 64, maxLayers: 16,
            maxArchiveMembers: 256, maxMemberLinkHops: 4, layer: limits)
        do throws(VouchError) {
            for outcome in try ImageLoader(limits: imageLimits).inspectEach(path: path) {
                switch outcome {
                case .tampered(let tampered):
                    require(!tampered.verdict.passed, "a tampered image whose verdict passed")
                    requireWellFormed(tampered.error, file: path)
                case .loaded(let image):
                    require(image.layers.count <= imageLimits.maxLayers, "\(image.layers.count) layers past maxLayers")
                    let verifier = LayerVerifier(limits: imageLimits)
                    for layer in image.layers {
                        let verification = verifier.verify(layer).verification
                        if verification.failures.isEmpty, let descriptor = layer.descriptor, verification.status == .read {
                            require(verification.compressedDigest == descriptor.digest,
                                    "layer \(layer.index) verified with digest \(verification.compressedDigest?.description ?? "none") but the manifest says \(descriptor.digest)")
                        }
                    }
                }
            }
        } catch {
            requireWellFormed(error, file: path)
        }
    }
}
