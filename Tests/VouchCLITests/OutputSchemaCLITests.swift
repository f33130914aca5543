import Foundation
import Testing
import VouchTestSupport

/// Every JSON output has a schema in Schemas/, and each command's real output validates against it
/// with check-jsonschema; every verdict-bearing report names its verdict `passed`.
@Suite("JSON outputs match their schemas")
struct OutputSchemaCLITests {
    final class Workspace: Sendable {
        let directory: TemporaryDirectory
        let file: String, signature: String, attestation: String, key: String, pub: String, layout: String, venv: String

        init() throws {
            directory = try TemporaryDirectory()
            file = try directory.write("blob.txt", "hello\n")
            let generated = try CommandRunner.vouch(["key", "generate", "--no-password", "--output-prefix", directory.path + "/k"])
            try #require(generated.status == 0, "\(generated.stderr)")
            key = directory.path + "/k.key"
            pub = directory.path + "/k.pub"
            let signed = try CommandRunner.vouch(["sign-blob", file, "--key", key])
            try #require(signed.status == 0, "\(signed.stderr)")
            signature = try directory.write("blob.sig", signed.stdout)
            let predicate = try directory.write("predicate.json", "{\"builder\": {\"id\": \"x\"}}\n")
            attestation = directory.path + "/blob.intoto.jsonl"
            let attested = try CommandRunner.vouch(["attest", file, "--predicate", predicate, "--type", "custom", "--key", key, "--output", attestation])
            try #require(attested.status == 0, "\(attested.stderr)")
            let (archive, _) = try PolicySignatureFilesCLITests.ociArchive(in: directory)
            layout = directory.path + "/layout"
            let unpacked = try CommandRunner.shell("mkdir -p '\(layout)' && tar -xf '\(archive)' -C '\(layout)'")
            try #require(unpacked.status == 0, "\(unpacked.stderr)")
            _ = try directory.write("venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.12.1\n")
            let info = "venv/lib/python3.12/site-packages/demo-1.0.dist-info"
            let metadata = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"
            _ = try directory.write("\(info)/METADATA", metadata)
            let hash = Data(try CommandRunner.run("/usr/bin/env", ["python3", "-c", "import hashlib,base64,sys;print(base64.urlsafe_b64encode(hashlib.sha256(sys.argv[1].encode()).digest()).rstrip(b'=').decode())", metadata]).stdout.utf8)
            let record = "demo-1.0.dist-info/METADATA,sha256=\(String(decoding: hash, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),\(metadata.utf8.count)\ndemo-1.0.dist-info/RECORD,,\n"
            _ = try directory.write("\(info)/RECORD", record)
            venv = directory.path + "/venv"
        }
    }

    static let cases: [(schema: String, verdict: Bool, arguments: @Sendable (Workspace) -> [String])] = [
        ("verify-blob", true, { ["verify-blob", $0.file, "--signature", $0.signature, "--key", $0.pub, "--format", "json"] }),
        ("verify-attestation", true, { ["verify-attestation", $0.file, "--attestation", $0.attestation, "--key", $0.pub, "--format", "json"] }),
        ("verify-record", true, { ["sbom", "verify-record", $0.venv, "--format", "json"] }),
        ("digest", false, { ["digest", "--format", "json", $0.file] }),
        ("key-generate", false, { ["key", "generate", "--no-password", "--output-prefix", $0.directory.path + "/new", "--format", "json"] }),
        ("sign", false, { ["sign", $0.layout, "--key", $0.key, "--reference", "example.com/app", "--format", "json"] }),
    ]

    static func validate(_ json: String, schema: String, in directory: TemporaryDirectory) throws -> CommandResult {
        let path = try directory.write("\(schema).out.json", json)
        return try CommandRunner.run(try Peers.require("check-jsonschema"), [
            "--schemafile", Fixtures.repositoryRoot.appendingPathComponent("Schemas/\(schema).schema.json").path, path,
        ])
    }

    @Test("each command's --format json output is valid against its schema", .enabled(if: Peers.shouldRun("check-jsonschema")),
          arguments: 0..<cases.count)
    func outputMatchesSchema(index: Int) throws {
        let workspace = try Workspace()
        let (schema, verdict, arguments) = Self.cases[index]
        let result = try CommandRunner.vouch(arguments(workspace))
        #expect(result.status == 0, "\(schema): \(result.stderr)")
        let checked = try Self.validate(result.stdout, schema: schema, in: workspace.directory)
        #expect(checked.status == 0, "\(schema): \(checked.stdout)\(checked.stderr)")
        if verdict {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["passed"] as? Bool == true, "\(schema): the verdict field is 'passed'")
        }
    }

    @Test("vouch verify's JSON report, passing and failing, is valid against Schemas/verify.schema.json", .enabled(if: Peers.shouldRun("check-jsonschema")))
    func verifyOutputMatchesSchema() throws {
        let workspace = try Workspace()
        let unsigned = try CommandRunner.vouch(["verify", workspace.layout, "--key", workspace.pub, "--format", "json"])
        #expect(unsigned.status == 1)
        #expect(try Self.validate(unsigned.stdout, schema: "verify", in: workspace.directory).status == 0)
        let signed = try CommandRunner.vouch(["sign", workspace.layout, "--key", workspace.key, "--reference", "example.com/app"])
        try #require(signed.status == 0, "\(signed.stderr)")
        let verified = try CommandRunner.vouch(["verify", workspace.layout, "--key", workspace.pub, "--format", "json"])
        #expect(verified.status == 0, "\(verified.stderr)")
        let checked = try Self.validate(verified.stdout, schema: "verify", in: workspace.directory)
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any])
        #expect(object["passed"] as? Bool == true)
    }

    @Test("a failing verify-blob and a tampered verify-record report are valid against their schemas and say passed: false",
          .enabled(if: Peers.shouldRun("check-jsonschema")))
    func failingReportsMatchSchemas() throws {
        let workspace = try Workspace()
        let other = try workspace.directory.write("other.txt", "not hello\n")
        let blob = try CommandRunner.vouch(["verify-blob", other, "--signature", workspace.signature, "--key", workspace.pub, "--format", "json"])
        #expect(blob.status == 1)
        #expect(try Self.validate(blob.stdout, schema: "verify-blob", in: workspace.directory).status == 0)
        #expect(blob.stdout.contains("\"passed\" : false"))
        _ = try workspace.directory.write("venv/lib/python3.12/site-packages/demo-1.0.dist-info/METADATA", "tampered\n")
        let record = try CommandRunner.vouch(["sbom", "verify-record", workspace.venv, "--format", "json"])
        #expect(record.status == 1)
        #expect(try Self.validate(record.stdout, schema: "verify-record", in: workspace.directory).status == 0)
        #expect(record.stdout.contains("\"passed\" : false"))
    }
}
