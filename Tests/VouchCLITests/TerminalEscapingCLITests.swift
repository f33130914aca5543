import Foundation
import Testing
import VouchTestSupport

/// Text output is a security boundary: control characters from untrusted input never reach the terminal raw.
@Suite("Text output escapes untrusted text")
struct TerminalEscapingCLITests {
    /// A docker-save tar whose one layer holds a setuid file named `usr/bin/ESC[1A ESC[2Kinnocent` and whose
    /// history `created_by` holds `ESC[2J ESC]0;PWNED BEL`.
    static func hostileImage(in directory: TemporaryDirectory) throws -> String {
        let script = """
            import hashlib, io, json, sys, tarfile
            name = "usr/bin/\\x1b[1A\\x1b[2Kinnocent"
            layer = io.BytesIO()
            with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as t:
                data = b"#!/bin/sh\\n"
                info = tarfile.TarInfo(name); info.size = len(data); info.mode = 0o4755
                t.addfile(info, io.BytesIO(data))
            layer_bytes = layer.getvalue()
            diff = "sha256:" + hashlib.sha256(layer_bytes).hexdigest()
            config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                "rootfs": {"type": "layers", "diff_ids": [diff]},
                "history": [{"created": "2025-01-01T00:00:00Z", "created_by": "/bin/sh -c \\x1b[2J\\x1b]0;PWNED\\x07 true"}]}).encode()
            config_name = hashlib.sha256(config).hexdigest() + ".json"
            manifest = json.dumps([{"Config": config_name, "RepoTags": ["evil:latest"], "Layers": ["layer.tar"]}]).encode()
            with tarfile.open(sys.argv[1], mode="w", format=tarfile.PAX_FORMAT) as t:
                for n, b in [(config_name, config), ("layer.tar", layer_bytes), ("manifest.json", manifest)]:
                    info = tarfile.TarInfo(n); info.size = len(b)
                    t.addfile(info, io.BytesIO(b))
            """
        let path = directory.path + "/evil.tar"
        let made = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, path])
        try #require(made.status == 0, "\(made.stderr)")
        return path
    }

    static func expectNoControlCharacters(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let raw = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F..<0xA0).contains($0.value) }
        #expect(raw.isEmpty, "raw control characters in output: \(raw.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    @Test("image verify: a setuid entry named usr/bin/ESC[1A ESC[2Kinnocent is printed escaped, so it cannot erase the line above")
    func imageVerifyEscapesEntryNames() throws {
        let directory = try TemporaryDirectory()
        let image = try Self.hostileImage(in: directory)
        let result = try CommandRunner.vouch(["image", "verify", image])
        #expect(result.status == 0)
        Self.expectNoControlCharacters(result.stdout)
        #expect(result.stdout.contains("finding: layer 0: /usr/bin/\\x1B[1A\\x1B[2Kinnocent: setuid/setgid bit set (mode 4755)\n"))
    }

    @Test("image ls prints entry names escaped")
    func imageListEscapesEntryNames() throws {
        let directory = try TemporaryDirectory()
        let result = try CommandRunner.vouch(["image", "ls", try Self.hostileImage(in: directory)])
        #expect(result.status == 0)
        Self.expectNoControlCharacters(result.stdout)
        #expect(result.stdout.contains("/usr/bin/\\x1B[1A\\x1B[2Kinnocent\n"))
    }

    @Test("image inspect prints history created_by with ESC[2J ESC]0;PWNED BEL escaped")
    func imageInspectEscapesHistory() throws {
        let directory = try TemporaryDirectory()
        let result = try CommandRunner.vouch(["image", "inspect", try Self.hostileImage(in: directory)])
        #expect(result.status == 0)
        Self.expectNoControlCharacters(result.stdout)
        #expect(result.stdout.contains("/bin/sh -c \\x1B[2J\\x1B]0;PWNED\\x07 true\n"))
    }

    @Test("sbom: a METADATA Requires-Dist with ESC[2J ESC]0;PWNED BEL gives a warning with the escapes made visible")
    func sbomWarningEscapesMetadata() throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write("venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.12.1\n")
        let info = "venv/lib/python3.12/site-packages/evil-1.0.dist-info"
        _ = try directory.write("\(info)/METADATA", "Metadata-Version: 2.1\nName: evil\nVersion: 1.0\nRequires-Dist: bad\u{1b}[2J\u{1b}]0;PWNED\u{07} (((\n")
        _ = try directory.write("\(info)/RECORD", "")
        let result = try CommandRunner.vouch(["sbom", directory.path + "/venv"])
        #expect(result.status == 0)
        Self.expectNoControlCharacters(result.stderr)
        #expect(result.stderr.contains("vouch: warning: "))
        #expect(result.stderr.contains("bad\\x1B[2J\\x1B]0;PWNED\\x07 ((("))
    }

    /// A GitHub classic token shape, made at run time so no token-shaped literal sits in the source.
    static let token = "ghp_" + String((0..<36).map { index in
        Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")[(index * 37 + 11) % 62]
    })

    @Test("secrets scan prints a file name holding ESC[2J escaped")
    func secretsScanEscapesFileNames() throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write("src/a\u{1b}[2Jb.env", "TOKEN=\"\(Self.token)\"\n")
        let result = try CommandRunner.vouch(["secrets", "scan", directory.path + "/src"])
        #expect(result.status == 1)
        Self.expectNoControlCharacters(result.stdout)
        #expect(result.stdout.contains("a\\x1B[2Jb.env:1:"))
    }

    @Test("secrets scan --git prints a commit author and email holding escapes escaped")
    func secretsScanEscapesGitAuthors() throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write("repo/t.env", "TOKEN=\"\(Self.token)\"\n")
        let repo = directory.path + "/repo"
        let made = try CommandRunner.shell(
            "git init -q . && git add t.env && git -c user.name=$'Mal\\e[2Jlory' -c user.email=$'m\\e]0;x\\a@example.com' commit -qm one",
            in: repo)
        try #require(made.status == 0, "\(made.stderr)")
        let result = try CommandRunner.vouch(["secrets", "scan", "--git", repo])
        #expect(result.status == 1)
        Self.expectNoControlCharacters(result.stdout)
        #expect(result.stdout.contains("Author:      Mal\\x1B[2Jlory <m\\x1B]0;x\\x07@example.com>\n"))
    }

    @Test("an error naming a hostile path prints it escaped")
    func errorMessagesEscapePaths() throws {
        let result = try CommandRunner.vouch(["digest", "/no/such/\u{1b}]0;PWNED\u{07}file"])
        #expect(result.status == 2)
        Self.expectNoControlCharacters(result.stderr)
        #expect(result.stderr.contains("/no/such/\\x1B]0;PWNED\\x07file"))
    }
}
