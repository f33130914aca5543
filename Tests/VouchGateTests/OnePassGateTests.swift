import Foundation
import Synchronization
import Testing
import VouchCore
import VouchGate
@testable import VouchImage
import VouchPolicy
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
        for layer in layers {
            guard case .found(let slice) = layer.location else {
                Issue.record("layer \(layer.index) has no blob")
                continue
            }
            #expect(counter.count(slice) == .init(opens: 1, bytes: slice.length), "layer \(layer.index) (\(slice.displayName))")
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
