import Synchronization
import Testing
import VouchCore
import VouchImage
import VouchTestSupport

@Suite("Reading every image container format")
struct ImageFormatTests {
    static let containers: [(String, ImageFormat)] = [
        ("oci-layout", .ociLayout),
        ("oci-archive.tar", .ociArchive),
        ("zstd-layout", .ociLayout),
        ("docker-legacy.tar", .dockerLegacyArchive),
        ("docker25.tar", .dockerArchive),
        ("containerd-export.tar", .dockerArchive),
        ("multi-arch", .ociLayout),
        ("nested-index", .ociLayout),
    ]

    @Test("each container format is detected and verifies intact", arguments: containers)
    func detectsAndVerifies(name: String, format: ImageFormat) throws {
        let image = try ImageFixtures.load(name)
        #expect(image.format == format)
        #expect(image.layers.count == 4)
        #expect(image.platform == Platform(os: "linux", architecture: "amd64"))
        let report = ImageVerifier().verify(image)
        #expect(report.failures == [])
        #expect(report.intact)
        #expect(report.layers.allSatisfy { $0.status == .read && $0.diffID == $0.expectedDiffID })
    }

    @Test("an OCI layout and the same layout as a tar give the same digests")
    func layoutAndArchiveAgree() throws {
        let directory = try ImageFixtures.load("oci-layout")
        let archive = try ImageFixtures.load("oci-archive.tar")
        #expect(directory.manifestDescriptor == archive.manifestDescriptor)
        #expect(directory.configDescriptor == archive.configDescriptor)
        #expect(directory.tags == ["latest"])
    }

    @Test("a legacy docker-save has the same diff_ids as the OCI image of the same layers and no manifest")
    func legacyDockerSave() throws {
        let legacy = try ImageFixtures.load("docker-legacy.tar")
        let layout = try ImageFixtures.load("oci-layout")
        #expect(legacy.layers.map(\.expectedDiffID) == layout.layers.map(\.expectedDiffID))
        #expect(legacy.manifestDescriptor == nil)
        #expect(legacy.tags == ["example/gateway:1.0"])
        #expect(legacy.layers[0].storedPath.hasSuffix("/layer.tar"))
    }

    @Test("Docker 25 archives take their tag from manifest.json and name layers by diff_id")
    func docker25() throws {
        let image = try ImageFixtures.load("docker25.tar", tag: "example/gateway:1.0")
        #expect(image.tags.contains("example/gateway:1.0"))
        #expect(image.layers.map { $0.descriptor?.digest } == image.layers.map(\.expectedDiffID))
    }

    @Test("a layout with two tagged images needs a tag, and the tag picks one")
    func tagSelection() throws {
        let error = ImageFixtures.error { try ImageFixtures.load("two-tags") }
        #expect(error?.reason == "the layout holds 2 images; pick one with --tag or IMAGE:TAG (tags: full, slim)")
        #expect(try ImageFixtures.load("two-tags", tag: "slim").layers.count == 2)
        #expect(try ImageFixtures.load("two-tags", tag: "full").layers.count == 4)
        let unknown = ImageFixtures.error { try ImageFixtures.load("two-tags", tag: "nope") }
        #expect(unknown?.reason == "no image tagged 'nope'; tags: full, slim")
    }

    @Test("IMAGE:TAG splits only when the whole argument is not a file")
    func referenceArgument() {
        let split = ImageReference(argument: "dir/two-tags:slim", tag: nil) { $0 == "dir/two-tags" }
        #expect(split == ImageReference(path: "dir/two-tags", tag: "slim"))
        let whole = ImageReference(argument: "odd:name", tag: nil) { $0 == "odd:name" }
        #expect(whole == ImageReference(path: "odd:name", tag: nil))
        let slashAfterColon = ImageReference(argument: "./a:b/c", tag: nil) { _ in false }
        #expect(slashAfterColon == ImageReference(path: "./a:b/c", tag: nil))
    }

    @Test("the host platform is picked from an index and attestation manifests are skipped")
    func defaultPlatform() throws {
        let image = try ImageFixtures.load("multi-arch")
        #expect(image.platform == Platform(os: "linux", architecture: "amd64"))
        #expect(image.indexDescriptors.count == 1)
        #expect(image.manifestDescriptor?.platform == Platform(os: "linux", architecture: "amd64"))
    }

    @Test("--platform selects another architecture, with arm64's default variant v8")
    func explicitPlatform() throws {
        for text in ["linux/arm64", "linux/arm64/v8"] {
            let image = try ImageFixtures.load("multi-arch", platform: try Platform(parsing: text))
            #expect(image.platform == Platform(os: "linux", architecture: "arm64", variant: "v8"))
            #expect(ImageVerifier().verify(image).intact)
        }
    }

    @Test("a platform the index lacks is an error listing what it has, never another architecture")
    func missingPlatform() throws {
        let error = ImageFixtures.error { try ImageFixtures.load("multi-arch", platform: try Platform(parsing: "linux/arm/v7")) }
        #expect(error?.code == .platformNotFound)
        #expect(error?.reason.hasPrefix("no manifest for platform linux/arm/v7 in index sha256:") == true)
        #expect(error?.reason.hasSuffix("; it has: linux/arm64/v8, linux/amd64") == true)
    }

    @Test("a containerd export lists platforms whose blobs are absent; only the selected one is read")
    func containerdAbsentPlatform() throws {
        #expect(try ImageFixtures.verify("containerd-export.tar").intact)
        let error = ImageFixtures.error { try ImageFixtures.load("containerd-export.tar", platform: try Platform(parsing: "linux/arm64")) }
        #expect(error?.code == .fileNotFound)
        #expect(error?.reason.hasPrefix("manifest blob sha256:") == true)
        #expect(error?.reason.hasSuffix(" is missing from the layout") == true)
    }

    @Test("progress ends with every blob byte read and every layer done")
    func progress() throws {
        let image = try ImageFixtures.load("oci-layout")
        let seen = Mutex<[VerificationProgress]>([])
        _ = ImageVerifier().verify(image) { progress in seen.withLock { $0.append(progress) } }
        let last = try #require(seen.withLock { $0.last })
        let total = image.layers.compactMap(\.descriptor?.size).reduce(0, +)
        #expect(last == VerificationProgress(bytesRead: total, totalBytes: total, layersDone: 4, layerCount: 4))
    }

    @Test("a nested index is walked down to the platform's manifest")
    func nestedIndex() throws {
        let image = try ImageFixtures.load("nested-index")
        #expect(image.indexDescriptors.count == 2)
        #expect(image.platform?.architecture == "amd64")
    }

    @Test("--platform text is os/arch[/variant]")
    func platformParsing() throws {
        #expect(try Platform(parsing: "linux/arm/v7") == Platform(os: "linux", architecture: "arm", variant: "v7"))
        for bad in ["linux", "linux/", "a/b/c/d", "/amd64"] {
            let error = ImageFixtures.error { try Platform(parsing: bad) }
            #expect(error?.reason == "platform '\(bad)' is not os/arch[/variant], e.g. linux/amd64 or linux/arm/v7")
        }
    }

    @Test("something that is not an image is refused with a reason")
    func notAnImage() throws {
        let directory = try TemporaryDirectory()
        try directory.write("readme.txt", "hello")
        let error = ImageFixtures.error { try ImageLoader().load(ImageReference(path: directory.path)) }
        #expect(error?.reason == "not an image: expected an OCI layout (oci-layout, index.json) or a docker-save archive (manifest.json)")
        let text = ImageFixtures.error { try ImageLoader().load(ImageReference(path: directory.path + "/readme.txt")) }
        #expect(text?.reason == "not a tar archive (no tar header found)")
        try directory.write("noise.bin", [UInt8](repeating: 0x41, count: 1024))
        let noise = ImageFixtures.error { try ImageLoader().load(ImageReference(path: directory.path + "/noise.bin")) }
        #expect(noise?.reason == "not a tar archive, or a corrupt one: header checksum mismatch at offset 0")
        let missing = ImageFixtures.error { try ImageLoader().load(ImageReference(path: directory.path + "/absent")) }
        #expect(missing?.code == .fileNotFound)
    }
}
