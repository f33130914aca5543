import Foundation
import Testing
import VouchTestSupport

/// The report opened in headless Chromium (Debian's `chromium`) with networking disabled
/// (scripts/sbom-report-browser.sh): the page renders, its script applies the `#q=` fragment filter, hostile
/// metadata stays text, and a screenshot is written. Under CI=true a missing chromium fails the test.
@Suite(.serialized) struct SbomReportBrowserTests {
    static let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/sbom-report-browser.sh").path

    func browser(_ arguments: [String]) throws -> CommandResult {
        _ = try Peers.require("chromium")
        return try CommandRunner.run("/bin/bash", [Self.script] + arguments, environment: ["SECONDS_LIMIT": "90"])
    }

    func report(_ directory: TemporaryDirectory, sbom: String) throws -> String {
        let output = directory.path + "/report.html"
        let result = try CommandRunner.vouch(["sbom", "report", sbom, "--output", output])
        try #require(result.status == 0, "\(result.stderr)")
        return output
    }

    @Test(.enabled(if: Peers.shouldRun("chromium")), .timeLimit(.minutes(3)))
    func fragmentFilterShowsNOfMInTheRenderedPage() throws {
        let directory = try TemporaryDirectory("sbom-report-browser")
        let sbom = directory.path + "/bom.cdx.json"
        var bom = QueryFixtures.bom(hostile: true)
        // Script that would mark the page if any hostile metadata ran as code.
        var components = bom["components"] as! [[String: Any]]
        components.append(QueryFixtures.component("<script>document.documentElement.setAttribute('data-pwned','1')</script>", "1",
                                                  purl: "pkg:pypi/pwn1@1", license: "MIT"))
        components.append(QueryFixtures.component("<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','2')\">", "1",
                                                  purl: "pkg:pypi/pwn2@1", license: "MIT"))
        bom["components"] = components
        try QueryFixtures.write(bom, to: sbom)
        let html = try report(directory, sbom: sbom)
        let plain = try browser(["dump-dom", html])
        #expect(plain.status == 0, "\(plain.stderr)")
        // Nine components: the described app (the summary's subject) is not counted.
        #expect(plain.stdout.contains("<span id=\"count\">9 of 9 components</span>"), "\(plain.stdout.prefix(2000))")
        let filtered = try browser(["dump-dom", html + "#q=pydantic"])
        #expect(filtered.status == 0, "\(filtered.stderr)")
        #expect(filtered.stdout.contains("<span id=\"count\">2 of 9 components</span>"), "the script did not apply the fragment filter")
        // The two pydantic rows are shown, every other row is hidden by the script.
        #expect(filtered.stdout.components(separatedBy: " hidden=\"\"").count - 1 == 7)
        let byEcosystem = try browser(["dump-dom", html + "#eco=cargo"])
        #expect(byEcosystem.stdout.contains("<span id=\"count\">1 of 9 components</span>"))
        // A plain filter does not search suppliers ("Example Org" is no name, version, purl or license);
        // `supplier:` searches them alone: six components name Example Org.
        let plainSupplier = try browser(["dump-dom", html + "#q=example"])
        #expect(plainSupplier.stdout.contains("<span id=\"count\">0 of 9 components</span>"))
        let bySupplier = try browser(["dump-dom", html + "#q=supplier:example%20org"])
        #expect(bySupplier.stdout.contains("<span id=\"count\">6 of 9 components</span>"), "\(bySupplier.stdout.suffix(1500))")
        for dump in [plain.stdout, filtered.stdout] {
            // The text "data-pwned" is on the page (escaped names); as an attribute of <html> it would mean a script ran.
            #expect(dump.contains("<html lang=\"en\"><head>"), "hostile metadata ran as script: \(dump.prefix(300))")
            #expect(!dump.contains("<img"), "hostile metadata became an element")
        }
    }

    /// Vouch's SBOM of the edge venv: the count the page shows for `#q=lib-` is the number of components
    /// (the described root left out) whose name, version, purl or license contains "lib-", computed here
    /// from `vouch sbom query --format json`.
    @Test(.enabled(if: Peers.shouldRun("chromium")), .timeLimit(.minutes(3)))
    func pageOfARealSBOMCountsWhatQueryCounts() throws {
        let directory = try TemporaryDirectory("sbom-report-browser-venv")
        let sbom = directory.path + "/venv.spdx.json"
        let made = try CommandRunner.vouch(["sbom", SBOMTestFixtures.edgeVenv, "--format", "spdx-json", "-o", sbom])
        try #require(made.status == 0, "\(made.stderr)")
        let html = try report(directory, sbom: sbom)
        let query = try CommandRunner.vouch(["sbom", "query", sbom, "--where", "role!=primary", "--select", "name,version,license,purl", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["components"] as? [[String: Any]])
        let expected = rows.filter { row in row.values.compactMap { $0 as? String }.joined(separator: " ").lowercased().contains("lib-") }.count
        try #require(expected > 0)
        let dump = try browser(["dump-dom", html + "#q=lib-"])
        #expect(dump.stdout.contains("<span id=\"count\">\(expected) of \(rows.count) components</span>"), "\(dump.stdout.prefix(1500))")
    }

    @Test(.enabled(if: Peers.shouldRun("chromium")), .timeLimit(.minutes(3)))
    func screenshotIsAPNG() throws {
        let directory = try TemporaryDirectory("sbom-report-shot")
        let sbom = directory.path + "/bom.cdx.json"
        try QueryFixtures.write(QueryFixtures.bom(), to: sbom)
        let html = try report(directory, sbom: sbom)
        let png = directory.path + "/report.png"
        let result = try browser(["screenshot", html + "#q=idna", png])
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: png)))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(bytes.count > 10_000, "a 1280x1900 page of tables is more than a blank image")
    }
}
