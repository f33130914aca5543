import Foundation
import Testing
import VouchArchive
import VouchCore
import VouchSecrets
import VouchTestSupport

/// Secrets inside archives (issue 17): zip, jar, wheel, tar.gz and gzip members are scanned through
/// libarchive, nested archives to --max-archive-depth, under the archive limits.
@Suite struct ArchiveScanTests {
    static let token = FakeSecret.make("ghp_", FakeSecret.alphanumeric, 36, seed: 1901)

    /// Runs Python to write archives: `script` gets `out` (the directory) and `token`.
    func archives(_ script: String) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("vouch-secrets-archives")
        let prelude = "import gzip, io, os, sys, tarfile, zipfile\nout, token = sys.argv[1], sys.argv[2]\n"
            + "def zipped(files):\n    b = io.BytesIO()\n    with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:\n"
            + "        for n, d in files: z.writestr(n, d)\n    return b.getvalue()\n"
            + "def write(n, d):\n    open(os.path.join(out, n), 'wb').write(d)\n"
        let made = try CommandRunner.run("/usr/bin/env", ["python3", "-c", prelude + script, directory.path, Self.token])
        try #require(made.status == 0, "\(made.stderr)")
        return directory
    }

    func scan(_ arguments: [String], in directory: TemporaryDirectory) throws -> (status: Int32, findings: [String]) {
        let result = try SecretsCLI.run(["scan", "--format", "json", "--no-redact"] + arguments + ["."], in: directory.path)
        return (result.status, try SecretsCLI.findings(result.stdout))
    }

    @Test func zipJarWheelTarGzAndGzipMembersAreScanned() throws {
        let directory = try archives("""
            line = ('TOKEN=' + token + '\\n').encode()
            write('app.zip', zipped([('conf/app.env', line)]))
            write('lib.jar', zipped([('META-INF/MANIFEST.MF', b'Manifest-Version: 1.0\\n'), ('app.properties', line)]))
            write('demo-1.0-py3-none-any.whl', zipped([('demo/settings.py', line)]))
            t = io.BytesIO()
            with tarfile.open(fileobj=t, mode='w:gz') as a:
                i = tarfile.TarInfo('etc/secret.env'); i.size = len(line); a.addfile(i, io.BytesIO(line))
            write('bundle.tar.gz', t.getvalue())
            write('settings.env.gz', gzip.compress(line))
            """)
        let result = try scan([], in: directory)
        #expect(result.status == 1)
        #expect(result.findings == [
            "github-pat ./app.zip!conf/app.env:1 \(Self.token)", "github-pat ./bundle.tar.gz!etc/secret.env:1 \(Self.token)",
            "github-pat ./demo-1.0-py3-none-any.whl!demo/settings.py:1 \(Self.token)", "github-pat ./lib.jar!app.properties:1 \(Self.token)",
            "github-pat ./settings.env.gz!settings.env:1 \(Self.token)",
        ])
    }

    @Test func nestedArchivesAreOpenedToMaxArchiveDepth() throws {
        let directory = try archives("""
            inner = zipped([('inner/app.env', ('TOKEN=' + token + '\\n').encode())])
            write('outer.zip', zipped([('lib/inner.jar', inner)]))
            """)
        #expect(try scan([], in: directory).findings == ["github-pat ./outer.zip!lib/inner.jar!inner/app.env:1 \(Self.token)"])
        #expect(try scan(["--max-archive-depth", "1"], in: directory).findings.isEmpty)
        #expect(try scan(["--max-archive-depth", "0"], in: directory).findings.isEmpty)
        #expect(try SecretsCLI.run(["scan", "--max-archive-depth", "-1", "."], in: directory.path).status == 64)
    }

    @Test func anArchiveOverItsEntryLimitFailsNamingTheLimit() throws {
        let directory = try archives("""
            write('many.zip', zipped([('f%d.txt' % n, b'x') for n in range(5)]))
            """)
        var options = SecretScanOptions()
        options.archiveLimits = ArchiveLimits(maxEntries: 3)
        let scan = SecretScan(detector: BuiltinDetector.shared, options: options)
        let summary = try scan.scan(paths: [directory.path + "/many.zip"]) { _ in }
        let failure = try #require(summary.errors.first)
        #expect(failure.path.hasSuffix("many.zip"))
        #expect(failure.reason.contains("maxEntries"), "\(failure.reason)")
    }

    @Test func bytesThatOnlyLookLikeAnArchiveAreABinaryFile() throws {
        let directory = try TemporaryDirectory("vouch-secrets-fake-zip")
        FileManager.default.createFile(atPath: directory.path + "/broken.zip", contents: Data([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0x01, count: 200)))
        let result = try SecretsCLI.run(["scan", "--format", "json", "."], in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["summary"] as? [String: Any]
        #expect(summary?["binaryFilesSkipped"] as? Int == 1)
    }
}
