import Foundation
import Testing
import VouchTestSupport

/// A venv moved after installation: a console script whose only difference from RECORD is its `#!`
/// line is `relocated`, explained, and not tampering unless `--strict`.
@Suite("sbom verify-record: relocated console scripts")
struct RelocatedVenvCLITests {
    static let launcher = """
        # -*- coding: utf-8 -*-
        import re
        import sys
        from demo.cli import main
        if __name__ == '__main__':
            sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
            sys.exit(main())

        """

    /// A venv whose RECORD was written for `bin/demo` under `#!/build/venv/bin/python3`; the script on
    /// disk starts with `firstLine` and continues with `body`.
    static func venv(_ directory: TemporaryDirectory, firstLine: (String) -> String, body: String = launcher) throws -> String {
        let root = directory.path + "/venv"
        let original = Array(("#!/build/venv/bin/python3\n" + launcher).utf8)
        let metadata = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"
        let hashes = try CommandRunner.run("/usr/bin/env", ["python3", "-c", """
            import base64, hashlib, sys
            for text in sys.argv[1:]:
                print(base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode())
            """, String(decoding: original, as: UTF8.self), metadata]).stdout.split(separator: "\n").map(String.init)
        try #require(hashes.count == 2)
        let info = "venv/lib/python3.12/site-packages/demo-1.0.dist-info"
        try directory.write("venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.12.1\n")
        try directory.write("\(info)/METADATA", metadata)
        try directory.write("\(info)/entry_points.txt", "[console_scripts]\ndemo = demo.cli:main\n")
        try directory.write("\(info)/RECORD", """
            ../../../bin/demo,sha256=\(hashes[0]),\(original.count)
            demo-1.0.dist-info/METADATA,sha256=\(hashes[1]),\(metadata.utf8.count)
            demo-1.0.dist-info/entry_points.txt,,
            demo-1.0.dist-info/RECORD,,

            """)
        try directory.write("venv/bin/demo", firstLine(root) + "\n" + body)
        return root
    }

    @Test("a script whose #! now names this venv's interpreter is 'relocated', explained, exit 0; --strict makes it exit 1")
    func shebangOnlyDifferenceIsRelocated() throws {
        let directory = try TemporaryDirectory()
        let venv = try Self.venv(directory, firstLine: { "#!\($0)/bin/python3" })
        let result = try CommandRunner.vouch(["sbom", "verify-record", venv])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("relocated: /bin/demo (demo-1.0.dist-info): only the #! line differs from RECORD"), "\(result.stdout)")
        #expect(result.stdout.contains("pip's launcher for the entry point demo = demo.cli:main"))
        #expect(result.stdout.contains("OK: 1 distributions, 2 files checked, 0 findings, 1 relocated script (not tampering)"), "\(result.stdout)")
        let strict = try CommandRunner.vouch(["sbom", "verify-record", "--strict", venv])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("TAMPERED"))
        let json = try CommandRunner.vouch(["sbom", "verify-record", "--format", "json", venv])
        #expect(json.status == 0)
        #expect(json.stdout.contains("\"kind\" : \"relocated\""))
    }

    @Test("a #! naming another interpreter, or a changed body, is 'modified' (tampering), exit 1")
    func otherDifferencesAreModified() throws {
        let elsewhere = try TemporaryDirectory()
        let venv = try Self.venv(elsewhere, firstLine: { _ in "#!/tmp/evil/bin/python3" })
        let result = try CommandRunner.vouch(["sbom", "verify-record", venv])
        #expect(result.status == 1)
        #expect(result.stdout.contains("modified: /bin/demo"), "\(result.stdout)")
        let changed = try TemporaryDirectory()
        let body = Self.launcher.replacingOccurrences(of: "from demo.cli import main", with: "from demo.evil import main")
        let tampered = try Self.venv(changed, firstLine: { "#!\($0)/bin/python3" }, body: body)
        let second = try CommandRunner.vouch(["sbom", "verify-record", tampered])
        #expect(second.status == 1)
        #expect(second.stdout.contains("modified: /bin/demo"), "\(second.stdout)")
    }

    static let demoImage = Fixtures.repositoryRoot.appendingPathComponent("Fixtures/generated/example/gateway").path

    @Test("the demo image (Fixtures/example, a venv built elsewhere and copied in) verifies with its three console scripts relocated",
          .enabled(if: FileManager.default.fileExists(atPath: demoImage), "make demo builds Fixtures/generated/example/gateway"))
    func demoImageScriptsAreRelocated() throws {
        let result = try CommandRunner.vouch(["sbom", "verify-record", Self.demoImage])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for script in ["fastapi", "idna", "uvicorn"] {
            #expect(result.stdout.contains("relocated: /app/.venv/bin/\(script) "), "\(script)")
        }
        #expect(result.stdout.contains("0 findings, 3 relocated scripts (not tampering)"), "\(result.stdout)")
    }
}
