import Foundation
import Testing
import VouchTestSupport

/// Vouch's verdicts next to the peers': `pyspdxtools -i` (spdx-tools) on SPDX validity, `sbomdiff` 0.6.0 on
/// what changed between two SBOMs. Under CI=true a missing peer fails the test.
@Suite struct SbomPeerAgreementTests {
    typealias Object = [String: Any]

    static func spdx(_ change: (inout Object) -> Void = { _ in }) -> Object {
        var document: Object = [
            "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": "app",
            "documentNamespace": "https://example.com/spdx/app",
            "creationInfo": ["created": "2026-01-02T03:04:05Z", "creators": ["Tool: vouch-1.0"]],
            "packages": [["SPDXID": "SPDXRef-a", "name": "a", "versionInfo": "1", "downloadLocation": "NOASSERTION", "filesAnalyzed": false]],
            "relationships": [["spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-a"]],
        ]
        change(&document)
        return document
    }

    @Test(.enabled(if: Peers.shouldRun("pyspdxtools")))
    func pyspdxtoolsAgreesWithValidateOnValidAndBrokenSPDX() throws {
        let tool = try Peers.require("pyspdxtools")
        let directory = try TemporaryDirectory("sbom-pyspdxtools")
        func package(_ document: inout Object, _ change: (inout Object) -> Void) {
            var packages = document["packages"] as! [Object]
            change(&packages[0])
            document["packages"] = packages
        }
        let cases: [(String, Object, Bool)] = [
            ("valid", Self.spdx(), true),
            ("no-download-location", Self.spdx { package(&$0) { $0["downloadLocation"] = nil } }, false),
            ("dangling-relationship", Self.spdx { $0["relationships"] = [["spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-nowhere"]] }, false),
            ("bad-created", Self.spdx { $0["creationInfo"] = ["created": "yesterday", "creators": ["Tool: vouch-1.0"]] }, false),
        ]
        var files = cases.map { name, object, valid in (directory.path + "/\(name).spdx.json", valid, object) }
        for (path, _, object) in files { try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path)) }
        // And Vouch's own SPDX of the edge venv.
        let venv = directory.path + "/venv.spdx.json"
        try #require(try CommandRunner.vouch(["sbom", SBOMTestFixtures.edgeVenv, "--format", "spdx-json", "-o", venv]).status == 0)
        files.append((venv, true, [:]))
        for (path, valid, _) in files {
            let theirs = try CommandRunner.run(tool, ["-i", path])
            let ours = try CommandRunner.vouch(["sbom", "validate", path])
            #expect((theirs.status == 0) == valid, "pyspdxtools on \(path): \(theirs.stdout.suffix(400))\(theirs.stderr.suffix(400))")
            #expect((ours.status == 0) == valid, "vouch on \(path): \(ours.stdout)")
        }
    }

    @Test(.enabled(if: Peers.shouldRun("sbomdiff")))
    func sbomdiffFindsTheSameChangesAndVouchTellsADowngrade() throws {
        let tool = try Peers.require("sbomdiff")
        let directory = try TemporaryDirectory("sbom-sbomdiff")
        func component(_ name: String, _ version: String, _ license: String, hash: String? = nil) -> Object {
            var object: Object = ["type": "library", "bom-ref": "pkg:pypi/\(name)@\(version)", "name": name, "version": version,
                                  "purl": "pkg:pypi/\(name)@\(version)", "licenses": [["expression": license]]]
            if let hash { object["hashes"] = [["alg": "SHA-256", "content": hash]] }
            return object
        }
        func bom(_ components: [Object]) -> Object {
            ["bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "metadata": ["timestamp": "2026-01-02T03:04:05Z"], "components": components]
        }
        let old = bom([component("requests", "2.31.0", "Apache-2.0"), component("urllib3", "2.2.0", "MIT"), component("six", "1.16.0", "MIT"),
                       component("idna", "3.7", "BSD-3-Clause"), component("certifi", "2024.2.2", "MPL-2.0", hash: String(repeating: "aa", count: 32))])
        let new = bom([component("requests", "2.32.3", "Apache-2.0"), component("urllib3", "1.26.18", "MIT"), component("attrs", "23.2.0", "MIT"),
                       component("idna", "3.7", "MIT"), component("certifi", "2024.2.2", "MPL-2.0", hash: String(repeating: "bb", count: 32))])
        let oldPath = directory.path + "/old.cdx.json", newPath = directory.path + "/new.cdx.json"
        try JSONSerialization.data(withJSONObject: old).write(to: URL(fileURLWithPath: oldPath))
        try JSONSerialization.data(withJSONObject: new).write(to: URL(fileURLWithPath: newPath))
        let theirs = try #require(try JSONSerialization.jsonObject(with: Data(try CommandRunner.run(tool, ["--checksum", "SHA256", "-f", "json", oldPath, newPath]).stdout.utf8)) as? Object)
        var their: [String: Set<String>] = [:]
        for difference in theirs["differences"] as! [Object] {
            let name = difference["package"] as! String
            switch difference["status"] as! String {
            case "add": their["added", default: []].insert(name)
            case "remove": their["removed", default: []].insert(name)
            default:
                for key in ["version", "license", "checksum"] where difference[key] != nil { their[key, default: []].insert(name) }
            }
        }
        let run = try CommandRunner.vouch(["sbom", "diff", oldPath, newPath, "--format", "json"])
        #expect(run.status == 1, "the hash changed at the same version: fails by default")
        let ours = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? Object)
        var our: [String: Set<String>] = [:]
        for change in ours["changes"] as! [Object] { our[change["kind"] as! String, default: []].insert(change["name"] as! String) }
        #expect(our["added"] == their["added"])
        #expect(our["removed"] == their["removed"])
        #expect(our["license-changed"] == their["license"])
        #expect(our["hash-changed"] == their["checksum"])
        // sbomdiff reports a version change; Vouch orders versions (PEP 440) and tells which way it went.
        #expect((our["upgraded"] ?? []).union(our["downgraded"] ?? []) == their["version"])
        #expect(our["downgraded"] == ["urllib3"] && our["upgraded"] == ["requests"])
    }
}
