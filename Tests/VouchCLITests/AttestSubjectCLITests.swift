import Foundation
import Testing
import VouchTestSupport

/// Attestations bind to what the user meant: an image tar's manifest digest, unless asked otherwise.
@Suite("attest SUBJECT binds to the image")
struct AttestSubjectCLITests {
    final class Workspace: Sendable {
        let directory: TemporaryDirectory
        let archive: String, manifestDigest: String, predicate: String, key: String, pub: String

        init() throws {
            directory = try TemporaryDirectory()
            (archive, manifestDigest) = try PolicySignatureFilesCLITests.ociArchive(in: directory)
            predicate = try directory.write("predicate.json", "{\"note\": \"hello\", \"count\": 3}\n")
            let generated = try CommandRunner.vouch(["key", "generate", "--no-password", "--output-prefix", directory.path + "/k"])
            try #require(generated.status == 0, "\(generated.stderr)")
            key = directory.path + "/k.key"
            pub = directory.path + "/k.pub"
        }

        /// Attests with `extra` arguments; returns the Statement's subject digest and standard error.
        func attest(_ extra: [String], output: String) throws -> (digest: String, stderr: String) {
            let result = try CommandRunner.vouch(["attest", archive, "--predicate", predicate, "--type", "custom", "--key", key, "--output", output] + extra)
            try #require(result.status == 0, "\(result.stderr)")
            let line = try String(contentsOfFile: output, encoding: .utf8)
            let envelope = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let payload = try #require(Data(base64Encoded: envelope["payload"] as? String ?? ""))
            let statement = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
            let subject = try #require((statement["subject"] as? [[String: Any]])?.first)
            let sha256 = try #require((subject["digest"] as? [String: String])?["sha256"])
            return ("sha256:" + sha256, result.stderr)
        }
    }

    @Test("attest of an oci-archive tar attests its manifest digest, says so, and verify-attestation of the tar accepts it")
    func imageTarAttestsManifestDigest() throws {
        let workspace = try Workspace()
        let output = workspace.directory.path + "/a.intoto.jsonl"
        let (digest, stderr) = try workspace.attest([], output: output)
        #expect(digest == workspace.manifestDigest)
        #expect(stderr.contains("attesting its manifest digest \(workspace.manifestDigest)"), "\(stderr)")
        let verified = try CommandRunner.vouch(["verify-attestation", workspace.archive, "--attestation", output, "--key", workspace.pub])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("Verified OK"))
    }

    @Test("--subject-file attests the tar file's own digest; --subject-digest names one")
    func subjectFileAndSubjectDigest() throws {
        let workspace = try Workspace()
        let fileDigest = String(try CommandRunner.vouch(["digest", workspace.archive]).stdout.split(separator: " ")[0])
        let (asFile, fileNote) = try workspace.attest(["--subject-file"], output: workspace.directory.path + "/f.jsonl")
        #expect(asFile == fileDigest)
        #expect(fileNote.contains("the file's digest \(fileDigest)"))
        let named = "sha256:" + String(repeating: "5e", count: 32)
        let (given, givenNote) = try workspace.attest(["--subject-digest", named], output: workspace.directory.path + "/d.jsonl")
        #expect(given == named)
        #expect(givenNote.contains("(given by --subject-digest)"))
        let bad = try CommandRunner.vouch(["attest", workspace.archive, "--predicate", workspace.predicate, "--type", "custom", "--key", workspace.key, "--subject-digest", "sha256:nothex"])
        #expect(bad.status == 64)
    }

    @Test("verify-attestation --format json --print-predicate gives the predicate as a JSON object")
    func printPredicateJSONIsAnObject() throws {
        let workspace = try Workspace()
        let output = workspace.directory.path + "/a.intoto.jsonl"
        _ = try workspace.attest([], output: output)
        let result = try CommandRunner.vouch(["verify-attestation", workspace.archive, "--attestation", output, "--key", workspace.pub, "--format", "json", "--print-predicate"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let attestation = try #require((report["attestations"] as? [[String: Any]])?.first)
        let predicate = try #require(attestation["predicate"] as? [String: Any], "predicate is \(String(describing: attestation["predicate"]))")
        #expect(predicate["note"] as? String == "hello")
        #expect(predicate["count"] as? Int == 3)
    }
}
