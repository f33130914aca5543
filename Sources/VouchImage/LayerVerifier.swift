public import VouchArchive
import VouchCore

/// Verifies one layer in a single streaming pass: hash the stored (compressed) bytes, inflate them, hash
/// the tar stream (the diff_id, OCI image-spec config.md "layer DiffID"), and parse every tar header for
/// the listing and the safety checks, with bounded memory.
///
/// The compressed blob is always hashed to its end, even when inflating or parsing fails, so a corrupted
/// blob is reported as a digest mismatch as well as a decompression error.
public struct LayerVerifier: Sendable {
    public var limits: ImageLimits
    /// Most entry-level failures reported per layer before they are summarised.
    public var maxReportedEntryFailures = 200
    /// False reads the layer for its files only: no digest, no diff_id is computed, so the outcome's
    /// verification says nothing about integrity (a secret scan, which never claimed to verify).
    public var checksDigests = true

    public init(limits: ImageLimits, checksDigests: Bool = true) {
        self.limits = limits
        self.checksDigests = checksDigests
    }

    /// The outcome of a pass: the verification, and, when asked, the entries and retained contents.
    public struct Outcome: Sendable {
        public var verification: LayerVerification
        public var entries: [LayerEntry]
        /// Contents of the entries `retain` selected, by ordinal.
        public var contents: [Int: [UInt8]]
    }

    /// Reads layer `layer`. `listEntries` keeps the entries; `retain` selects regular files whose content
    /// is kept in memory (it is called with each regular entry); `visitor` sees every regular file's
    /// content as the same pass reads it (one inflate serves both), and is told when the pass ends.
    public func verify(
        _ layer: ImageLayer, listEntries: Bool = false, retain: (@Sendable (LayerEntry) -> Bool)? = nil,
        visitor: (any LayerContentVisitor)? = nil, counter: ByteCounter? = nil
    ) -> Outcome {
        var result = LayerVerification(
            index: layer.index, storedPath: layer.storedPath, descriptor: layer.descriptor, status: .read,
            compression: nil, compressedDigest: nil, compressedSize: nil, diffID: nil,
            expectedDiffID: layer.expectedDiffID, uncompressedSize: nil, entryCount: 0, checksMade: 1, failures: [], findings: [])
        var outcome = Outcome(verification: result, entries: [], contents: [:])
        let slice: FileSlice
        switch layer.location {
        case .found(let found):
            slice = found
        case .missing:
            if layer.mediaType?.nondistributable == true {
                result.status = .absentNondistributable
                result.findings.append(LayerFinding(layer: layer.index, path: layer.storedPath, finding: "non-distributable layer not in the container; not verified"))
            } else {
                result.status = .missing
                result.failures.append(failure(layer, "blob is missing", expected: layer.storedPath, actual: "absent"))
            }
            visitor?.layerEnded(unread: "\(layer.storedPath): the blob is not in the container")
            outcome.verification = result
            return outcome
        case .refused(let why):
            result.status = .refused
            result.failures.append(failure(layer, "blob refused: \(why)"))
            visitor?.layerEnded(unread: "\(layer.storedPath): blob refused: \(why)")
            outcome.verification = result
            return outcome
        }
        var pass = Pass(
            layer: layer, limits: limits, maxReported: maxReportedEntryFailures, listEntries: listEntries, retain: retain,
            visitor: visitor, counter: counter, checksDigests: checksDigests)
        if layer.mediaType == nil, let descriptor = layer.descriptor {
            // image-spec: implementations must not error on unknown media types; the blob is still
            // checked against its descriptor, but its contents cannot be read as a filesystem layer.
            result.status = .notInterpretable
            result.findings.append(LayerFinding(
                layer: layer.index, path: layer.storedPath,
                finding: "media type '\(descriptor.mediaType)' is not interpretable; checked by digest and size only"))
            if checksDigests { pass.runDigestOnly(.slice(slice), into: &result) }
            visitor?.layerEnded(unread: "\(layer.storedPath): media type '\(descriptor.mediaType)' is not a filesystem layer Vouch reads")
            outcome.verification = result
            return outcome
        }
        pass.run(.slice(slice), into: &result)
        visitor?.layerEnded(unread: pass.unread)
        outcome.verification = result
        outcome.entries = pass.entries
        outcome.contents = pass.contents
        return outcome
    }

    /// Reads layer `layer` from `source`, its stored bytes from the first (a registry blob as it arrives),
    /// with the same checks as a layer on disk; nothing is kept but the verification. `name` names the
    /// stream in messages. The layer's `location` is not used.
    public func verify(_ layer: ImageLayer, streaming source: any ByteSource, name: String, counter: ByteCounter? = nil) -> LayerVerification {
        var result = LayerVerification(
            index: layer.index, storedPath: layer.storedPath, descriptor: layer.descriptor, status: .read,
            compression: nil, compressedDigest: nil, compressedSize: nil, diffID: nil,
            expectedDiffID: layer.expectedDiffID, uncompressedSize: nil, entryCount: 0, checksMade: 1, failures: [], findings: [])
        var pass = Pass(
            layer: layer, limits: limits, maxReported: maxReportedEntryFailures, listEntries: false, retain: nil, visitor: nil, counter: counter,
            checksDigests: true)
        let blob = LayerBlob.stream(PeekableByteSource(source), name: name)
        if layer.mediaType == nil, let descriptor = layer.descriptor {
            result.status = .notInterpretable
            result.findings.append(LayerFinding(
                layer: layer.index, path: layer.storedPath,
                finding: "media type '\(descriptor.mediaType)' is not interpretable; checked by digest and size only"))
            pass.runDigestOnly(blob, into: &result)
            return result
        }
        pass.run(blob, into: &result)
        return result
    }

    func failure(_ layer: ImageLayer, _ reason: String, expected: String? = nil, actual: String? = nil) -> ImageFailure {
        ImageFailure(object: "layer", layer: layer.index, descriptor: layer.descriptor, reason: reason, expected: expected, actual: actual)
    }
}

/// The state of one pass over one layer.
private struct Pass {
    let layer: ImageLayer
    let limits: ImageLimits
    let maxReported: Int
    let listEntries: Bool
    let retain: ((LayerEntry) -> Bool)?
    let visitor: (any LayerContentVisitor)?
    let counter: ByteCounter?
    /// The stored blob's digest algorithm, and the diff_id's, nil when the pass checks no digest.
    let storedAlgorithm: DigestAlgorithm?
    let diffIDAlgorithm: DigestAlgorithm?
    var entries: [LayerEntry] = []
    var contents: [Int: [UInt8]] = [:]
    /// Why not every entry was read (for the visitor), nil when the tar stream was read to its end.
    var unread: String?
    private var seenPaths = Set<String>()
    private var entryFailures = 0
    /// One entry's content, read once for both the retention and the visitor.
    private let content = ContentBuffer()

    init(
        layer: ImageLayer, limits: ImageLimits, maxReported: Int, listEntries: Bool, retain: ((LayerEntry) -> Bool)?,
        visitor: (any LayerContentVisitor)?, counter: ByteCounter?, checksDigests: Bool
    ) {
        storedAlgorithm = checksDigests ? layer.descriptor?.digest.algorithm ?? .sha256 : nil
        diffIDAlgorithm = checksDigests ? .sha256 : nil
        self.layer = layer
        self.limits = limits
        self.maxReported = maxReported
        self.listEntries = listEntries
        self.retain = retain
        self.visitor = visitor
        self.counter = counter
    }

    mutating func run(_ blob: LayerBlob, into result: inout LayerVerification) {
        let name = "layer \(layer.index) (\(blob.displayName))"
        let algorithm = storedAlgorithm
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { scratch.deallocate() }
        do throws(VouchError) {
            // A file slice is opened once: its first bytes are peeked, not read a second time.
            var slice = blob
            if case .slice(let file) = blob { slice = .stream(PeekableByteSource(try file.open()), name: file.displayName) }
            let compression = Compression.detect(magic: try slice.prefix(4))
            result.compression = compression
            checkDeclaredCompression(compression, into: &result)
            if compression == .none {
                // The stored bytes are the tar stream: hash once, use the digest twice.
                let stored = try DigestingByteSource(upstream: try slice.open(counting: counter), algorithm: algorithm)
                readTar(from: stored, blob: blob, into: &result)
                try stored.drain(buffer: scratch)
                result.compressedDigest = try stored.finalize()
                result.compressedSize = stored.byteCount
                result.diffID = result.compressedDigest
                result.uncompressedSize = stored.byteCount
            } else {
                let pipe = InflationPipe(
                    blob: slice, compression: compression, algorithm: algorithm, name: name, limits: limits.layer, counter: counter)
                let tarStream = try DigestingByteSource(upstream: pipe, algorithm: diffIDAlgorithm)
                readTar(from: tarStream, blob: blob, into: &result)
                // A broken tar stream still has a diff_id; only a broken decompression has none.
                var decompressionIntact = tarStream.upstreamError == nil
                if decompressionIntact {
                    do {
                        try tarStream.drain(buffer: scratch)
                    } catch {
                        decompressionIntact = false
                        stop("decompression failed: \(error.reason)", blob: blob, into: &result)
                    }
                }
                // Whatever happened above, the producer hashes the stored blob to its end.
                let stored = pipe.finish()
                if let readError = stored.readError {
                    throw readError
                }
                if decompressionIntact {
                    result.diffID = try tarStream.finalize()
                    result.uncompressedSize = tarStream.byteCount
                }
                result.compressedDigest = stored.digest
                result.compressedSize = stored.size
            }
        } catch {
            stop("blob could not be read: \(error.reason)", blob: blob, into: &result)
        }
        compareDigests(&result)
    }

    /// Records a failure after which the rest of the layer (its entries or its end) went unread; the first
    /// one is what the visitor is told.
    private mutating func stop(_ reason: String, blob: LayerBlob, into result: inout LayerVerification) {
        result.failures.append(failure(reason))
        if unread == nil { unread = "\(blob.displayName): \(reason)" }
    }

    /// Hashes the stored blob only (a layer of a media type Vouch cannot interpret).
    mutating func runDigestOnly(_ slice: LayerBlob, into result: inout LayerVerification) {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { scratch.deallocate() }
        do throws(VouchError) {
            let stored = try DigestingByteSource(upstream: try slice.open(counting: counter), algorithm: storedAlgorithm)
            try stored.drain(buffer: scratch)
            result.compressedDigest = try stored.finalize()
            result.compressedSize = stored.byteCount
        } catch {
            result.failures.append(failure("blob could not be read: \(error.reason)"))
        }
        compareDigests(&result)
    }

    /// Parses every header, recording what is wrong with the entries or the stream.
    private mutating func readTar(from source: DigestingByteSource, blob: LayerBlob, into result: inout LayerVerification) {
        let name = "layer \(layer.index) (\(blob.displayName))"
        do {
            // An empty stream is an empty tar (Go's archive/tar, and so containerd, read it as such).
            if try source.peek(1).isEmpty { return }
            let reader = try TarReader(source: source, name: name, limits: limits.layer, decompression: .none)
            var ordinal = 0
            while let entry = try reader.next() {
                // The normalized path and the listing are made once per entry: this loop runs for every
                // header of every layer.
                let path = entry.normalizedPath
                let listed = listing(entry, path: path, ordinal: ordinal)
                inspect(entry, listed, path: path, into: &result)
                if entry.type == .regular, retain != nil || visitor != nil {
                    try readContent(of: entry, listed, from: reader)
                }
                ordinal += 1
                result.entryCount = ordinal
            }
        } catch {
            record(error, blob: blob, into: &result, upstream: source.upstreamError)
        }
    }

    /// Reads a regular entry's content once, as far as the retention and the visitor want it, and hands
    /// it to both; content nobody wants is left for the reader to skip.
    private mutating func readContent(of entry: TarEntry, _ listed: LayerEntry, from reader: TarReader) throws(VouchError) {
        let size = Int(max(entry.size, 0))
        let keep = retain != nil && !entry.safetyIssues.contains(.parentTraversal) && retain!(listed)
        let visited = visitor?.contentLimit(for: listed).map { min(max($0, 0), size) }
        let wanted = max(keep ? size : 0, visited ?? 0)
        if wanted == 0 && !keep && visited == nil { return }
        let bytes = try content.fill(from: reader, count: wanted)
        if keep { contents[listed.ordinal] = [UInt8](bytes) }
        if let visited { visitor?.visit(listed, content: UnsafeRawBufferPointer(rebasing: bytes[..<min(visited, bytes.count)])) }
    }

    private mutating func record(_ error: VouchError, blob: LayerBlob, into result: inout LayerVerification, upstream: VouchError? = nil) {
        if let upstream {
            stop("decompression failed: \(upstream.reason)", blob: blob, into: &result)
        } else if error.code == .limitExceeded {
            stop("limit exceeded: \(error.reason)", blob: blob, into: &result)
        } else {
            stop("layer tar stream is unreadable: \(error.reason)", blob: blob, into: &result)
        }
    }

    /// The entry as listed; `path` is its normalized path.
    private func listing(_ entry: TarEntry, path: String, ordinal: Int) -> LayerEntry {
        let utf8 = path.utf8
        let base = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8[utf8.index(after: $0)...] } ?? utf8[...]
        return LayerEntry(
            path: "/" + path, type: entry.type, size: entry.size, mode: entry.mode,
            linkTarget: entry.linkTarget, ordinal: ordinal, isWhiteout: base.starts(with: Whiteout.prefix.utf8))
    }

    /// Safety and whiteout checks for one entry.
    private mutating func inspect(_ entry: TarEntry, _ listed: LayerEntry, path: String, into result: inout LayerVerification) {
        if listEntries { entries.append(listed) }
        for issue in entry.safetyIssues {
            switch issue {
            case .parentTraversal:
                entryFailure("path traversal: entry '\(entry.path)' contains '..'", into: &result)
            case .absolutePath:
                entryFailure("absolute path: entry '\(entry.path)'", into: &result)
            case .linkEscapesRoot(let target):
                if entry.type == .hardlink {
                    entryFailure("hard link '\(entry.path)' escapes the root (target '\(target)')", into: &result)
                } else {
                    result.findings.append(LayerFinding(layer: layer.index, path: listed.path, finding: "symlink target '\(target)' climbs above the root (resolved at the root, never followed outside)"))
                }
            case .deviceFile:
                result.findings.append(LayerFinding(layer: layer.index, path: listed.path, finding: "device file"))
            case .setIDBit:
                result.findings.append(LayerFinding(layer: layer.index, path: listed.path, finding: "setuid/setgid bit set (mode \(String(entry.mode, radix: 8)))"))
            }
        }
        if entry.type == .hardlink, let target = entry.linkTarget, !entry.safetyIssues.contains(where: { if case .linkEscapesRoot = $0 { true } else { false } }) {
            let normalized = target.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
            if !seenPaths.contains(normalized) {
                entryFailure("hard link '\(entry.path)' points to '\(target)', which is not earlier in the layer", into: &result)
            }
        }
        if listed.isWhiteout {
            switch Whiteout(name: String(path.split(separator: "/").last ?? "")) {
            case .invalid(let why): entryFailure("invalid whiteout '\(entry.path)': \(why)", into: &result)
            case .unsupported(let why): result.findings.append(LayerFinding(layer: layer.index, path: listed.path, finding: why))
            case .opaque, .remove: break
            }
        }
        seenPaths.insert(path)
    }

    private mutating func entryFailure(_ reason: String, into result: inout LayerVerification) {
        entryFailures += 1
        if entryFailures <= maxReported {
            result.failures.append(failure(reason))
        } else if entryFailures == maxReported + 1 {
            result.failures.append(failure("more entry failures in this layer; only the first \(maxReported) are listed"))
        }
    }

    private func checkDeclaredCompression(_ found: Compression, into result: inout LayerVerification) {
        guard let declared = layer.mediaType?.compression, let descriptor = layer.descriptor else { return }
        result.checksMade += 1
        if declared.rawValue != found.rawValue {
            result.failures.append(failure(
                "compression does not match the media type \(descriptor.mediaType)",
                expected: declared.rawValue, actual: found.rawValue))
        }
    }

    private func compareDigests(_ result: inout LayerVerification) {
        if let descriptor = layer.descriptor {
            result.checksMade += 2
            if let size = result.compressedSize, size != descriptor.size {
                result.failures.append(failure("size mismatch", expected: "\(descriptor.size) bytes", actual: "\(size) bytes"))
            }
            if let digest = result.compressedDigest, digest != descriptor.digest {
                result.failures.append(failure("digest mismatch", expected: descriptor.digest.description, actual: digest.description))
            }
        }
        if let expected = layer.expectedDiffID {
            result.checksMade += 1
            if let diffID = result.diffID, diffID != expected {
                result.failures.append(failure("diff_id mismatch", expected: expected.description, actual: diffID.description))
            }
        }
    }

    private func failure(_ reason: String, expected: String? = nil, actual: String? = nil) -> ImageFailure {
        ImageFailure(object: "layer", layer: layer.index, descriptor: layer.descriptor, reason: reason, expected: expected, actual: actual)
    }
}

/// A reusable buffer for one entry's content at a time, grown to the largest content asked for.
private final class ContentBuffer {
    private var storage = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 64)

    deinit { storage.deallocate() }

    /// The entry's next `count` bytes (fewer only if its content ends first), valid until the next call.
    func fill(from reader: TarReader, count: Int) throws(VouchError) -> UnsafeRawBufferPointer {
        if count > storage.count {
            storage.deallocate()
            storage = .allocate(byteCount: count, alignment: 64)
        }
        var filled = 0
        while filled < count {
            let read = try reader.readContent(into: UnsafeMutableRawBufferPointer(rebasing: storage[filled..<count]))
            if read == 0 { break }
            filled += read
        }
        return UnsafeRawBufferPointer(rebasing: storage[..<filled])
    }
}
