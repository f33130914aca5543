import Foundation
import Testing
import VouchTestSupport

/// `vouch sbom -o` in syft's form, `FORMAT` (standard output) or `FORMAT=FILE`, beside Vouch's own
/// `--format F -o FILE` pairs: a syft user's `-o spdx-json` must not silently become a file named spdx-json.
@Suite("sbom -o FORMAT[=FILE] (syft's form)")
struct SbomSyftOutputCLITests {
    private static func venv(in directory: TemporaryDirectory) throws -> String {
        let info = "venv/lib/python3.12/site-packages/demo-1.0.dist-info"
        try directory.write("venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.12.1\n")
        try directory.write("\(info)/METADATA", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n")
        try directory.write("\(info)/RECORD", "demo-1.0.dist-info/METADATA,,\ndemo-1.0.dist-info/RECORD,,\n")
        return directory.path + "/venv"
    }

    private static func entries(_ directory: TemporaryDirectory) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
    }

    @Test("-o FORMAT writes that format to standard output and creates no file named after it")
    func formatAloneGoesToStandardOutput() throws {
        let directory = try TemporaryDirectory()
        let venv = try Self.venv(in: directory)
        let result = try CommandRunner.vouch(["sbom", venv, "-o", "cyclonedx-json", "-q"], in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(document?["bomFormat"] as? String == "CycloneDX", "\(result.stdout.prefix(300))")
        #expect(try Self.entries(directory) == ["venv"])
    }

    @Test("-o FORMAT=FILE twice writes each format to its file")
    func formatEqualsFile() throws {
        let directory = try TemporaryDirectory()
        let venv = try Self.venv(in: directory)
        let spdx = directory.path + "/a.spdx.json", xml = directory.path + "/a.cdx.xml"
        let result = try CommandRunner.vouch(["sbom", venv, "-o", "spdx-json=\(spdx)", "-o", "cyclonedx-xml=\(xml)", "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try String(contentsOfFile: spdx, encoding: .utf8).contains("\"spdxVersion\""))
        #expect(try String(contentsOfFile: xml, encoding: .utf8).contains("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\""))
    }

    @Test("A path that is not FORMAT[=FILE] is still a file for the default format (./spdx-json is a file)")
    func plainPathStaysAPath() throws {
        let directory = try TemporaryDirectory()
        let venv = try Self.venv(in: directory)
        let result = try CommandRunner.vouch(["sbom", venv, "-o", "./spdx-json", "-q"], in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: directory.path + "/spdx-json", encoding: .utf8).contains("\"spdxVersion\""))
    }

    @Test("Mixing the two forms, --format with FORMAT=FILE, or two FORMATs to standard output is a usage error")
    func mixedFormsRefused() throws {
        let directory = try TemporaryDirectory()
        let venv = try Self.venv(in: directory)
        let cases: [([String], String)] = [
            (["-o", "spdx-json=a.json", "-o", "b.json"], "not both"),
            (["--format", "spdx-json", "-o", "cyclonedx-json=a.json"], "give no --format"),
            (["-o", "spdx-json", "-o", "cyclonedx-json"], "Only one document can go to standard output"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.vouch(["sbom", venv] + arguments, in: directory.path)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(try Self.entries(directory) == ["venv"], "\(arguments) wrote a file")
        }
    }
}
