import Testing
import VouchCore
import VouchImage
import VouchTestSupport

/// One test per named image limit not covered elsewhere, named after the limit: each asserts the error
/// names the limit and the value found.
@Suite("image limits")
struct ImageLimitTests {
    @Test func maxLayers() throws {
        let layerCount = try ImageFixtures.load("oci-layout").layers.count
        var limits = ImageLimits()
        limits.maxLayers = layerCount - 1
        let error = ImageFixtures.error { try ImageFixtures.load("oci-layout", limits: limits) }
        #expect(error?.limit == VouchError.LimitViolation(name: "maxLayers", limit: Int64(layerCount - 1), found: Int64(layerCount)))
    }

    @Test func maxIndexEntries() {
        var limits = ImageLimits()
        limits.maxIndexEntries = 0
        let error = ImageFixtures.error { try ImageFixtures.load("oci-layout", limits: limits) }
        #expect(error?.limit == VouchError.LimitViolation(name: "maxIndexEntries", limit: 0, found: 1))
        // The one layout reader names the layout's index.json, not a bare "index.json".
        #expect(error?.path == ImageFixtures.path("oci-layout") + "/index.json")
    }

    @Test func maxArchiveMembers() {
        var limits = ImageLimits()
        limits.maxArchiveMembers = 1
        let error = ImageFixtures.error { try ImageFixtures.load("oci-archive.tar", limits: limits) }
        #expect(error?.limit == VouchError.LimitViolation(name: "maxArchiveMembers", limit: 1, found: 2))
    }

    @Test func maxMemberLinkHops() {
        // The fixture links a repeated layer.tar to the first copy: one hop, over a limit of none.
        var limits = ImageLimits()
        limits.maxMemberLinkHops = 0
        let error = ImageFixtures.error { try ImageFixtures.load("odd/docker-legacy-layer-symlink.tar", limits: limits) }
        #expect(error?.limit == VouchError.LimitViolation(name: "maxMemberLinkHops", limit: 0, found: 1))
    }

    @Test func maxJSONDepth() {
        var limits = ImageLimits()
        limits.maxJSONDepth = 2
        let error = ImageFixtures.error { try ImageFixtures.load("oci-layout", limits: limits) }
        #expect(error?.limit == VouchError.LimitViolation(name: "maxJSONDepth", limit: 2, found: 3))
    }

    @Test func maxIndexDepth() {
        // The fixture nests image indexes nine deep.
        let error = ImageFixtures.error { try ImageFixtures.load("bad/deep-index") }
        #expect(error?.limit == VouchError.LimitViolation(name: "maxIndexDepth", limit: 8, found: 9))
    }
}

/// The spool that makes a gzip'd or piped tar readable stops at its named limit.
@Suite("image spool limit")
struct ImageSpoolLimitTests {
    @Test func maxSpooledArchiveBytes() throws {
        let directory = try TemporaryDirectory("spool-limit")
        let gzipped = directory.path + "/image.tar.gz"
        let gzip = try CommandRunner.run("/bin/sh", ["-c", "gzip -c \"$0\" > \"$1\"", ImageFixtures.path("oci-archive.tar"), gzipped])
        try #require(gzip.status == 0, "\(gzip.stderr)")
        var limits = ImageLimits()
        limits.maxSpooledArchiveBytes = 1024
        let error = ImageFixtures.error { try ImageLoader(limits: limits).load(ImageReference(path: gzipped)) }
        #expect(error?.limit?.name == "maxSpooledArchiveBytes")
        #expect(error?.limit?.limit == 1024)
        #expect((error?.limit?.found ?? 0) > 1024)
        // Within the limit the same gzip'd archive loads.
        #expect(throws: Never.self) { try ImageLoader().load(ImageReference(path: gzipped)) }
    }
}
