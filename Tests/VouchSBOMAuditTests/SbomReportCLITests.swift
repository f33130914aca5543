import Foundation
import Testing
import VouchTestSupport

/// `vouch sbom report` run as the built binary: what the page holds, escaping of hostile metadata, the
/// attestation and vulnerability sections, the offline guarantees, and how the output file is written.
@Suite struct SbomReportCLITests {
    typealias Object = [String: Any]

    func bom(_ directory: TemporaryDirectory, hostile: Bool = false) throws -> String {
        let path = directory.path + "/bom.cdx.json"
        try QueryFixtures.write(QueryFixtures.bom(hostile: hostile), to: path)
        return path
    }

    func report(_ arguments: [String], in directory: TemporaryDirectory) throws -> (CommandResult, String) {
        let output = directory.path + "/report.html"
        let result = try CommandRunner.vouch(["sbom", "report"] + arguments + ["--output", output], environment: ["SOURCE_DATE_EPOCH": "1767225600"])
        return (result, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }

    @Test func reportHoldsSummaryProfilesLicensesTreeAndEveryComponent() throws {
        let directory = try TemporaryDirectory("sbom-report")
        let (result, html) = try report([try bom(directory)], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        // Six components; the described app is the subject, shown in the summary, not a row of the table.
        #expect(result.stderr.contains("6 components"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>SBOM report: app 1.0.0</title>"))
        #expect(html.contains("<b id=\"component-total\">6</b>"))
        #expect(html.contains("<span id=\"count\">6 of 6 components</span>"))
        #expect(html.components(separatedBy: "<tr data-s=").count - 1 == 6)
        #expect(html.contains("<tr><th>Describes</th><td>app 1.0.0</td></tr>"))
        // A plain filter searches name, version, purl and license; the supplier has its own attribute.
        #expect(html.contains("<tr data-s=\"libc6 2.36-9 pkg:deb/debian/libc6@2.36-9?arch=amd64 lgpl-2.1-or-later and gpl-2.0-only\" data-e=\"deb\" data-name=\"libc6\""))
        #expect(html.contains(" data-supplier=\"debian\" "))
        for title in ["NTIA Minimum Elements (2021)", "CISA 2026 Minimum Elements", "CISA FSCT 3rd edition, Minimum Expected", "BSI TR-03183-2 v2.1.0"] {
            #expect(html.contains("<summary>\(title) "), "\(title)")
        }
        // The fixture has no suppliers for mystery: the NTIA supplier element fails and names it.
        #expect(html.contains("mystery@0.1"))
        #expect(html.contains("<td>MIT</td><td>2</td>"))
        #expect(html.contains("<td>NOASSERTION</td><td>1</td>"))
        // The tree under the described app: pydantic with pydantic_core below it, not at the top level.
        #expect(html.contains("<b>app</b> 1.0.0 <small>(described)</small><ul>"))
        #expect(html.contains("<li><details open><summary><b>pydantic</b> 2.9.2 <small>1</small></summary><ul><li><b>pydantic_core</b> 2.23.4</li></ul></details></li>"))
        #expect(html.components(separatedBy: "<b>pydantic_core</b>").count - 1 == 1)
        #expect(html.contains("Made by vouch") && html.contains("2026-01-01T00:00:00Z"))
        #expect(!html.contains("id=\"attestation\"") && !html.contains("id=\"vulnerabilities\""))
    }

    @Test func hostileComponentMetadataIsEscapedEverywhere() throws {
        let directory = try TemporaryDirectory("sbom-report-hostile")
        let (result, html) = try report([try bom(directory, hostile: true)], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("</td><script>"))
        #expect(!html.contains("1.0<b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("1.0&lt;b&gt;"))
        // Exactly one script element: the page's own.
        #expect(html.components(separatedBy: "<script").count - 1 == 1)
    }

    @Test func pageLoadsNothingAndItsPolicyAllowsOnlyItsOwnScriptAndStyle() throws {
        let directory = try TemporaryDirectory("sbom-report-offline")
        // Not the hostile BOM: its escaped text ("&lt;img src=x") would match the needles without loading anything.
        let (_, html) = try report([try bom(directory)], in: directory)
        for needle in ["src=", "href=", "<link", "@import", "url(", "http://", "https://"] {
            #expect(!html.lowercased().contains(needle), "the page references something to load: \(needle)")
        }
        let policy = try #require(html.range(of: "<meta http-equiv=\"Content-Security-Policy\" content=\"")).upperBound
        let content = String(html[policy...].prefix { $0 != "\"" })
        #expect(content.hasPrefix("default-src 'none'; style-src 'sha256-"))
        #expect(content.contains("connect-src 'none'"))
        #expect(!content.contains("unsafe-inline"))
    }

    @Test func reportIsReproducibleUnderSourceDateEpoch() throws {
        let directory = try TemporaryDirectory("sbom-report-repro")
        let file = try bom(directory)
        let (_, first) = try report([file], in: directory)
        let (_, second) = try report([file], in: directory)
        #expect(!first.isEmpty && first == second)
    }

    /// Signs the BOM with `vouch attest` about some subject file, and returns the envelope and key paths.
    func attest(_ predicate: String, in directory: TemporaryDirectory, name: String) throws -> (envelope: String, publicKey: String) {
        let prefix = directory.path + "/\(name)"
        let key = try CommandRunner.vouch(["key", "generate", "--no-password", "--output-prefix", prefix])
        try #require(key.status == 0, "\(key.stderr)")
        let subject = try directory.write("subject-\(name).bin", "the artifact")
        let envelope = directory.path + "/\(name).intoto.jsonl"
        let attest = try CommandRunner.vouch(["attest", subject, "--predicate", predicate, "--type", "cyclonedx", "--key", prefix + ".key", "--output", envelope])
        try #require(attest.status == 0, "\(attest.stderr)")
        return (envelope, prefix + ".pub")
    }

    @Test func attestationSignedByTheKeyOverThisSBOMIsVerified() throws {
        let directory = try TemporaryDirectory("sbom-report-attest")
        let file = try bom(directory)
        let signed = try attest(file, in: directory, name: "release")
        let (result, html) = try report([file, "--attestation", signed.envelope, "--key", signed.publicKey], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("attestation verified"))
        #expect(html.contains("<h2>Signature and attestation <span class=\"badge ok\">VERIFIED</span></h2>"))
        #expect(html.contains("subject-release.bin sha256:"))
        #expect(html.contains("<span class=\"badge ok\">yes</span>"))
    }

    @Test func attestationByAnotherKeyOrOverAnotherSBOMIsNotVerifiedAndExitsOne() throws {
        let directory = try TemporaryDirectory("sbom-report-attest-bad")
        let file = try bom(directory)
        let signed = try attest(file, in: directory, name: "release")
        let other = try attest(file, in: directory, name: "other")
        let (wrongKey, wrongKeyHTML) = try report([file, "--attestation", signed.envelope, "--key", other.publicKey], in: directory)
        #expect(wrongKey.status == 1)
        #expect(wrongKeyHTML.contains("NOT VERIFIED"), "the report is still written")
        #expect(wrongKeyHTML.contains("no signature verified with the given keys"))
        // Signed by the right key, but over a different document.
        var changed = QueryFixtures.bom()
        changed["version"] = 2
        let otherBOM = directory.path + "/other.cdx.json"
        try QueryFixtures.write(changed, to: otherBOM)
        let (wrongSBOM, wrongSBOMHTML) = try report([otherBOM, "--attestation", signed.envelope, "--key", signed.publicKey], in: directory)
        #expect(wrongSBOM.status == 1)
        #expect(wrongSBOMHTML.contains("the attested predicate is not this SBOM"))
        #expect(wrongSBOMHTML.contains("<span class=\"badge bad\">no</span>"))
        let noKey = try CommandRunner.vouch(["sbom", "report", file, "--attestation", signed.envelope, "--output", directory.path + "/x.html"])
        #expect(noKey.status == 64)
    }

    /// `--image`: the image's cosign signature verified with the key, and the attestation bound to its digest.
    @Test func imageSignatureAndAttestationBoundToTheImageAreVerified() throws {
        let directory = try TemporaryDirectory("sbom-report-image")
        let file = try bom(directory)
        let layout = directory.path + "/layout", unsigned = directory.path + "/unsigned"
        try FileManager.default.copyItem(atPath: ImageFixtures.path("oci-layout"), toPath: layout)
        try FileManager.default.copyItem(atPath: ImageFixtures.path("oci-layout"), toPath: unsigned)
        let prefix = directory.path + "/release"
        try #require(try CommandRunner.vouch(["key", "generate", "--no-password", "--output-prefix", prefix]).status == 0)
        let signed = try CommandRunner.vouch(["sign", layout, "--key", prefix + ".key", "--reference", "example.com/app"])
        try #require(signed.status == 0, "\(signed.stderr)")
        let envelope = directory.path + "/sbom.intoto.jsonl"
        let attested = try CommandRunner.vouch(["attest", layout, "--predicate", file, "--type", "cyclonedx", "--key", prefix + ".key", "--output", envelope])
        try #require(attested.status == 0, "\(attested.stderr)")
        let (result, html) = try report([file, "--image", layout, "--attestation", envelope, "--key", prefix + ".pub"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("image signature verified, attestation verified"))
        #expect(html.contains("<h2>Image signature <span class=\"badge ok\">VERIFIED</span></h2>"))
        #expect(html.contains("<h2>Signature and attestation <span class=\"badge ok\">VERIFIED</span></h2>"))
        // The same attestation next to an image that is not signed: neither verifies for it.
        let other = directory.path + "/other.html"
        let failed = try CommandRunner.vouch(["sbom", "report", file, "--image", unsigned, "--attestation", envelope, "--key", prefix + ".pub", "--output", other])
        #expect(failed.status == 1)
        let otherHTML = try String(contentsOfFile: other, encoding: .utf8)
        #expect(otherHTML.contains("<h2>Image signature <span class=\"badge bad\">NOT VERIFIED</span></h2>"))
        let notLayout = try CommandRunner.vouch(["sbom", "report", file, "--image", file, "--key", prefix + ".pub", "--output", other])
        #expect(notLayout.status == 2)
        #expect(notLayout.stderr.contains("--image takes an OCI image layout directory"))
    }

    @Test func vulnerabilitiesFromAVouchVulnReportAreListedMostSevereFirst() throws {
        let directory = try TemporaryDirectory("sbom-report-vuln")
        // The demo's OSV records name Starlette and Jinja2 versions; a BOM with those packages matches them.
        var bom = QueryFixtures.bom()
        var components = bom["components"] as! [Object]
        components.append(QueryFixtures.component("starlette", "0.46.0", purl: "pkg:pypi/starlette@0.46.0", license: "BSD-3-Clause"))
        bom["components"] = components
        let file = directory.path + "/bom.cdx.json"
        try QueryFixtures.write(bom, to: file)
        let vulnReport = directory.path + "/vulns.json"
        let scan = try CommandRunner.vouch(["vuln", "scan", "--sbom", file, "--db", Fixtures.path("example/vulndb"), "--max-db-age", "0", "--format", "json", "--output", vulnReport])
        try #require(FileManager.default.fileExists(atPath: vulnReport), "\(scan.stderr)")
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: vulnReport))) as? Object)["findings"] as? [Object]
        try #require((findings?.count ?? 0) > 0)
        let (result, html) = try report([file, "--vuln", vulnReport], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(html.contains("<section id=\"vulnerabilities\">"))
        #expect(html.contains("VOUCH-DEMO-0001 CVE-2099-0101"))
        #expect(html.contains("<b>\(findings!.count)</b>known vulnerabilities"))
        let notAReport = try directory.write("not-a-report.json", "{\"findings\": []}")
        let (bad, _) = try report([file, "--vuln", notAReport], in: directory)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("not-a-report.json: not a `vouch vuln scan --format json` report"))
    }

    @Test func outputIsWrittenWholeThroughASymlinkAndNothingIsLeftWhenTheSBOMIsBad() throws {
        let directory = try TemporaryDirectory("sbom-report-output")
        let file = try bom(directory)
        let target = try directory.write("real.html", "old")
        let link = directory.path + "/link.html"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let result = try CommandRunner.vouch(["sbom", "report", file, "--output", link])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target, "the link stays a link")
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        let broken = try directory.write("broken.json", "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": [")
        let output = directory.path + "/never.html"
        let failed = try CommandRunner.vouch(["sbom", "report", broken, "--output", output])
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("broken.json"))
        #expect(!FileManager.default.fileExists(atPath: output))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
