import Foundation
import Glibc
import Testing
import VouchCore
import VouchTestSupport

/// Issue 12: an image on a pipe (`cat img.tar | vouch image verify -`, `/dev/stdin`, a FIFO) and a
/// gzip-compressed `docker save | gzip` tar read as the file itself does.
@Suite("vouch image: tar images on a pipe, a FIFO and gzip-compressed")
struct ImagePipeCLITests {
    static let intact = "intact: 27 checks passed\n"

    @Test("an image on a pipe: `-` and /dev/stdin verify, digest and inspect as the file does")
    func anImageOnAPipeReadsAsTheFileDoes() throws {
        let path = ImageFixtures.path("docker25.tar")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for name in ["-", "/dev/stdin"] {
            let verified = try CommandRunner.vouch(["image", "verify", name], stdin: bytes)
            #expect(verified.status == 0, "\(name): \(verified.stderr)")
            #expect(verified.stdout.hasSuffix(Self.intact), "\(name): \(verified.stdout)")
        }
        let fromFile = try CommandRunner.vouch(["image", "digest", path])
        let fromPipe = try CommandRunner.vouch(["image", "digest", "-"], stdin: bytes)
        try #require(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromPipe.status == 0, "\(fromPipe.stderr)")
        #expect(fromPipe.stdout == fromFile.stdout)
        // Bytes on a pipe that are not a tar are named as the user gave them, not as the spooled copy.
        let garbage = try CommandRunner.vouch(["image", "verify", "-"], stdin: Array("not an image\n".utf8))
        #expect(garbage.status == 2)
        #expect(garbage.stderr.contains("vouch: error: -: not a tar archive"), "\(garbage.stderr)")
        // inspect opens the image more than once: the stream is spooled once and reused.
        let inspected = try CommandRunner.vouch(["image", "inspect", "-"], stdin: bytes)
        #expect(inspected.status == 0, "\(inspected.stderr)")
        #expect(!inspected.stdout.isEmpty)
    }

    @Test("an image on a FIFO verifies")
    func anImageOnAFIFOVerifies() throws {
        let directory = try TemporaryDirectory("image-fifo")
        let fifo = directory.path + "/image.fifo"
        try #require(mkfifo(fifo, 0o600) == 0, "mkfifo: \(errno)")
        let result = try CommandRunner.run("/bin/sh", ["-c", #"cat "$1" > "$2" & exec "$3" image verify "$2""#, "sh",
                                                       ImageFixtures.path("docker25.tar"), fifo, CommandRunner.vouchPath])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix(Self.intact), "\(result.stdout)")
    }

    @Test("a gzip'd docker-save tar verifies, as a file and on a pipe")
    func aGzipDockerSaveTarVerifies() throws {
        let directory = try TemporaryDirectory("image-gzip")
        let gzipped = directory.path + "/image.tar.gz"
        let made = try CommandRunner.run("/bin/sh", ["-c", #"gzip -c "$1" > "$2""#, "sh", ImageFixtures.path("docker25.tar"), gzipped])
        try #require(made.status == 0, "\(made.stderr)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: gzipped)))
        try #require(bytes.starts(with: [0x1f, 0x8b]))
        let fromFile = try CommandRunner.vouch(["image", "verify", gzipped])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout.hasSuffix(Self.intact), "\(fromFile.stdout)")
        let fromPipe = try CommandRunner.vouch(["image", "verify", "-"], stdin: bytes)
        #expect(fromPipe.status == 0, "\(fromPipe.stderr)")
        #expect(fromPipe.stdout.hasSuffix(Self.intact), "\(fromPipe.stdout)")
    }

    @Test("an image on a pipe larger than maxSpooledArchiveBytes is refused naming the limit and the size found")
    func anImageOnAPipeOverTheSpoolLimitIsRefused() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ImageFixtures.path("docker25.tar"))))
        try #require(bytes.count > 4096)
        let result = try CommandRunner.vouch(["image", "verify", "-"], stdin: bytes,
                                             environment: ["VOUCH_MAX_SPOOLED_ARCHIVE_BYTES": "4096"])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("maxSpooledArchiveBytes"), "\(result.stderr)")
        #expect(result.stderr.contains("4096"), "\(result.stderr)")
        #expect(result.stderr.contains("standard input"), "\(result.stderr)")
    }
}
