import Foundation
import Testing
import VouchTestSupport

/// Every command that reads an image takes a registry reference (issue 13): `image inspect|digest|ls`,
/// `sbom`, `secrets scan --image`, `vuln scan`, `verify-attestation`, `policy check`, against Debian's
/// docker-registry on loopback. Each fetches the image into a private temporary layout that is gone
/// when the command ends; what it reports is what it reports for the same image in a layout.
@Suite("registry: every image command takes a registry reference", .enabled(if: RegistryServer.shouldRun))
struct RegistryImageCommandTests {
    static let http = ["--allow-http-registry"]

    /// Runs vouch with `TMPDIR` set to `scratch`, so a test can see that nothing is left behind.
    static func vouch(_ arguments: [String], scratch: TemporaryDirectory, environment: [String: String] = [:]) throws -> CommandResult {
        var environment = environment
        environment["TMPDIR"] = scratch.path
        return try CommandRunner.vouch(arguments, environment: environment)
    }

    static func leftovers(_ scratch: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: scratch.path)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text.prefix(500))")
    }

    /// The registry's stored bytes of a blob (distribution's filesystem driver layout).
    static func storedBlob(_ registry: RegistryServer, digest: String) -> String {
        let hex = String(digest.dropFirst("sha256:".count))
        return registry.directory.path + "/storage/docker/registry/v2/blobs/sha256/\(hex.prefix(2))/\(hex)/data"
    }

    /// One OSV record that the fixture image's `requests 2.32.3` matches.
    static func vulnerabilityDatabase(in directory: TemporaryDirectory) throws -> String {
        try directory.write("osv/VOUCH-TEST-0001.json", #"""
            {"id":"VOUCH-TEST-0001","modified":"2025-01-01T00:00:00Z","summary":"test record",
             "affected":[{"package":{"ecosystem":"PyPI","name":"requests"},"versions":["2.32.3"]}]}
            """#)
        return directory.path + "/osv"
    }

    @Test("image inspect, digest and ls, sbom, secrets scan --image and vuln scan of a reference report what they report for the layout")
    func readOnlyCommands() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let scratch = try TemporaryDirectory()
        let work = try TemporaryDirectory()
        let layout = ImageFixtures.path("oci-layout")
        let reference = "\(registry.host)/vouch/app:1.0"
        let pushed = try CommandRunner.vouch(["image", "push", layout, reference] + Self.http)
        try #require(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)")

        let localDigest = try CommandRunner.vouch(["image", "digest", layout])
        let digest = try Self.vouch(["image", "digest", reference] + Self.http, scratch: scratch)
        #expect(digest.status == 0, "\(digest.stderr)")
        #expect(digest.stdout == localDigest.stdout && !digest.stdout.isEmpty)

        let localInspect = try Self.json(try CommandRunner.vouch(["image", "inspect", layout, "--format", "json"]).stdout)
        let inspect = try Self.vouch(["image", "inspect", reference, "--format", "json"] + Self.http, scratch: scratch)
        try #require(inspect.status == 0, "\(inspect.stdout)\(inspect.stderr)")
        let inspected = try Self.json(inspect.stdout)
        #expect(inspected["path"] as? String == reference, "the report names the reference, not the temporary layout")
        #expect((inspected["layers"] as? [[String: Any]])?.compactMap { $0["digest"] as? String }
            == (localInspect["layers"] as? [[String: Any]])?.compactMap { $0["digest"] as? String })
        #expect(inspected["configDigest"] as? String == localInspect["configDigest"] as? String)

        let localListing = try CommandRunner.vouch(["image", "ls", layout, "--squashed"])
        let listing = try Self.vouch(["image", "ls", reference, "--squashed"] + Self.http, scratch: scratch)
        #expect(listing.status == 0, "\(listing.stderr)")
        #expect(listing.stdout == localListing.stdout && listing.stdout.contains("site-packages"))

        let sbom = try Self.vouch(["sbom", reference, "--format", "spdx-json"] + Self.http, scratch: scratch)
        try #require(sbom.status == 0, "\(sbom.stderr)")
        let localSBOM = try Self.json(try CommandRunner.vouch(["sbom", layout, "--format", "spdx-json"]).stdout)
        let document = try Self.json(sbom.stdout)
        let names = { (document: [String: Any]) in Set((document["packages"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }) }
        #expect(names(document).isSuperset(of: ["requests", "urllib3", "idna"]))
        // The same packages; only the root differs: the reference instead of the layout's name.
        #expect(names(document).subtracting(names(localSBOM)) == [reference], "\(names(document))")
        #expect(names(localSBOM).subtracting(names(document)).count == 1, "\(names(localSBOM))")
        #expect(!sbom.stdout.contains(scratch.path), "the SBOM names the temporary layout")

        let secrets = try Self.vouch(["secrets", "scan", "--image", reference] + Self.http, scratch: scratch)
        #expect(secrets.status == 0, "\(secrets.stdout)\(secrets.stderr)")

        let database = try Self.vulnerabilityDatabase(in: work)
        let vuln = try Self.vouch(["vuln", "scan", reference, "--db", database, "--max-db-age", "0", "--format", "json"] + Self.http, scratch: scratch)
        #expect(vuln.status == 1, "a finding is a negative verdict: \(vuln.stdout)\(vuln.stderr)")
        let scanned = try Self.json(vuln.stdout)
        #expect(((scanned["findings"] as? [[String: Any]]) ?? []).contains { ($0["id"] as? String) == "VOUCH-TEST-0001" }, "\(vuln.stdout.prefix(2000))")
        #expect((scanned["source"] as? [String: Any])?["name"] as? String == reference)

        let left = try Self.leftovers(scratch)
        #expect(left.isEmpty, "temporary layouts were left behind: \(left)")
    }

    @Test("an unknown image exits 2 with 'no such image' and an image whose config the registry serves tampered exits 1, for every command that reads one")
    func missingAndTamperedImages() throws {
        let registry = try RegistryServer(.plainHTTP)
        defer { registry.stop() }
        let scratch = try TemporaryDirectory()
        let work = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ecdsa-p256", in: work, prefix: "k")
        let policy = try work.write("policy.yaml", "version: 1\nrules:\n  integrity: true\n")
        let database = try Self.vulnerabilityDatabase(in: work)
        let layout = ImageFixtures.path("oci-layout")
        let tampered = "\(registry.host)/vouch/tampered:1"
        try #require(try CommandRunner.vouch(["image", "push", layout, tampered] + Self.http).status == 0)
        let inspect = try Self.json(try CommandRunner.vouch(["image", "inspect", layout, "--format", "json"]).stdout)
        let config = try #require(inspect["configDigest"] as? String)
        let stored = Self.storedBlob(registry, digest: config)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: stored)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: stored))

        let commands: [(String, (String) -> [String])] = [
            ("image inspect", { ["image", "inspect", $0] }),
            ("image digest", { ["image", "digest", $0] }),
            ("image ls", { ["image", "ls", $0] }),
            ("sbom", { ["sbom", $0] }),
            ("secrets scan", { ["secrets", "scan", "--image", $0] }),
            ("vuln scan", { ["vuln", "scan", $0, "--db", database, "--max-db-age", "0"] }),
            ("verify", { ["verify", $0, "--key", work.path + "/k.pub"] }),
            ("verify-attestation", { ["verify-attestation", $0, "--key", work.path + "/k.pub"] }),
            ("policy check", { ["policy", "check", $0, "--policy", policy] }),
        ]
        for (name, arguments) in commands {
            let missing = try Self.vouch(arguments("\(registry.host)/vouch/missing:1") + Self.http, scratch: scratch, environment: SigningFixtures.environment)
            #expect(missing.status == 2, "\(name): \(missing.stdout)\(missing.stderr)")
            #expect(missing.stderr.contains("no such image: \(registry.host)/vouch/missing:1"), "\(name): \(missing.stderr)")

            let bad = try Self.vouch(arguments(tampered) + Self.http, scratch: scratch, environment: SigningFixtures.environment)
            #expect(bad.status == 1, "\(name): \(bad.stdout)\(bad.stderr)")
            #expect(bad.stdout.contains("NOT INTACT: \(tampered)"), "\(name): \(bad.stdout)")
            #expect(bad.stdout.contains("expected \(config)"), "\(name): \(bad.stdout)")
        }
        let left = try Self.leftovers(scratch)
        #expect(left.isEmpty, "temporary layouts were left behind: \(left)")
    }
}
