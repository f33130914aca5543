import Testing
import VouchArchive
import VouchCore
import VouchImage
import VouchTestSupport

/// Records every regular file a layer pass hands over, with its bytes, and how the pass ended.
private final class RecordingVisitor: LayerContentVisitor {
    var files: [(path: String, bytes: [UInt8])] = []
    var ended: [String?] = []

    func contentLimit(for entry: LayerEntry) -> Int? { entry.isWhiteout ? nil : Int(entry.size) }
    func visit(_ entry: LayerEntry, content: UnsafeRawBufferPointer) { files.append((entry.path, [UInt8](content))) }
    func layerEnded(unread: String?) { ended.append(unread) }
}

/// Every regular non-whiteout file of a layer and its bytes, read by a reader of its own (TarReader,
/// decompressing by magic), to compare the one pass with.
private func filesReadDirectly(_ layer: ImageLayer) throws -> [(path: String, bytes: [UInt8])] {
    guard case .found(let slice) = layer.location else { return [] }
    let reader = try TarReader(source: try slice.open(), name: slice.displayName)
    var files: [(path: String, bytes: [UInt8])] = []
    while let entry = try reader.next() {
        let base = entry.normalizedPath.split(separator: "/").last.map(String.init) ?? ""
        guard entry.type == .regular, !base.hasPrefix(".wh.") else { continue }
        files.append(("/" + entry.normalizedPath, try reader.readContent(upTo: Int(entry.size))))
    }
    return files
}

@Suite("The layer pass hands each regular file to a visitor")
struct LayerContentVisitorTests {
    @Test(
        "a visitor sees every regular file of its layer with exactly its bytes, in archive order, while the pass verifies it",
        arguments: ["oci-layout", "zstd-layout", "oci-archive.tar", "docker-legacy.tar", "docker25.tar"])
    func visitorSeesEveryFile(fixture: String) throws {
        let image = try ImageFixtures.load(fixture)
        let visitors = image.layers.map { _ in RecordingVisitor() }
        let files = try ImageFileResolver(image: image, visitors: visitors)
        #expect(files.report.intact)
        for (index, layer) in image.layers.enumerated() {
            let expected = try filesReadDirectly(layer)
            #expect(!expected.isEmpty || index == image.layers.count - 1)
            #expect(visitors[index].files.map(\.path) == expected.map(\.path), "layer \(index)")
            #expect(visitors[index].files.map(\.bytes) == expected.map(\.bytes), "layer \(index)")
            #expect(visitors[index].ended == [nil], "layer \(index)")
        }
    }

    @Test("a visitor that wants a file's first bytes only gets those, and retained files keep their whole content")
    func limitedContent() throws {
        final class FirstBytes: LayerContentVisitor {
            var seen: [String: [UInt8]] = [:]
            func contentLimit(for entry: LayerEntry) -> Int? { entry.path == "/etc/os-release" ? 6 : nil }
            func visit(_ entry: LayerEntry, content: UnsafeRawBufferPointer) { seen[entry.path] = [UInt8](content) }
            func layerEnded(unread: String?) {}
        }
        let image = try ImageFixtures.load("oci-layout")
        let visitors = image.layers.map { _ in FirstBytes() }
        let files = try ImageFileResolver(image: image, retention: .init(accepts: { $0 == "/etc/os-release" }), visitors: visitors)
        #expect(visitors[0].seen == ["/etc/os-release": Array("PRETTY".utf8)])
        let whole = Array("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n".utf8)
        #expect(try files.contents(of: "/etc/os-release", maximumBytes: 1 << 10) == whole)
    }

    @Test("a layer whose stream fails is reported to its visitor as not read through, with the reason")
    func brokenLayerIsReported() throws {
        let image = try ImageFixtures.load("bad/gzip-bad-crc")
        let visitors = image.layers.map { _ in RecordingVisitor() }
        let files = try ImageFileResolver(image: image, requireIntact: false, visitors: visitors)
        #expect(!files.report.intact)
        let ended = try #require(visitors[0].ended.first ?? nil)
        #expect(ended.contains("decompression failed"), "\(ended)")
        #expect(visitors[1].ended == [nil])
    }
}
