import Testing
import VouchCore
import VouchImage
import VouchTestSupport

@Suite("The squashed filesystem as a FileResolver")
struct ImageFileResolverTests {
    static func resolver(_ fixture: String = "oci-layout", retention: ImageFileResolver.ContentRetention = .init()) throws -> ImageFileResolver {
        try ImageFileResolver(image: try ImageFixtures.load(fixture), retention: retention)
    }

    @Test("whiteouts remove a lower file and a package directory; an opaque directory hides lower entries")
    func whiteouts() throws {
        let files = try Self.resolver()
        #expect(try files.info("/etc/passwd") == nil)
        #expect(try files.info("/etc/os-release")?.kind == .regular)
        let site = "/opt/venv/lib/python3.11/site-packages"
        #expect(try files.list(site) == [
            "idna", "idna-3.7.dist-info", "requests", "requests-2.32.3.dist-info", "urllib3", "urllib3-2.2.2.dist-info",
        ])
        #expect(try files.list("/app/cache") == ["fresh.txt"])
        #expect(try files.info("/app/cache/old/item") == nil)
    }

    @Test("a layer writing through a lower symlinked directory lands in the link's target")
    func writesThroughSymlinkedParent() throws {
        let files = try Self.resolver("odd/symlinked-parent")
        #expect(try files.info("/lib")?.kind == .symlink)
        #expect(try files.info("/usr/lib/extra.so")?.kind == .regular)
        #expect(try files.contents(of: "/lib/extra.so", maximumBytes: 100) == Array("\u{7f}ELF-extra".utf8))
    }

    @Test("aufs metadata directories are not part of the filesystem")
    func aufsMetadataHidden() throws {
        let files = try Self.resolver("odd/aufs-metadata")
        #expect(try files.list("/").contains(".wh..wh.plnk") == false)
        #expect(try files.glob("/**/123.456") == [])
    }

    @Test("an opaque whiteout at the root hides every lower layer")
    func rootOpaque() throws {
        let files = try Self.resolver("odd/root-opaque")
        #expect(try files.list("/") == ["only"])
        #expect(try files.contents(of: "/only", maximumBytes: 100) == Array("only\n".utf8))
    }

    @Test("symlinks are reported by info and followed inside the root by contents and list")
    func symlinks() throws {
        let files = try Self.resolver()
        #expect(try files.info("/lib") == FileInfo(path: "/lib", kind: .symlink, size: 0, mode: 0o777, linkTarget: "usr/lib"))
        // /lib -> usr/lib, and usr/lib/os-release is a hard link to etc/os-release.
        let expected = Array("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n".utf8)
        #expect(try files.contents(of: "/lib/os-release", maximumBytes: 1 << 10) == expected)
        #expect(try files.info("/lib/os-release")?.path == "/usr/lib/os-release")
        #expect(try files.list("/bin") == ["passwd", "sh"])
        // An absolute target resolves against the image root; here it names nothing.
        #expect(try files.info("/opt/venv/bin/python")?.linkTarget == "/usr/bin/python3")
        let missing = ImageFixtures.error { try files.contents(of: "/opt/venv/bin/python", maximumBytes: 10) }
        #expect(missing?.code == .fileNotFound)
    }

    @Test("'..' never leaves the image root")
    func dotDotStaysInside() throws {
        let files = try Self.resolver()
        #expect(try files.info("/../../etc/os-release")?.path == "/etc/os-release")
        #expect(try files.info("/usr/../../../var/lib/dpkg/status")?.path == "/var/lib/dpkg/status")
    }

    @Test("a symlink climbing above the root resolves at the root, and a loop is an error")
    func escapingSymlink() throws {
        let files = try Self.resolver("bad/tar-symlink-escape")
        // /etc/shadow -> ../../../../etc/shadow resolves to /etc/shadow again: a loop, never the host's file.
        let error = ImageFixtures.error { try files.contents(of: "/etc/shadow", maximumBytes: 1 << 20) }
        #expect(error?.reason == "too many levels of symbolic links (more than 40)")
    }

    @Test("contents read on demand from the layer equal retained contents")
    func onDemandEqualsRetained() throws {
        let retained = try Self.resolver()
        let streamed = try Self.resolver(retention: .none)
        for path in try retained.glob("/**/METADATA") + ["/var/lib/dpkg/status", "/usr/bin/passwd", "/app/main.py"] {
            #expect(try retained.contents(of: path, maximumBytes: 1 << 20) == streamed.contents(of: path, maximumBytes: 1 << 20))
        }
        #expect(try streamed.contents(of: "/app/main.py", maximumBytes: 100) == Array("print('hello from the gateway')\n".utf8))
    }

    @Test("a file larger than maximumBytes is an error naming the limit, not a truncation")
    func maximumBytes() throws {
        let files = try Self.resolver()
        let error = ImageFixtures.error { try files.contents(of: "/var/lib/dpkg/status", maximumBytes: 10) }
        #expect(error?.limit == VouchError.LimitViolation(name: "maximumBytes", limit: 10, found: 465))
    }

    @Test("glob matches * and ? within a component and ** across components")
    func glob() throws {
        let files = try Self.resolver()
        #expect(try files.glob("/opt/venv/lib/python3.*/site-packages/*.dist-info/METADATA") == [
            "/opt/venv/lib/python3.11/site-packages/idna-3.7.dist-info/METADATA",
            "/opt/venv/lib/python3.11/site-packages/requests-2.32.3.dist-info/METADATA",
            "/opt/venv/lib/python3.11/site-packages/urllib3-2.2.2.dist-info/METADATA",
        ])
        #expect(try files.glob("/**/status") == ["/var/lib/dpkg/status"])
        #expect(try files.glob("/usr/bin/?asswd") == ["/usr/bin/passwd"])
        #expect(try files.glob("/nothing/**") == [])
    }

    @Test("setuid bits survive into FileInfo.mode")
    func modes() throws {
        let files = try Self.resolver()
        #expect(try files.info("/usr/bin/passwd")?.mode == 0o4755)
        #expect(try files.info("/tmp")?.mode == 0o1777)
    }

    @Test("an image that fails verification is refused unless the caller accepts it")
    func refusesTamperedImage() throws {
        let image = try ImageFixtures.load("bad/flipped-bit")
        let error = ImageFixtures.error { try ImageFileResolver(image: image) }
        #expect(error?.reason.hasPrefix("the image failed verification (2 failure(s); first: layer 1 (sha256:") == true)
        let accepted = try ImageFileResolver(image: image, requireIntact: false)
        #expect(!accepted.report.intact)
    }

    @Test("every container format gives the same squashed filesystem")
    func sameTreeEverywhere() throws {
        let reference = try Self.resolver().allFiles()
        for fixture in ["oci-archive.tar", "zstd-layout", "docker-legacy.tar", "docker25.tar"] {
            #expect(try Self.resolver(fixture).allFiles() == reference, "\(fixture)")
        }
    }
}
