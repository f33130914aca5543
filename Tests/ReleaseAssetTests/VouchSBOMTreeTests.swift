import Foundation
import Testing
import VouchTestSupport

/// `scripts/vouch-sbom-tree.sh`, which the release workflow runs to make the SBOM of Vouch itself.
@Suite struct VouchSBOMTreeTests {
    @Test("the SBOM of Vouch lists the Debian packages of the libraries the binary loads and the pinned Swift packages",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg-query")))
    func theSBOMOfVouchListsLinkedDebianPackagesAndSwiftPins() throws {
        let root = Fixtures.repositoryRoot.path
        let directory = try TemporaryDirectory("vouch-sbom-tree")
        let tree = directory.path + "/tree"
        let script = try CommandRunner.run(root + "/scripts/vouch-sbom-tree.sh", [CommandRunner.vouchPath, tree, root])
        #expect(script.status == 0, "\(script.stderr)")
        let result = try CommandRunner.vouch(["sbom", tree, "--format", "cyclonedx-json"], environment: ["SOURCE_DATE_EPOCH": "0"])
        #expect(result.status == 0, "\(result.stderr)")
        let bom = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let components = (bom?["components"] as? [[String: Any]]) ?? []
        // The libraries every vouch binary loads, by the package that ships them on this system.
        for library in ["libcrypto.so.3", "libarchive.so.13", "libsodium.so.23", "libhs.so.5", "libpcre2-8.so.0", "libisal.so.2"] {
            let owner = try CommandRunner.shell("dpkg-query -S '*/\(library)' | head -n 1 | cut -d: -f1")
            let package = owner.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!package.isEmpty, "no package owns \(library)")
            let version = try CommandRunner.run("/usr/bin/dpkg-query", ["-W", "-f", "${Version}", package]).stdout
            let component = components.first { $0["name"] as? String == package }
            #expect(component?["version"] as? String == version, "\(package) (\(library)) at \(version)")
            #expect((component?["purl"] as? String)?.hasPrefix("pkg:deb/") == true)
        }
        #expect(components.contains { ($0["purl"] as? String)?.hasPrefix("pkg:swift/github.com/apple/swift-argument-parser@") == true })
        #expect(!components.contains { ($0["name"] as? String)?.hasPrefix("libswift") == true })
    }

    @Test("the SBOM tree script refuses a missing binary with exit 2")
    func theSBOMTreeScriptRefusesAMissingBinary() throws {
        let directory = try TemporaryDirectory("vouch-sbom-tree")
        let result = try CommandRunner.run(Fixtures.repositoryRoot.path + "/scripts/vouch-sbom-tree.sh", [directory.path + "/nothing", directory.path + "/tree"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("nothing: not an executable file"))
    }
}
