import Foundation
import Synchronization
import Testing
import VouchCore
import VouchGate
@testable import VouchImage
import VouchPolicy
import VouchSBOM
import VouchSecrets
import VouchTestSupport

/// Counts, through the ``FileSlice`` open seam, how often each blob under one directory is opened and how
/// many of its bytes are read: the counting byte source the one-pass gate is checked with.
private final class BlobReadCounter: Sendable {
    struct Count: Equatable {
        var opens = 0
        var bytes: Int64 = 0
    }

    private let counts = Mutex<[String: Count]>([:])

    static func key(_ slice: FileSlice) -> String { "\(slice.containerPath)@\(slice.offset)" }

    /// Counts every opening of a file under `directory` while `body` runs.
    func counting<T>(under directory: String, _ body: () throws -> T) rethrows -> T {
        FileSlice.openObserver.withLock { observer in
            observer = { [self] slice in
                guard slice.containerPath.hasPrefix(directory) else { return nil }
                let key = Self.key(slice)
                counts.withLock { $0[key, default: Count()].opens += 1 }
                return { [self] read in counts.withLock { $0[key, default: Count()].bytes += Int64(read) } }
            }
        }
        defer { FileSlice.openObserver.withLock { $0 = nil } }
        return try body()
    }

    func count(_ slice: FileSlice) -> Count { counts.withLock { $0[Self.key(slice)] ?? Count() } }

    /// Records an issue for each layer of `layers` not opened exactly once and read exactly to its end.
    func expectEachReadOnce(_ layers: [ImageLayer], sourceLocation: SourceLocation = #_sourceLocation) {
        for layer in layers {
            guard case .found(let slice) = layer.location else {
                Issue.record("layer \(layer.index) has no blob", sourceLocation: sourceLocation)
                continue
            }
            #expect(count(slice) == .init(opens: 1, bytes: slice.length), "layer \(layer.index) (\(slice.displayName))", sourceLocation: sourceLocation)
        }
    }
}

/// The fixture image (base, venv, app, cleanup layers) plus a layer adding `/app/.env` with a GitHub
/// token, in `format`: an OCI layout with gzip or zstd layers, an oci-archive tar of the gzip layout, or a
/// Docker 25 `docker save` tar (uncompressed layers). (A Docker 24 tar has no manifest digest for the
/// gate to check signatures against; its one pass is tested in VouchImageTests.)
private func makeImage(_ format: String, in directory: TemporaryDirectory) throws -> String {
    // The token is assembled here so this source file itself holds no matching literal.
    let token = "ghp" + "_" + String("Zq8rT2vK9mX4bN7cW1yL5pH3dF6gJ0sA2eR8tU4i".prefix(36))
    let script = """
        import importlib.util, os, sys
        spec = importlib.util.spec_from_file_location("m", sys.argv[1])
        m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
        out, format, token = sys.argv[2], sys.argv[3], sys.argv[4]
        layers = m.LAYERS + [("secret", lambda: [("app", "dir", None, 0o755), ("app/.env", "file", "GITHUB_TOKEN=" + token + "\\n", 0o600)])]
        if format == "layout-gzip":
            m.layout_image(out, "image", m.Image(layers=layers))
        elif format == "layout-zstd":
            m.layout_image(out, "image", m.Image(layers=layers, compression="zstd"))
        elif format == "oci-archive":
            m.layout_image(out, "staging", m.Image(layers=layers))
            m.tar_directory(os.path.join(out, "staging"), os.path.join(out, "image"))
        elif format == "docker25":
            m.docker25(out, "image", m.Image(layers=layers, compression="none"))
        """
    let result = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, Fixtures.path("images/make-images.py"), directory.path, format, token])
    #expect(result.status == 0, "\(result.stderr)")
    return directory.url.appendingPathComponent("image").path
}

/// Serialized: the open seam is one process-wide hook.
@Suite("vouch policy check reads each layer once", .serialized)
struct OnePassGateTests {
    @Test(
        "the gate opens and reads every layer blob exactly once while verifying, cataloging and scanning for secrets",
        arguments: ["layout-gzip", "layout-zstd", "oci-archive", "docker25"])
    func eachLayerIsReadOnce(format: String) throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage(format, in: directory)
        let policyPath = try directory.write("p.yaml", """
            version: 1
            rules:
              integrity: true
              packages: {deny: [{name: requests, versions: "<2.32.4", reason: CVE-2024-47081}]}
              secrets: {maxFindings: 0}
            """)
        let layers = try ImageLoader().load(ImageReference(path: image)).layers
        #expect(layers.count == 5)
        let counter = BlobReadCounter()
        let report = try counter.counting(under: directory.path) {
            try PolicyCheck(policy: try Policy(contentsOf: policyPath), policyPath: policyPath).run(.init(image: image))
        }
        // The evidence each rule needed was gathered: verification, the catalog and the secret scan.
        let rules = Dictionary(uniqueKeysWithValues: report.rules.map { ($0.rule, $0) })
        #expect(rules["integrity"]?.passed == true)
        #expect(rules["packages"]?.details == ["requests 2.32.3 is denied (<2.32.4): CVE-2024-47081"])
        #expect(rules["secrets"]?.details == ["github-pat at layer 4: /app/.env:1"])
        counter.expectEachReadOnce(layers)
    }

    @Test(
        "vouch sbom IMAGE opens and reads every layer blob exactly once while verifying and cataloging",
        arguments: ["layout-gzip", "layout-zstd", "oci-archive", "docker25"])
    func sbomReadsEachLayerOnce(format: String) throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage(format, in: directory)
        let layers = try ImageLoader().load(ImageReference(path: image)).layers
        let counter = BlobReadCounter()
        let result = try counter.counting(under: directory.path) {
            try SBOMExport.run(source: image, outputs: [SBOMOutput(format: .cycloneDXJSON, path: nil)], lock: .none)
        }
        // The catalog is complete: the venv's packages and the base layer's dpkg packages.
        let packages = Set(result.document.packages.map { "\($0.name) \($0.version)" })
        #expect(packages.contains("requests 2.32.3"), "\(packages.sorted())")
        #expect(result.document.packages.contains { $0.purl?.hasPrefix("pkg:deb/") == true }, "\(packages.sorted())")
        counter.expectEachReadOnce(layers)
    }

    @Test(
        "vouch secrets scan --image opens and reads every layer blob exactly once, finding the secret",
        arguments: ["layout-gzip", "layout-zstd", "oci-archive", "docker25"])
    func secretScanReadsEachLayerOnce(format: String) throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage(format, in: directory)
        let layers = try ImageLoader().load(ImageReference(path: image)).layers
        let counter = BlobReadCounter()
        var findings: [String] = []
        let summary = try counter.counting(under: directory.path) {
            try SecretScan(detector: try SecretDetector(ruleset: .builtin)).scanImage(ImageReference(path: image)) { (finding: SecretFinding) in
                findings.append("\(finding.ruleID) layer \(finding.layer.map(String.init) ?? "-") \(finding.file):\(finding.line)")
            }
        }
        #expect(findings == ["github-pat layer 4 /app/.env:1"])
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        #expect(summary.filesScanned > 0)
        counter.expectEachReadOnce(layers)
    }

    @Test("secrets scan --image: a layer that cannot be read to its end is an error naming the layer, and the other layers are still scanned")
    func secretScanOfUnreadableLayer() throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage("layout-gzip", in: directory)
        let layers = try ImageLoader().load(ImageReference(path: image)).layers
        // Cut the base layer's gzip stream short; the secret is in the last layer.
        guard case .found(let slice) = layers[0].location else { throw VouchError(.fileNotFound, "no blob", path: image) }
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: slice.containerPath)))
        for index in (bytes.count / 2)..<bytes.count { bytes[index] = 0 }
        try Data(bytes).write(to: URL(fileURLWithPath: slice.containerPath))
        var findings: [String] = []
        let summary = try SecretScan(detector: try SecretDetector(ruleset: .builtin)).scanImage(ImageReference(path: image)) { (finding: SecretFinding) in
            findings.append("\(finding.ruleID) \(finding.file)")
        }
        #expect(findings == ["github-pat /app/.env"])
        #expect(summary.errors.map(\.path) == ["layer 0"], "\(summary.errors)")
        #expect(summary.errors.first?.reason.contains("decompression failed") == true, "\(summary.errors)")
    }

    @Test("sbom IMAGE refuses an image whose layer does not match its digest, as image verify does")
    func sbomOfTamperedImageIsRefused() throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage("layout-gzip", in: directory)
        let layers = try ImageLoader().load(ImageReference(path: image)).layers
        // Replace the app layer's content by another valid gzip stream of the same size: only the digest
        // (and the diff_id) can tell.
        guard case .found(let slice) = layers[2].location else { throw VouchError(.fileNotFound, "no blob", path: image) }
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: slice.containerPath)))
        // gzip's header mtime field (bytes 4-7) is not covered by its CRC: the stream still inflates.
        bytes[4] ^= 0x5a
        try Data(bytes).write(to: URL(fileURLWithPath: slice.containerPath))
        #expect(throws: VouchError.self) {
            try SBOMExport.run(source: image, outputs: [SBOMOutput(format: .cycloneDXJSON, path: nil)], lock: .none)
        }
        do {
            _ = try SBOMExport.run(source: image, outputs: [SBOMOutput(format: .cycloneDXJSON, path: nil)], lock: .none)
        } catch {
            #expect(error.reason.contains("failed verification") && error.reason.contains("digest mismatch"), "\(error)")
        }
    }

    @Test("a layer the pass cannot read to its end is a gap in the secret scan, and the findings before it still count")
    func unreadableLayerIsAScanGap() throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage("layout-gzip", in: directory)
        let layers = try ImageLoader().load(ImageReference(path: image)).layers
        // Cut the last (secret) layer's gzip stream short, keeping the file size the manifest declares.
        guard case .found(let slice) = layers[4].location else { throw VouchError(.fileNotFound, "no blob", path: image) }
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: slice.containerPath)))
        for index in (bytes.count / 2)..<bytes.count { bytes[index] = 0 }
        try Data(bytes).write(to: URL(fileURLWithPath: slice.containerPath))
        let policyPath = try directory.write("p.yaml", "version: 1\nrules:\n  integrity: true\n  secrets: {maxFindings: 0}\n")
        let report = try PolicyCheck(policy: try Policy(contentsOf: policyPath), policyPath: policyPath).run(.init(image: image))
        let rules = Dictionary(uniqueKeysWithValues: report.rules.map { ($0.rule, $0) })
        #expect(rules["integrity"]?.passed == false)
        let secrets = try #require(rules["secrets"])
        #expect(!secrets.passed)
        #expect(secrets.details.contains { $0.hasPrefix("could not scan layer 4: ") }, "\(secrets.details)")
    }
}
