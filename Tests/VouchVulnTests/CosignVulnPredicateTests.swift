import Foundation
import Testing
import VouchTestSupport
@testable import VouchVuln

/// `vouch vuln scan --format cosign-vuln` writes cosign's vuln predicate, and `vouch attest --type vuln`
/// signs that predicate (and refuses what cosign would silently empty).
@Suite struct CosignVulnPredicateTests {
    static let rules = Fixtures.path("vuln/rules")
    static let debianRoot = Fixtures.path("sbom/debian-root")

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Every key path of a JSON value with the kind of what is there (`scanner.db.uri string`), leaving out
    /// what lies under `scanner.result` (each scanner's own report).
    static func shape(_ value: Any, _ path: String = "") -> Set<String> {
        if path == "scanner.result" { return [path + " object"] }
        switch value {
        case let object as [String: Any]:
            return object.reduce(into: [path + " object"]) { $0.formUnion(shape($1.value, path.isEmpty ? $1.key : path + "." + $1.key)) }
        case is String: return [path + " string"]
        case is NSNull: return [path + " null"]
        default: return [path + " other"]
        }
    }

    static func scan(_ format: String) throws -> CommandResult {
        try CommandRunner.vouch(["vuln", "scan", debianRoot, "--db", rules, "--max-db-age", "0", "--format", format])
    }

    @Test func theCosignVulnFormatHoldsTheJSONReportAsScannerResult() throws {
        let predicateRun = try Self.scan("cosign-vuln")
        #expect(predicateRun.status == 1, "\(predicateRun.stderr)")
        let predicate = try Self.json(predicateRun.stdout)
        let report = try Self.json(try Self.scan("json").stdout)
        #expect(Set(predicate.keys) == ["invocation", "scanner", "metadata"])
        let scanner = try #require(predicate["scanner"] as? [String: Any])
        let result = try #require(scanner["result"] as? [String: Any])
        #expect(NSDictionary(dictionary: result).isEqual(to: report))
        #expect(scanner["uri"] as? String == "pkg:github/vouch/vouch@\(VouchVersionForTest.current)")
        #expect(scanner["version"] as? String == VouchVersionForTest.current)
        let database = try #require(scanner["db"] as? [String: String])
        #expect(database["uri"] == Self.rules)
        #expect(database["version"] == ((report["database"] as? [String: Any])?["newestModified"] as? String))
        let invocation = try #require(predicate["invocation"] as? [String: Any])
        #expect(invocation["parameters"] is NSNull)
        #expect(invocation["uri"] as? String == "" && invocation["event_id"] as? String == "" && invocation["builder.id"] as? String == "")
        let metadata = try #require(predicate["metadata"] as? [String: String])
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let started = try #require(metadata["scanStartedOn"].flatMap(formatter.date(from:)))
        let finished = try #require(metadata["scanFinishedOn"].flatMap(formatter.date(from:)))
        #expect(started <= finished)
        #expect(abs(finished.timeIntervalSinceNow) < 600)
    }

    @Test func attestTypeVulnSignsThePredicateByteForByteAndVerifies() throws {
        let directory = try TemporaryDirectory("cosign-vuln")
        _ = try SigningFixtures.generate("ed25519", in: directory, prefix: "key")
        try directory.write("subject.bin", "subject")
        try directory.write("vuln.json", try Self.scan("cosign-vuln").stdout)
        let made = try SigningFixtures.vouch(["attest", "subject.bin", "--predicate", "vuln.json", "--type", "vuln", "--key", "key.key",
                                              "--output", "vuln.intoto.jsonl"], in: directory.path)
        try #require(made.status == 0, "\(made.stderr)")
        let verified = try SigningFixtures.vouch(["verify-attestation", "subject.bin", "--key", "key.pub", "--attestation", "vuln.intoto.jsonl",
                                                  "--type", "vuln"], in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let envelope = try Self.json(try String(contentsOfFile: directory.path + "/vuln.intoto.jsonl", encoding: .utf8))
        let encoded = try #require(envelope["payload"] as? String)
        let payload = try #require(Data(base64Encoded: encoded))
        let statement = String(decoding: payload, as: UTF8.self)
        let predicate = try String(contentsOfFile: directory.path + "/vuln.json", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(statement.contains(#""predicateType":"https://cosign.sigstore.dev/attestation/vuln/v1","predicate":"# + predicate + "}"))
    }

    @Test(arguments: [
        ("vouch-report", "this is a Vouch vulnerability report, not cosign's vuln predicate; write the predicate with 'vouch vuln scan --format cosign-vuln'"),
        (#"{"scanner":{"result":{}}}"#, "$: required member 'metadata' is missing"),
        (#"{"scanner":{},"metadata":{"scanStartedOn":"2026-01-01T00:00:00Z","scanFinishedOn":"2026-01-01T00:00:00Z"}}"#,
         "$.scanner: required member 'result' is missing"),
        (#"{"scanner":{"result":{}},"metadata":{"scanStartedOn":"yesterday","scanFinishedOn":"2026-01-01T00:00:00Z"}}"#,
         "$.metadata.scanStartedOn: expected an RFC 3339 time (2026-01-02T03:04:05Z), found \"yesterday\""),
        (#"{"scanner":{"result":{},"db":"osv"},"metadata":{"scanStartedOn":"2026-01-01T00:00:00Z","scanFinishedOn":"2026-01-01T00:00:00Z"}}"#,
         "$.scanner.db: expected an object, found a string"),
    ])
    func attestTypeVulnRefusesWhatCosignWouldEmpty(_ predicate: String, _ message: String) throws {
        let directory = try TemporaryDirectory("cosign-vuln-bad")
        _ = try SigningFixtures.generate("ed25519", in: directory, prefix: "key")
        try directory.write("subject.bin", "subject")
        try directory.write("p.json", predicate == "vouch-report" ? try Self.scan("json").stdout : predicate)
        let made = try SigningFixtures.vouch(["attest", "subject.bin", "--predicate", "p.json", "--type", "vuln", "--key", "key.key",
                                              "--output", "a.jsonl"], in: directory.path)
        #expect(made.status == 2)
        #expect(made.stderr.contains(message), "\(made.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/a.jsonl"))
    }

    @Test(.enabled(if: Peers.shouldRun("trivy")))
    func trivysCosignVulnPredicateHasVouchsShapeAndIsAccepted() throws {
        let directory = try TemporaryDirectory("cosign-vuln-trivy")
        let trivy = try CommandRunner.run(try Peers.require("trivy"), [
            "fs", "--format", "cosign-vuln", "--scanners", "secret", "--offline-scan", "--skip-db-update", "--quiet",
            "--cache-dir", directory.path + "/trivy-cache", "--output", directory.path + "/trivy.json", Self.debianRoot])
        try #require(trivy.status == 0, "\(trivy.stderr)")
        let theirs = try Self.json(try String(contentsOfFile: directory.path + "/trivy.json", encoding: .utf8))
        let ours = try Self.json(try Self.scan("cosign-vuln").stdout)
        #expect(Self.shape(ours) == Self.shape(theirs))
        _ = try SigningFixtures.generate("ed25519", in: directory, prefix: "key")
        try directory.write("subject.bin", "subject")
        let made = try SigningFixtures.vouch(["attest", "subject.bin", "--predicate", "trivy.json", "--type", "vuln", "--key", "key.key",
                                              "--output", "a.jsonl"], in: directory.path)
        #expect(made.status == 0, "\(made.stderr)")
    }
}

/// The version Vouch reports, read from the source so the test does not import the constant it checks.
enum VouchVersionForTest {
    static let current: String = {
        let source = (try? String(contentsOfFile: Fixtures.repositoryRoot.appendingPathComponent("Sources/VouchCore/VouchVersion.swift").path,
                                  encoding: .utf8)) ?? ""
        return source.split(separator: "\"").dropFirst().first.map(String.init) ?? "?"
    }()
}
