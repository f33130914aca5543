import Foundation
import Testing
import VouchTestSupport

// Serialized: both tests build the example image into Fixtures/generated/example (its venv cached there).
@Suite("make demo: the whole story on the bundled example", .serialized)
struct DemoTests {
    typealias Object = [String: Any]

    /// Issue 15: every SPDX SBOM the demo writes (step 2, Fixtures/example/sboms.sh: the image's and the venv's,
    /// by Acme Corp as author and the root's supplier) is NTIA-conformant by the peer ntia-conformance-checker,
    /// the Debian packages of the image supplied by their Debian maintainers; `vouch sbom check` agrees.
    @Test("the demo's SPDX SBOMs are NTIA-conformant", .enabled(if: Peers.shouldRun("python3", "ntia-checker")))
    func theDemosSPDXSBOMsAreNTIAConformant() throws {
        let work = Fixtures.path("generated/example")
        let built = try CommandRunner.run("/usr/bin/env", ["python3", Fixtures.path("example/build-image.py"), work])
        try #require(built.status == 0, "\(built.stderr)")
        let image = built.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let directory = try TemporaryDirectory("demo-sboms")
        let run = try CommandRunner.run("/bin/bash", [Fixtures.path("example/sboms.sh"), CommandRunner.vouchPath, image, work + "/venv/.venv", directory.path])
        try #require(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(!run.stderr.contains("supplier is unknown"), "\(run.stderr)")
        for name in ["sbom", "venv"] {
            let file = directory.path + "/\(name).spdx.json"
            let checked = try CommandRunner.run(try Peers.require("ntia-checker"), ["-r", "json", file])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? Object, "\(checked.stdout)\(checked.stderr)")
            let failing = report.compactMapValues { ($0 as? Object).flatMap { $0["allProvided"] as? Bool == false ? $0["nonconformantComponents"] : nil } }
            #expect(report["isNtiaConformant"] as? Bool == true, "\(name): \(failing)")
            let ours = try CommandRunner.vouch(["sbom", "check", file, "--profile", "ntia-2021"])
            #expect(ours.status == 0, "\(name): \(ours.stdout)")
        }
        // The image's Debian packages name Debian bookworm's maintainers as their suppliers.
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/sbom.spdx.json"))) as? Object)
        let libc = ((document["packages"] as? [Object]) ?? []).first { $0["name"] as? String == "libc6" }
        #expect(libc?["supplier"] as? String == "Organization: GNU Libc Maintainers (debian-glibc@lists.debian.org)")
    }

    /// Runs Fixtures/example/demo.sh with the vouch binary under test. It builds the example image (a real
    /// pip venv, cached under Fixtures/generated after the first run), then verify, SBOM, secret scan, key,
    /// sign, attest, policy check (must pass), tamper, policy check (must fail with exit 1).
    @Test("the demo passes the policy, then fails it once a layer is tampered with")
    func demo() throws {
        let result = try CommandRunner.run(
            "/bin/bash", [Fixtures.path("example/demo.sh"), CommandRunner.vouchPath], in: Fixtures.repositoryRoot.path)
        #expect(result.status == 0, "demo failed:\n\(result.stdout.suffix(3000))\n\(result.stderr.suffix(3000))")
        let sections = result.stdout.components(separatedBy: "== 8.")
        #expect(sections.count == 2, "the demo did not reach its tampering step:\n\(result.stdout.suffix(3000))")
        guard sections.count == 2 else { return }
        // The vulnerability step: the demo database's two matching records and the UNKNOWN one, by severity.
        #expect(sections[0].contains("VOUCH-DEMO-0001 (CVE-2099-0101)") && sections[0].contains("HIGH 7.5 CVSS:3.1"), "\(sections[0].suffix(3000))")
        #expect(sections[0].contains("VOUCH-DEMO-0002 (CVE-2099-0102)") && sections[0].contains("MEDIUM 6.9 CVSS:4.0"))
        #expect(sections[0].contains("3 finding(s) in "))
        #expect(sections[0].contains("2 below the severity floor left out (1 MEDIUM, 1 UNKNOWN); 1 of them UNKNOWN"))
        #expect(!sections[0].contains("VOUCH-DEMO-0003"))
        // Before tampering: every rule passes.
        #expect(sections[0].contains("result: PASS (8 rules)"), "\(sections[0].suffix(3000))")
        #expect(!sections[0].contains("  FAIL  "))
        // The gate by registry reference (issue 13): pushed with its signature and attestations to the registry
        // the demo starts, the image passes the same policy there, and the registry is stopped.
        if RegistryServer.shouldRun {
            #expect(sections[0].contains("with tag sha256-"), "the signature and attestations were not pushed: \(sections[0].suffix(3000))")
            #expect(sections[0].contains("/acme/gateway:1.0 ("), "no policy check by reference: \(sections[0].suffix(3000))")
            #expect(sections[0].components(separatedBy: "result: PASS (8 rules)").count == 3, "the policy check by reference did not pass")
            #expect(sections[0].contains("registry stopped"))
        }
        // Step 7c, the auditor's report: written, the image signature and the SBOM attestation (bound to the image)
        // verified with the release key, the findings listed.
        let report = (try? String(contentsOfFile: Fixtures.path("generated/example/sbom-report.html"), encoding: .utf8)) ?? ""
        #expect(report.contains("Signature and attestation <span class=\"badge ok\">VERIFIED</span>"), "\(report.prefix(500))")
        #expect(report.contains("VOUCH-DEMO-0001 CVE-2099-0101"))
        #expect(report.contains("Image signature <span class=\"badge ok\">VERIFIED</span>"))
        // After: the integrity rule fails and names the layer, the rest of the verdict stands.
        #expect(sections[1].contains("  FAIL  integrity:"))
        #expect(sections[1].contains("  FAIL  secrets:"), "a layer that cannot be read cannot be called free of secrets")
        #expect(sections[1].contains("layer 1"))
        #expect(sections[1].contains("result: FAIL"))
        #expect(sections[1].contains("exit status: 1"))
    }
}
