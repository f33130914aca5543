import Foundation
import Testing
import VouchTestSupport

/// `vouch sbom query` and `vouch sbom licenses` run as the built binary: filters, fields, the gate's
/// license rule, exit codes; on a fixture BOM, on Vouch's SBOM of the edge venv and on syft's and trivy's.
@Suite struct SbomQueryCLITests {
    typealias Object = [String: Any]

    func bom(_ directory: TemporaryDirectory, hostile: Bool = false) throws -> String {
        let path = directory.path + "/bom.cdx.json"
        try QueryFixtures.write(QueryFixtures.bom(hostile: hostile), to: path)
        return path
    }

    func rows(_ result: CommandResult) throws -> [Object] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? Object, "\(result.stdout)\(result.stderr)")
        return try #require(object["components"] as? [Object])
    }

    @Test func whereGlobSelectsWholeNamesAndTextListsTheSelectedFields() throws {
        let directory = try TemporaryDirectory("sbom-query")
        let file = try bom(directory)
        let result = try CommandRunner.vouch(["sbom", "query", file, "--where", "name=pydantic*"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("NAME "))
        #expect(lines[0].contains("PURL") && lines[0].contains("LICENSE"))
        let pydantic = try #require(lines.first { $0.hasPrefix("pydantic ") })
        #expect(pydantic.contains("pkg:pypi/pydantic@2.9.2") && pydantic.hasSuffix("MIT"))
        #expect(lines.contains { $0.hasPrefix("pydantic_core ") && $0.contains("pkg:pypi/pydantic-core@2.23.4") })
        #expect(result.stderr.contains("2 of 7 components"))
        // A glob matches the whole value: `pydantic` alone is one component, not two.
        let exact = try rows(try CommandRunner.vouch(["sbom", "query", file, "--where", "name=PYDANTIC", "--format", "json"]))
        #expect(exact.map { $0["name"] as? String } == ["pydantic"])
    }

    @Test func containsEcosystemAndMissingValueFiltersCombine() throws {
        let directory = try TemporaryDirectory("sbom-query-ops")
        let file = try bom(directory)
        func names(_ filters: [String]) throws -> [String] {
            try rows(try CommandRunner.vouch(["sbom", "query", file, "--format", "json", "--select", "name,ecosystem"] + filters.flatMap { ["--where", $0] }))
                .map { $0["name"] as? String ?? "?" }.sorted()
        }
        // license~GPL is a substring match: LGPL-2.1-or-later AND GPL-2.0-only.
        #expect(try names(["license~GPL"]) == ["libc6"])
        #expect(try names(["ecosystem=cargo"]) == ["idna"])
        #expect(try names(["name=idna", "ecosystem!=cargo"]) == ["idna"])
        #expect(try names(["ecosystem=pypi", "supplier="]) == ["mystery"])
        #expect(try names(["license="]) == ["app", "mystery"])
        #expect(try names(["license!~MIT", "role=component"]) == ["idna", "libc6", "mystery"])
        let json = try rows(try CommandRunner.vouch(["sbom", "query", file, "--format", "json", "--select", "name,license,supplier", "--where", "name=mystery"]))
        #expect(json.count == 1)
        #expect(json[0]["license"] is NSNull)
        #expect(json[0]["supplier"] is NSNull)
    }

    @Test func noMatchExitsOneAndABadFilterOrFieldIsAUsageError() throws {
        let directory = try TemporaryDirectory("sbom-query-exit")
        let file = try bom(directory)
        let none = try CommandRunner.vouch(["sbom", "query", file, "--where", "name=requests"])
        #expect(none.status == 1)
        #expect(none.stdout.isEmpty)
        #expect(none.stderr.contains("0 of 7 components"))
        let field = try CommandRunner.vouch(["sbom", "query", file, "--where", "colour=red"])
        #expect(field.status == 64)
        #expect(field.stderr.contains("unknown field 'colour'"))
        let syntax = try CommandRunner.vouch(["sbom", "query", file, "--where", "pydantic"])
        #expect(syntax.status == 64)
        #expect(syntax.stderr.contains("expected FIELD=GLOB"))
        let select = try CommandRunner.vouch(["sbom", "query", file, "--select", "name,colour"])
        #expect(select.status == 64)
        let missing = try CommandRunner.vouch(["sbom", "query", directory.path + "/none.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("none.json: no such file"))
    }

    @Test func queryOfVouchsSBOMOfTheEdgeVenvListsEveryPyPIPackageItWrote() throws {
        let directory = try TemporaryDirectory("sbom-query-venv")
        let sbom = directory.path + "/venv.spdx.json"
        let made = try CommandRunner.vouch(["sbom", SBOMTestFixtures.edgeVenv, "--format", "spdx-json", "-o", sbom], environment: ["SOURCE_DATE_EPOCH": "0"])
        try #require(made.status == 0, "\(made.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sbom))) as? Object)
        var expected: [String] = []
        for package in document["packages"] as! [Object] {
            let refs = package["externalRefs"] as? [Object] ?? []
            if refs.contains(where: { ($0["referenceLocator"] as? String)?.hasPrefix("pkg:pypi/") == true }) { expected.append(package["name"] as! String) }
        }
        try #require(!expected.isEmpty)
        let names = try rows(try CommandRunner.vouch(["sbom", "query", sbom, "--where", "ecosystem=pypi", "--select", "name", "--format", "json"])).map { $0["name"] as! String }
        #expect(names.sorted() == expected.sorted())
    }

    /// The same venv through syft and trivy: the PyPI names `query` finds agree with Vouch's SBOM, PEP
    /// 503-normalized (producers spell `Non.Normalized_Name` differently), except the editable and the local
    /// (file:) install, which syft and trivy give a `pkg:pypi` purl and Vouch gives none: they are not on PyPI.
    @Test(.enabled(if: Peers.shouldRun("syft", "trivy")))
    func queryReadsSyftAndTrivySBOMsOfTheSameVenv() throws {
        let directory = try TemporaryDirectory("sbom-query-peers")
        let path = SBOMTestFixtures.edgeVenv
        func pypiNames(_ file: String) throws -> Set<String> {
            let result = try CommandRunner.vouch(["sbom", "query", file, "--where", "ecosystem=pypi", "--where", "role=component", "--select", "name", "--format", "json"])
            return Set(try rows(result).map { ($0["name"] as! String).lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: ".", with: "-") })
        }
        let vouch = directory.path + "/vouch.cdx.json"
        try #require(try CommandRunner.vouch(["sbom", path, "--format", "cyclonedx-json", "-o", vouch]).status == 0)
        let syft = directory.path + "/syft.cdx.json"
        let syftRun = try CommandRunner.run(try Peers.require("syft"), ["scan", "dir:\(path)", "-o", "cyclonedx-json=\(syft)", "-q"], environment: ["SYFT_CHECK_FOR_APP_UPDATE": "false"])
        try #require(syftRun.status == 0, "\(syftRun.stderr)")
        let trivy = directory.path + "/trivy.spdx.json"
        let trivyRun = try CommandRunner.run(try Peers.require("trivy"), ["rootfs", "--quiet", "--offline-scan", "--format", "spdx-json", "--output", trivy, path],
                                             environment: ["TRIVY_SKIP_DB_UPDATE": "true", "TRIVY_CACHE_DIR": directory.path + "/trivy-cache"])
        try #require(trivyRun.status == 0, "\(trivyRun.stderr)")
        let ours = try pypiNames(vouch)
        #expect(!ours.isEmpty)
        #expect(try pypiNames(syft).subtracting(ours) == ["editable-pkg", "local-pkg"])
        #expect(try pypiNames(trivy).subtracting(ours) == ["editable-pkg", "local-pkg"])
        #expect(try ours.subtracting(pypiNames(syft)).isEmpty && ours.subtracting(pypiNames(trivy)).isEmpty)
        let local = try rows(try CommandRunner.vouch(["sbom", "query", vouch, "--where", "name=editable-pkg", "--select", "name,purl", "--format", "json"]))
        #expect(local.count == 1 && local.first?["purl"] is NSNull)
        for file in [syft, trivy] {
            let licenses = try CommandRunner.vouch(["sbom", "licenses", file, "--format", "json"])
            #expect(licenses.status == 0, "\(file): \(licenses.stderr)")
        }
    }

    // MARK: licenses

    func policy(_ directory: TemporaryDirectory, _ yaml: String) throws -> String {
        try directory.write("policy.yaml", yaml)
    }

    @Test func licensesCountsCanonicalExpressionsAndUnknowns() throws {
        let directory = try TemporaryDirectory("sbom-licenses")
        let file = try bom(directory)
        let result = try CommandRunner.vouch(["sbom", "licenses", file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("    2  MIT\n"))
        #expect(result.stdout.contains("    1  LGPL-2.1-or-later AND GPL-2.0-only"))
        #expect(result.stdout.contains("    1  NOASSERTION"))
        #expect(result.stdout.contains("6 packages, 4 distinct license expressions, 1 without license information"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try CommandRunner.vouch(["sbom", "licenses", file, "--format", "json"]).stdout.utf8)) as? Object)
        let ids = try #require(json["licenseIDs"] as? [String: Int])
        #expect(ids["MIT"] == 3)
        #expect(ids["GPL-2.0-only"] == 1)
        #expect(json["unknown"] as? Int == 1)
    }

    @Test func licensesPolicyAppliesAnnexDSemanticsAndExitsOneOnAFailure() throws {
        let directory = try TemporaryDirectory("sbom-licenses-policy")
        let file = try bom(directory)
        // MIT OR Apache-2.0 passes with Apache-2.0 denied (one side is acceptable); the AND of libc6 fails on
        // GPL-2.0-only; mystery has no license and allowUnknown is false.
        let strict = try policy(directory, "version: 1\nrules:\n  licenses:\n    allow: [MIT, BSD-3-Clause, LGPL-2.1-or-later]\n    deny: [Apache-2.0]\n")
        let failed = try CommandRunner.vouch(["sbom", "licenses", file, "--policy", strict])
        #expect(failed.status == 1, "\(failed.stdout)\(failed.stderr)")
        #expect(failed.stdout.contains("FAIL libc6 2.36-9: license 'LGPL-2.1-or-later AND GPL-2.0-only' is not allowed"))
        #expect(failed.stdout.contains("FAIL mystery 0.1: no license information"))
        #expect(!failed.stdout.contains("FAIL idna"))
        #expect(failed.stdout.contains("FAIL: 2 of 6 packages have unacceptable licenses"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try CommandRunner.vouch(["sbom", "licenses", file, "--policy", strict, "--format", "json"]).stdout.utf8)) as? Object)
        #expect(json["passed"] as? Bool == false)
        #expect((json["failures"] as? [Object])?.map { $0["name"] as? String } == ["libc6", "mystery"])
        let lenient = try directory.write("lenient.yaml", "version: 1\nrules:\n  licenses:\n    deny: [AGPL-3.0-only]\n    allowUnknown: true\n    exceptions:\n      - package: libc6\n        license: LGPL-2.1-or-later AND GPL-2.0-only\n")
        let passed = try CommandRunner.vouch(["sbom", "licenses", file, "--policy", lenient])
        #expect(passed.status == 0, "\(passed.stdout)")
        #expect(passed.stdout.contains("PASS: 6 packages"))
    }

    @Test func licensesWithAPolicyWithoutALicenseRuleExitsTwoNamingIt() throws {
        let directory = try TemporaryDirectory("sbom-licenses-norule")
        let file = try bom(directory)
        let other = try directory.write("other.yaml", "version: 1\nrules:\n  integrity: true\n")
        let result = try CommandRunner.vouch(["sbom", "licenses", file, "--policy", other])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("other.yaml"))
    }

    @Test(.enabled(if: Peers.shouldRun("check-jsonschema")))
    func jsonOutputsMatchTheirSchemas() throws {
        let checker = try Peers.require("check-jsonschema")
        let directory = try TemporaryDirectory("sbom-query-schema")
        let file = try bom(directory)
        let strict = try policy(directory, "version: 1\nrules:\n  licenses:\n    allow: [MIT]\n")
        let runs: [(String, [String], Int32)] = [
            ("sbom-query", ["sbom", "query", file, "--select", "name,version,purl,ecosystem,license,license-declared,license-concluded,supplier,id,hashes,cpe,role", "--format", "json"], 0),
            ("sbom-query", ["sbom", "query", file, "--where", "name=nothing", "--format", "json"], 1),
            ("sbom-licenses", ["sbom", "licenses", file, "--format", "json"], 0),
            ("sbom-licenses", ["sbom", "licenses", file, "--policy", strict, "--format", "json"], 1),
        ]
        for (index, (schema, arguments, status)) in runs.enumerated() {
            let result = try CommandRunner.vouch(arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? Object)
            #expect(object["passed"] as? Bool == (status == 0), "the verdict field is 'passed'")
            let output = try directory.write("out-\(index).json", result.stdout)
            let checked = try CommandRunner.run(checker, ["--schemafile", Fixtures.repositoryRoot.appendingPathComponent("Schemas/\(schema).schema.json").path, output])
            #expect(checked.status == 0, "\(schema): \(checked.stdout)\(checked.stderr)")
        }
    }

    @Test(arguments: ["query", "licenses", "report"])
    func helpTeachesWithExamples(command: String) throws {
        let result = try CommandRunner.vouch(["sbom", command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Examples:"))
        #expect(result.stdout.contains("vouch sbom \(command) "))
        #expect(result.stdout.contains("Exit status:"))
    }
}
