import Testing
import VouchCore
import VouchImage
import VouchTestSupport

/// One test per bad-input class of issue 3, each with its exact verdict and message.
@Suite("Bad images: every class gets its exact verdict and message")
struct BadImageTests {
    /// A failure the report must contain: object, layer, reason, and expected/actual when fixed.
    struct Expected: CustomTestStringConvertible, Sendable {
        var fixture: String
        var object: String
        var layer: Int?
        var reason: String
        var expected: String? = nil
        var actual: String? = nil
        var testDescription: String { fixture }
    }

    static let verdicts: [Expected] = [
        Expected(fixture: "bad/truncated-blob", object: "layer", layer: 1,
                 reason: "decompression failed: truncated gzip stream: input ended inside member 1 after 337 bytes"),
        Expected(fixture: "bad/truncated-blob", object: "layer", layer: 1, reason: "size mismatch", expected: "674 bytes", actual: "337 bytes"),
        Expected(fixture: "bad/truncated-blob", object: "layer", layer: 1, reason: "digest mismatch"),
        Expected(fixture: "bad/flipped-bit", object: "layer", layer: 1, reason: "digest mismatch"),
        Expected(fixture: "bad/flipped-bit", object: "layer", layer: 1,
                 reason: "decompression failed: corrupt gzip stream in member 1: CRC-32 or length check failed (the data is corrupt)"),
        Expected(fixture: "bad/missing-blob", object: "layer", layer: 2, reason: "blob is missing", actual: "absent"),
        Expected(fixture: "bad/size-larger", object: "layer", layer: 0, reason: "size mismatch", expected: "734 bytes", actual: "724 bytes"),
        Expected(fixture: "bad/size-smaller", object: "layer", layer: 0, reason: "size mismatch", expected: "714 bytes", actual: "724 bytes"),
        Expected(fixture: "bad/diffid-mismatch", object: "layer", layer: 1, reason: "diff_id mismatch"),
        Expected(fixture: "bad/diffid-count", object: "config", layer: nil, reason: "layer count does not match rootfs.diff_ids count",
                 expected: "4 diff_ids", actual: "3 diff_ids"),
        Expected(fixture: "bad/diffid-order", object: "layer", layer: 0, reason: "diff_id mismatch"),
        Expected(fixture: "bad/diffid-order", object: "layer", layer: 1, reason: "diff_id mismatch"),
        Expected(fixture: "bad/config-digest-mismatch", object: "config", layer: nil, reason: "digest mismatch"),
        Expected(fixture: "bad/manifest-digest-mismatch", object: "manifest", layer: nil, reason: "digest mismatch"),
        Expected(fixture: "bad/manifest-digest-mismatch", object: "manifest", layer: nil, reason: "size mismatch", expected: "863 bytes", actual: "864 bytes"),
        Expected(fixture: "bad/gzip-bad-crc", object: "layer", layer: 0,
                 reason: "decompression failed: corrupt gzip stream in member 1: CRC-32 or length check failed (the data is corrupt)"),
        Expected(fixture: "bad/gzip-trailing-garbage", object: "layer", layer: 0,
                 reason: "decompression failed: trailing garbage after gzip member 1 at compressed offset 688"),
        Expected(fixture: "bad/gzip-bomb", object: "layer", layer: 0,
                 reason: "decompression failed: compression ratio (17825792 bytes from 65320) 272 exceeds the limit maxCompressionRatio=250"),
        Expected(fixture: "bad/zstd-bomb", object: "layer", layer: 0,
                 reason: "decompression failed: compression ratio (17825792 bytes from 2195) 8121 exceeds the limit maxCompressionRatio=250"),
        Expected(fixture: "bad/tar-traversal", object: "layer", layer: 0, reason: "path traversal: entry '../../etc/cron.d/evil' contains '..'"),
        Expected(fixture: "bad/tar-absolute", object: "layer", layer: 0, reason: "absolute path: entry '/etc/passwd'"),
        Expected(fixture: "bad/tar-pax-longname-traversal", object: "layer", layer: 0,
                 reason: "path traversal: entry '\(String(repeating: "a/", count: 60) + String(repeating: "../", count: 70))etc/evil' contains '..'"),
        Expected(fixture: "bad/tar-gnu-longname-traversal", object: "layer", layer: 0,
                 reason: "path traversal: entry '\(String(repeating: "b/", count: 60) + String(repeating: "../", count: 70))etc/evil' contains '..'"),
        Expected(fixture: "bad/tar-hardlink-escape", object: "layer", layer: 0, reason: "hard link 'etc/shadow' escapes the root (target '../../etc/shadow')"),
        Expected(fixture: "bad/tar-hardlink-missing", object: "layer", layer: 0,
                 reason: "hard link 'etc/shadow' points to 'etc/nothing-here', which is not earlier in the layer"),
        Expected(fixture: "bad/whiteout-empty-name", object: "layer", layer: 0, reason: "invalid whiteout 'etc/.wh.': no name after '.wh.'"),
        Expected(fixture: "bad/whiteout-dotdot", object: "layer", layer: 0, reason: "invalid whiteout 'etc/.wh...': whiteout of '..'"),
        Expected(fixture: "bad/compression-mismatch", object: "layer", layer: 0,
                 reason: "compression does not match the media type application/vnd.oci.image.layer.v1.tar+gzip", expected: "gzip", actual: "zstd"),
        Expected(fixture: "bad/docker-legacy-diffid-mismatch.tar", object: "layer", layer: 0, reason: "diff_id mismatch",
                 expected: "sha256:8810ad581e59f2bc3928b261707a71308f7e139eb04820366dc4d5c18d980225"),
        Expected(fixture: "bad/docker-legacy-flipped-bit.tar", object: "layer", layer: 1, reason: "diff_id mismatch"),
        Expected(fixture: "bad/docker25-manifest-json-disagrees.tar", object: "manifest.json", layer: nil,
                 reason: "manifest.json lists different layers than the OCI manifest"),
    ]

    @Test("a not-intact image reports the failure with layer, descriptor, expected and actual", arguments: verdicts)
    func reportsFailure(_ expected: Expected) throws {
        let report = try ImageFixtures.verify(expected.fixture)
        #expect(!report.intact)
        let match = report.failures.first {
            $0.object == expected.object && $0.layer == expected.layer && $0.reason == expected.reason
        }
        try #require(match != nil, "no failure '\(expected.reason)' in \(report.failures)")
        if let value = expected.expected { #expect(match?.expected == value) }
        if let value = expected.actual { #expect(match?.actual == value) }
        if expected.object == "layer", let layer = expected.layer, !expected.fixture.contains("docker-legacy") {
            #expect(match?.descriptor == report.layers[layer].descriptor)
            #expect(match?.descriptor != nil)
        }
    }

    @Test("digest mismatches name the expected and the actual digest, computed over the whole stored blob")
    func digestMismatchValues() throws {
        let report = try ImageFixtures.verify("bad/flipped-bit")
        let failure = try #require(report.failures.first { $0.reason == "digest mismatch" })
        let layer = report.layers[1]
        #expect(failure.expected == layer.descriptor?.digest.description)
        #expect(failure.actual == layer.compressedDigest?.description)
        #expect(layer.compressedSize == layer.descriptor?.size)
        #expect(layer.diffID == nil)  // a broken gzip stream has no diff_id
    }

    @Test("a blob that is a symlink is refused, never followed")
    func blobSymlink() throws {
        let report = try ImageFixtures.verify("bad/blob-symlink")
        #expect(report.layers[0].status == .refused)
        let failure = try #require(report.failures.first)
        #expect(failure.layer == 0)
        #expect(failure.reason.hasPrefix("blob refused: 'blobs/sha256/"))
        #expect(failure.reason.hasSuffix("; blobs must be regular files"))
        #expect(report.failures.count == 1)
    }

    @Test("a docker-save layer.tar symlink leaving the archive is refused")
    func dockerLinkEscape() throws {
        let report = try ImageFixtures.verify("bad/docker-legacy-link-escape.tar")
        #expect(report.layers[0].status == .refused)
        #expect(report.failures.first?.reason.hasSuffix("/layer.tar' links to '../../../etc/passwd', outside the archive") == true)
    }

    @Test("a symlink climbing above the root is a finding, not a failure, and is never followed")
    func symlinkEscape() throws {
        let report = try ImageFixtures.verify("bad/tar-symlink-escape")
        #expect(report.intact)
        #expect(report.findings == [LayerFinding(
            layer: 0, path: "/etc/shadow",
            finding: "symlink target '../../../../etc/shadow' climbs above the root (resolved at the root, never followed outside)")])
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        var fixture: String
        var code: VouchError.Code
        /// The reason, with `<digest>` standing for any digest.
        var reason: String
        var testDescription: String { fixture }
    }

    static let refusals: [Refusal] = [
        Refusal(fixture: "bad/size-negative", code: .malformedInput,
                reason: "invalid document: $.layers[0].size: descriptor size -1 is negative"),
        Refusal(fixture: "bad/malformed-digest", code: .malformedInput,
                reason: "invalid document: $.layers[0].digest: malformed digest 'sha256:XYZ': a sha256 digest is exactly 64 lowercase hex characters"),
        Refusal(fixture: "bad/unknown-algorithm", code: .malformedInput,
                reason: "invalid document: $.layers[0].digest: digest algorithm 'md5' is not supported (sha256, sha384, sha512 are)"),
        Refusal(fixture: "bad/digest-traversal", code: .malformedInput,
                reason: "invalid document: $.layers[0].digest: malformed digest 'sha256:../../../../etc/passwd': the encoded part must be one or more of [a-zA-Z0-9=_-]"),
        Refusal(fixture: "bad/invalid-json", code: .malformedInput, reason: "$.layers[0]: invalid JSON at byte 32: unexpected end of document"),
        Refusal(fixture: "bad/duplicate-key", code: .malformedInput, reason: "$.layers: invalid JSON at byte 891: duplicate key 'layers'"),
        Refusal(fixture: "bad/artifact-not-image", code: .unsupportedInput,
                reason: "manifest <digest> is an artifact, not an image: its config media type is 'application/vnd.oci.empty.v1+json' (artifactType application/vnd.example.sbom)"),
        Refusal(fixture: "bad/schema1", code: .unsupportedInput, reason: "Docker schema 1 manifest <digest> is deprecated and not supported"),
        Refusal(fixture: "bad/no-matching-platform", code: .platformNotFound,
                reason: "no manifest for platform linux/amd64 in index <digest>; it has: linux/arm64/v8 (the host's platform; choose one with --platform)"),
        Refusal(fixture: "bad/deep-index", code: .limitExceeded, reason: "index nesting depth 9 exceeds the limit maxIndexDepth=8"),
    ]

    @Test("an image that cannot be read is refused with a precise reason", arguments: refusals)
    func refuses(_ refusal: Refusal) {
        let error = ImageFixtures.error { try ImageFixtures.load(refusal.fixture) }
        #expect(error?.code == refusal.code)
        #expect(error.map { Self.redactDigests($0.reason) } == refusal.reason)
    }

    @Test("a document larger than maxJSONBytes is refused before it is read")
    func oversizedJSON() {
        var limits = ImageLimits()
        limits.maxJSONBytes = 512
        let error = ImageFixtures.error { try ImageFixtures.load("oci-layout", limits: limits) }
        #expect(error?.code == .limitExceeded)
        #expect(error?.limit?.name == "maxJSONBytes")
        #expect(error.map { Self.redactDigests($0.reason) } == "manifest <digest> declared size 863 exceeds the limit maxJSONBytes=512")
    }

    @Test("JSON nested deeper than maxJSONDepth is refused")
    func deepJSON() {
        var limits = ImageLimits()
        limits.maxJSONDepth = 2
        let error = ImageFixtures.error { try ImageFixtures.load("oci-layout", limits: limits) }
        #expect(error?.limit?.name == "maxJSONDepth")
        #expect(error?.reason == "$.manifests[0]: JSON nesting depth 3 exceeds the limit maxJSONDepth=2")
    }

    @Test("a layer of 200k entries verifies, and past maxEntries it fails naming the limit")
    func manyEntries() throws {
        let directory = try TemporaryDirectory()
        let tar = directory.path + "/many.tar"
        let made = try CommandRunner.run("/usr/bin/env", ["python3", Fixtures.path("images/make-images.py"), "--many-entries", "200000", tar])
        try #require(made.status == 0, "\(made.stderr)")
        let image = try ImageLoader().load(ImageReference(path: tar))
        let report = ImageVerifier().verify(image)
        #expect(report.intact)
        #expect(report.layers[0].entryCount == 200_000)

        var limits = ImageLimits()
        limits.layer.maxEntries = 100_000
        let limited = ImageVerifier(limits: limits).verify(image)
        #expect(limited.failures.map(\.reason) == ["limit exceeded: entry count 100001 exceeds the limit maxEntries=100000"])
    }

    static func redactDigests(_ text: String) -> String {
        var result = text
        while let range = result.range(of: #"sha256:[0-9a-f]{64}"#, options: .regularExpression) {
            result.replaceSubrange(range, with: "<digest>")
        }
        return result
    }
}

@Suite("Valid oddities pass")
struct ValidOddityTests {
    @Test("valid but unusual images verify intact",
          arguments: ["odd/multi-member-gzip", "odd/no-end-blocks", "odd/docker-media-types", "odd/docker-legacy-layer-symlink.tar", "odd/root-opaque", "odd/symlinked-parent", "odd/empty-layer", "odd/aufs-metadata"])
    func intact(_ fixture: String) throws {
        let report = try ImageFixtures.verify(fixture)
        #expect(report.failures == [])
        #expect(report.intact)
    }

    @Test("an absent non-distributable layer is reported as such, not verified, and not a failure")
    func foreignLayer() throws {
        let report = try ImageFixtures.verify("odd/foreign-layer-absent")
        #expect(report.intact)
        #expect(report.layers[0].status == .absentNondistributable)
        #expect(report.findings.first == LayerFinding(
            layer: 0, path: report.layers[0].storedPath, finding: "non-distributable layer not in the container; not verified"))
    }

    @Test("aufs whiteout metadata is reported as a finding and not applied")
    func aufsMetadata() throws {
        let report = try ImageFixtures.verify("odd/aufs-metadata")
        #expect(report.intact)
        #expect(report.findings.contains(LayerFinding(layer: 1, path: "/.wh..wh.plnk", finding: "aufs metadata '.wh..wh.plnk' ignored")))
    }

    @Test("a multi-member gzip layer's diff_id covers every member")
    func multiMember() throws {
        let report = try ImageFixtures.verify("odd/multi-member-gzip")
        #expect(report.layers[0].diffID == report.layers[0].expectedDiffID)
        #expect(report.layers[0].entryCount == 16)
    }

    @Test("duplicate docker-save layers linked by a layer.tar symlink are read through the link")
    func layerSymlink() throws {
        let image = try ImageFixtures.load("odd/docker-legacy-layer-symlink.tar")
        guard case .found(let first) = image.layers[0].location, case .found(let third) = image.layers[2].location else {
            Issue.record("layers not found")
            return
        }
        #expect(first.offset == third.offset)
    }
}
