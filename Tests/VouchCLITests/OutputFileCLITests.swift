import Foundation
import Testing
import VouchTestSupport

/// Issue 11 section 4: how every command writes its outputs (the rule is OutputFile's in VouchFiles).
/// Device-like targets are the test's own (a device node it makes, a symlink to a device, a FIFO, a
/// pty) so that a regression, which would replace the target, cannot damage the machine's /dev.
@Suite("output files and standard output")
struct OutputFileCLITests {
    /// A venv of one distribution: `vouch sbom` and `vouch secrets scan` read it quickly and write a small
    /// document (an SBOM of nothing is refused, so it holds one package, whose RECORD lists its files).
    private static func venv(in directory: TemporaryDirectory) throws -> String {
        let path = directory.path + "/venv"
        let info = "venv/lib/python3.12/site-packages/demo-1.0.dist-info"
        try directory.write("venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.12.1\n")
        try directory.write("\(info)/METADATA", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n")
        try directory.write("\(info)/RECORD", "demo-1.0.dist-info/METADATA,,\ndemo-1.0.dist-info/RECORD,,\n")
        return path
    }

    private static func fileType(_ path: String) -> mode_t? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return status.st_mode & S_IFMT
    }

    private static func permissions(_ path: String) -> mode_t? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o777
    }

    /// A full device (ENOSPC on every write) the test owns: a device node when root may make one
    /// (`mknod c 1 7`, as /dev/full), else a symlink to /dev/full (replacing it would touch only the link).
    private static func fullDevice(in directory: TemporaryDirectory) throws -> String {
        let path = directory.path + "/full"
        if geteuid() == 0, try CommandRunner.shell("mknod '\(path)' c 1 7").status == 0 { return path }
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/full")
        return path
    }

    private static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @Test("-o to a full device is exit 2 naming the output, and the device stays a device")
    func sbomToFullDevice() throws {
        let directory = try TemporaryDirectory()
        let full = try Self.fullDevice(in: directory)
        let type = Self.fileType(full)
        let result = try CommandRunner.vouch(["sbom", try Self.venv(in: directory), "-o", full])
        #expect(result.status == 2)
        #expect(result.stderr.contains("vouch: error: \(full): write failed: No space left on device"), "\(result.stderr)")
        #expect(Self.fileType(full) == type, "the output target was replaced")
    }

    @Test("--report to a full device is exit 2, and the device stays a device")
    func secretsReportToFullDevice() throws {
        let directory = try TemporaryDirectory()
        let full = try Self.fullDevice(in: directory)
        let type = Self.fileType(full)
        let result = try CommandRunner.vouch(["secrets", "scan", try Self.venv(in: directory), "--report", full])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(full): write failed: No space left on device"), "\(result.stderr)")
        #expect(Self.fileType(full) == type, "the report target was replaced")
    }

    @Test("-o a symlink writes through to its target and keeps the link")
    func symlinkWrittenThrough() throws {
        let directory = try TemporaryDirectory()
        let target = try directory.write("target.json", "old")
        let link = directory.path + "/link.json"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.json")
        let result = try CommandRunner.vouch(["sbom", try Self.venv(in: directory), "-o", link])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.fileType(link) == S_IFLNK)
        let written = try String(contentsOfFile: target, encoding: .utf8)
        #expect(written.contains("\"spdxVersion\""))
    }

    @Test("-o a dangling symlink creates its target and keeps the link")
    func danglingSymlinkCreatesTarget() throws {
        let directory = try TemporaryDirectory()
        let link = directory.path + "/link.json"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "new.json")
        let result = try CommandRunner.vouch(["sbom", try Self.venv(in: directory), "-o", link])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.fileType(link) == S_IFLNK)
        #expect(Self.fileType(directory.path + "/new.json") == S_IFREG)
    }

    @Test("-o a FIFO is written through: the reader at the other end gets the document")
    func fifoWrittenThrough() throws {
        let directory = try TemporaryDirectory()
        let fifo = directory.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        // A non-blocking reader exists before vouch opens the FIFO, so neither side waits; the small
        // document fits in the pipe's buffer and is read after vouch exits.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        try #require(reader >= 0)
        defer { close(reader) }
        let result = try CommandRunner.vouch(["sbom", try Self.venv(in: directory), "-o", fifo])
        #expect(result.status == 0, "\(result.stderr)")
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(reader, &chunk, chunk.count)
            if count <= 0 { break }
            received += chunk[0..<count]
        }
        #expect(String(decoding: received, as: UTF8.self).contains("\"spdxVersion\""))
        #expect(Self.fileType(fifo) == S_IFIFO, "the FIFO was replaced")
    }

    @Test("a symlink to /dev/null as output is written through, not replaced")
    func devNullNotReplaced() throws {
        let directory = try TemporaryDirectory()
        let link = directory.path + "/null"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/null")
        let result = try CommandRunner.vouch(["sbom", try Self.venv(in: directory), "-o", link])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.fileType(link) == S_IFLNK, "the link to /dev/null was replaced")
        #expect(Self.fileType("/dev/null") == S_IFCHR)
    }

    @Test("a pty as output (through a symlink, as /dev/stdout is) gets the bytes and is not replaced")
    func ptyNotReplaced() throws {
        let directory = try TemporaryDirectory()
        let venv = try Self.venv(in: directory)
        let link = directory.path + "/stdout"
        // Python's pty module holds both ends open while vouch writes to the terminal through the link,
        // then reports: vouch's exit status, bytes that reached the master, link kept, terminal still a device.
        let script = """
            import os, pty, select, stat, subprocess, sys
            vouch, venv, link = sys.argv[1:4]
            master, slave = pty.openpty()
            terminal = os.ttyname(slave)
            os.symlink(terminal, link)
            status = subprocess.run([vouch, "sbom", venv, "-o", link]).returncode
            ready = select.select([master], [], [], 5)[0]
            data = os.read(master, 1 << 16) if ready else b""
            print(status, len(data), os.path.islink(link), stat.S_ISCHR(os.stat(terminal).st_mode))
            """
        let result = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, CommandRunner.vouchPath, venv, link])
        #expect(result.status == 0, "\(result.stderr)")
        let fields = result.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        try #require(fields.count == 4, "\(result.stdout) \(result.stderr)")
        #expect(fields[0] == "0", "vouch failed writing to the pty")
        #expect((Int(fields[1]) ?? 0) > 0, "nothing arrived at the terminal")
        #expect(fields[2] == "True", "the link to the pty was replaced")
        #expect(fields[3] == "True", "the pty is no longer a device")
    }

    @Test("umask 077 gives a new output file mode 0600")
    func umaskHonoured() throws {
        let directory = try TemporaryDirectory()
        let venv = try Self.venv(in: directory)
        let output = directory.path + "/new.json"
        let result = try CommandRunner.shell("umask 077; \(Self.quoted(CommandRunner.vouchPath)) sbom \(Self.quoted(venv)) -o \(Self.quoted(output))")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.permissions(output) == 0o600)
    }

    @Test("overwriting an existing 0600 file keeps it 0600 (sbom -o and secrets --report)")
    func existingModeKept() throws {
        let directory = try TemporaryDirectory()
        let venv = try Self.venv(in: directory)
        let sbom = try directory.write("sbom.json", "old")
        let report = try directory.write("report.json", "old")
        #expect(chmod(sbom, 0o600) == 0 && chmod(report, 0o600) == 0)
        #expect(try CommandRunner.vouch(["sbom", venv, "-o", sbom]).status == 0)
        #expect(try CommandRunner.vouch(["secrets", "scan", venv, "--no-redact", "--report", report]).status == 0)
        #expect(Self.permissions(sbom) == 0o600)
        #expect(Self.permissions(report) == 0o600)
        #expect(try String(contentsOfFile: sbom, encoding: .utf8) != "old")
        #expect(try String(contentsOfFile: report, encoding: .utf8) != "old")
    }

    @Test("two --format/--output pairs where the second cannot be written leave neither written",
          arguments: ["missing-directory", "full-device"])
    func outputsAllOrNone(second: String) throws {
        let directory = try TemporaryDirectory()
        let venv = try Self.venv(in: directory)
        let first = directory.path + "/a.spdx.json"
        let existing = try directory.write("b.cdx.json", "old")
        let unwritable = second == "full-device" ? try Self.fullDevice(in: directory) : directory.path + "/missing/c.json"
        let fresh = try CommandRunner.vouch(
            ["sbom", venv, "--format", "spdx-json", "--format", "cyclonedx-json", "-o", first, "-o", unwritable])
        #expect(fresh.status == 2)
        #expect(!FileManager.default.fileExists(atPath: first), "the first output was written although the second failed")
        let replacing = try CommandRunner.vouch(
            ["sbom", venv, "--format", "cyclonedx-json", "--format", "spdx-json", "-o", existing, "-o", unwritable])
        #expect(replacing.status == 2)
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "old", "the first output was replaced although the second failed")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".vouch-") }
        #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
    }

    /// Every command family, its standard output sent to /dev/full: exit 2 and the error, never 0 with nothing written.
    @Test("> /dev/full is exit 2 'standard output: ... No space left on device' for every command family")
    func standardOutputFull() throws {
        let directory = try TemporaryDirectory()
        let venv = try Self.venv(in: directory)
        let blob = try directory.write("blob", "hello\n")
        let images = directory.path + "/images"
        let made = try CommandRunner.run("/usr/bin/env", ["python3", Fixtures.path("images/make-images.py"), images])
        try #require(made.status == 0, "make-images.py: \(made.stderr)")
        let image = images + "/oci-layout"
        let policy = try directory.write("policy.yaml", "version: 1\nrules:\n  integrity: true\n")
        let keys = try CommandRunner.vouch(["key", "generate", "--algorithm", "ed25519", "--no-password", "--output-prefix", directory.path + "/k"])
        try #require(keys.status == 0, "\(keys.stderr)")
        let signature = try CommandRunner.vouch(["sign-blob", blob, "--key", directory.path + "/k.key"])
        try #require(signature.status == 0)
        let signatureFile = try directory.write("blob.sig", signature.stdoutBytes)
        let predicate = try directory.write("predicate.json", "{\"a\":1}")
        let envelope = try CommandRunner.vouch(
            ["attest", "--predicate", predicate, "--type", "custom", "--key", directory.path + "/k.key", blob])
        let commands: [[String]] = [
            ["digest", blob],
            ["sign-blob", blob, "--key", directory.path + "/k.key"],
            ["verify-blob", blob, "--key", directory.path + "/k.pub", "--signature", signatureFile],
            ["attest", "--predicate", predicate, "--type", "custom", "--key", directory.path + "/k.key", blob],
            ["image", "inspect", image],
            ["image", "digest", image],
            ["image", "ls", image],
            ["image", "verify", image],
            ["image", "verify", "--format", "json", image],
            ["policy", "check", image, "--policy", policy],
            ["secrets", "rules"],
            ["secrets", "scan", venv],
            ["sbom", venv],
            ["sbom", "verify-record", venv],
            ["key", "generate", "--algorithm", "ed25519", "--no-password", "--format", "json", "--output-prefix", directory.path + "/k2"],
        ]
        #expect(envelope.status == 0, "attest setup: \(envelope.stderr)")
        for command in commands {
            let line = ([CommandRunner.vouchPath] + command).map(Self.quoted).joined(separator: " ") + " > /dev/full"
            let result = try CommandRunner.shell(line + " || exit $?")
            #expect(result.status == 2, "\(command.joined(separator: " ")): exit \(result.status), \(result.stderr)")
            #expect(result.stderr.contains("vouch: error: standard output: write failed: No space left on device"),
                    "\(command.joined(separator: " ")): \(result.stderr)")
        }
    }
}
