import Foundation
import Testing
import VouchAttest
import VouchCore
import VouchCrypto
import VouchGate
import VouchPolicy
import VouchTestSupport

/// A small image (Debian-like base with dpkg status, a venv with dist-info, an app layer) written by the
/// image fixture script into `directory/name`, and its manifest digest.
private func makeImage(in directory: TemporaryDirectory, name: String = "image") throws -> (path: String, digest: Digest) {
    let script = """
        import importlib.util, sys
        spec = importlib.util.spec_from_file_location("m", sys.argv[1])
        m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
        entry = m.layout_image(sys.argv[2], sys.argv[3], m.Image())
        print(entry["digest"])
        """
    let result = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, Fixtures.path("images/make-images.py"), directory.path, name])
    #expect(result.status == 0, "\(result.stderr)")
    let digest = try Digest(parsing: result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    return (directory.url.appendingPathComponent(name).path, digest)
}

/// Writes a key pair as `<name>.pub` in `directory` and returns the private key.
private func makeKey(_ name: String, in directory: TemporaryDirectory, _ algorithm: KeyAlgorithm = .ed25519) throws -> PrivateKey {
    let key = try PrivateKey.generate(algorithm)
    try directory.write("\(name).pub", key.publicKey.pem)
    return key
}

/// A DSSE envelope over an in-toto Statement about `subject`, as one JSON line.
private func attestation(
    _ predicateType: String, predicate: String, subject: Digest, key: PrivateKey
) throws -> String {
    let statement = try InTotoStatement(
        subjects: [InTotoStatement.Subject(name: "image", digest: subject)], predicateType: predicateType,
        predicateJSON: Array(predicate.utf8))
    let scheme = key.algorithm.defaultScheme()
    let envelope = try DSSEEnvelope.sign(
        payload: statement.payload, payloadType: DSSEEnvelope.inTotoPayloadType, key: key, scheme: scheme,
        keyid: SecureSystemsLibKey.keyID(key.publicKey, scheme: scheme))
    return envelope.jsonLine
}

private let spdxSBOM = """
    {"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "documentDescribes": ["SPDXRef-root"],
     "packages": [{"SPDXID": "SPDXRef-root", "name": "image"},
                  {"SPDXID": "SPDXRef-a", "name": "requests", "versionInfo": "2.32.3", "licenseConcluded": "Apache-2.0",
                   "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:pypi/requests@2.32.3"}]},
                  {"SPDXID": "SPDXRef-b", "name": "gpl-thing", "versionInfo": "1.0", "licenseConcluded": "GPL-3.0-only",
                   "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:pypi/gpl-thing@1.0"}]}]}
    """

@Suite("vouch policy check gathers evidence from the image")
struct PolicyCheckTests {
    @Test("an intact image passes integrity; a tampered layer fails it with the layer and digests")
    func integrity() throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage(in: directory)
        let policy = try Policy(text: "version: 1\nrules:\n  integrity: true\n", path: directory.url.appendingPathComponent("p.yaml").path)
        let check = PolicyCheck(policy: policy, policyPath: directory.url.appendingPathComponent("p.yaml").path)
        let passed = try check.run(.init(image: image.path))
        #expect(passed.passed)
        #expect(passed.subject == image.digest.description)

        // Flip one byte in the middle of the first layer's blob.
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.url.appendingPathComponent("image/blobs/sha256/\(image.digest.hex)"))) as! [String: Any]
        let layerDigest = try Digest(parsing: (manifest["layers"] as! [[String: Any]])[0]["digest"] as! String)
        let blob = directory.url.appendingPathComponent("image/blobs/sha256/\(layerDigest.hex)")
        var bytes = try [UInt8](Data(contentsOf: blob))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: blob)

        let failed = try check.run(.init(image: image.path))
        #expect(!failed.passed)
        let rule = try #require(failed.rules.first)
        #expect(rule.rule == "integrity")
        #expect(rule.details.contains { $0.contains("layer 0") && $0.contains(layerDigest.description) })
    }

    @Test("a tampered manifest is refused with its digest mismatch named first")
    func tamperedManifest() throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage(in: directory)
        let blob = directory.url.appendingPathComponent("image/blobs/sha256/\(image.digest.hex)")
        var bytes = try [UInt8](Data(contentsOf: blob))
        let position = try #require(String(decoding: bytes, as: UTF8.self).range(of: "application")).lowerBound.utf16Offset(in: String(decoding: bytes, as: UTF8.self))
        bytes[position + 3] ^= 0x01  // "application" -> "appmication"
        try Data(bytes).write(to: blob)
        let policyPath = try directory.write("p.yaml", "version: 1\nrules:\n  integrity: true\n")
        let error = try #require(throws: VouchError.self) {
            _ = try PolicyCheck(policy: try Policy(contentsOf: policyPath), policyPath: policyPath).run(.init(image: image.path))
        }
        #expect(error.reason.hasPrefix("manifest (\(image.digest)"))
        #expect(error.reason.contains("digest mismatch (expected \(image.digest)"))
    }

    @Test("a signed SBOM attestation bound to the image is found and its packages are judged")
    func attestedSBOMLicenses() throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage(in: directory)
        let release = try makeKey("release", in: directory)
        try directory.write("sbom.intoto.jsonl", try attestation("https://spdx.dev/Document", predicate: spdxSBOM, subject: image.digest, key: release) + "\n")
        let policyPath = try directory.write("p.yaml", """
            version: 1
            keys: {release: release.pub}
            rules:
              attestations: [{type: spdx}]
              licenses: {allow: [MIT, Apache-2.0]}
            """)
        let report = try PolicyCheck(policy: try Policy(contentsOf: policyPath), policyPath: policyPath)
            .run(.init(image: image.path, attestationFiles: [directory.url.appendingPathComponent("sbom.intoto.jsonl").path]))
        #expect(report.rules.map(\.rule) == ["attestations[0] (spdx)", "licenses"])
        #expect(report.rules[0].passed)
        #expect(report.rules[0].details.first?.hasSuffix("verified by key 'release'") == true)
        #expect(!report.rules[1].passed)
        #expect(report.rules[1].reason.contains("from the attested SBOM"))
        #expect(report.rules[1].details == ["gpl-thing 1.0: license 'GPL-3.0-only' is not allowed"])
    }

    @Test("the license judged is the attested SBOM's concluded one, else its declared one")
    func attestedSBOMConcludedLicenseIsJudged() throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage(in: directory)
        let release = try makeKey("release", in: directory)
        // `relabelled` declares MIT but the SBOM's author concluded GPL-3.0-only: the concluded one is judged.
        let sbom = """
            {"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "documentDescribes": ["SPDXRef-root"],
             "packages": [{"SPDXID": "SPDXRef-root", "name": "image"},
                          {"SPDXID": "SPDXRef-a", "name": "relabelled", "versionInfo": "1.0", "licenseDeclared": "MIT", "licenseConcluded": "GPL-3.0-only"},
                          {"SPDXID": "SPDXRef-b", "name": "declared-only", "versionInfo": "2.0", "licenseDeclared": "AGPL-3.0-only", "licenseConcluded": "NOASSERTION"},
                          {"SPDXID": "SPDXRef-c", "name": "fine", "versionInfo": "3.0", "licenseDeclared": "GPL-3.0-only", "licenseConcluded": "MIT"}]}
            """
        let file = try directory.write("sbom.intoto.jsonl", try attestation("https://spdx.dev/Document", predicate: sbom, subject: image.digest, key: release) + "\n")
        let policyPath = try directory.write("p.yaml", "version: 1\nkeys: {release: release.pub}\nrules:\n  licenses: {allow: [MIT]}\n")
        let report = try PolicyCheck(policy: try Policy(contentsOf: policyPath), policyPath: policyPath).run(.init(image: image.path, attestationFiles: [file]))
        let rule = try #require(report.rules.first)
        #expect(rule.reason.contains("from the attested SBOM"))
        #expect(rule.details.sorted() == ["declared-only 2.0: license 'AGPL-3.0-only' is not allowed", "relabelled 1.0: license 'GPL-3.0-only' is not allowed"])
    }

    @Test("a signed SBOM attestation the SBOM reader refuses is an error naming it, for the license and the vulnerability rule alike")
    func malformedAttestedSBOMIsAnError() throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage(in: directory)
        let release = try makeKey("release", in: directory)
        let sbom = #"{"spdxVersion": "SPDX-2.3", "packages": [{"name": "idna"}, {"name": 5}]}"#
        let file = try directory.write("sbom.intoto.jsonl", try attestation("https://spdx.dev/Document", predicate: sbom, subject: image.digest, key: release) + "\n")
        for rule in ["licenses: {allow: [MIT]}", "vulnerabilities: {maxSeverity: LOW, db: osv}"] {
            try directory.write("osv/.keep", "")
            let policyPath = try directory.write("p.yaml", "version: 1\nkeys: {release: release.pub}\nrules:\n  \(rule)\n")
            let error = #expect(throws: VouchError.self, "\(rule)") {
                try PolicyCheck(policy: try Policy(contentsOf: policyPath), policyPath: policyPath).run(.init(image: image.path, attestationFiles: [file]))
            }
            // The vulnerability rule used to drop the unreadable SBOM and scan the image's own packages instead.
            #expect(error?.description.hasSuffix("$.packages[1].name: expected a string, found a number") == true, "\(rule): \(String(describing: error))")
            #expect(error?.description.hasPrefix(file) == true, "\(rule): \(String(describing: error))")
        }
    }

    @Test("an attestation for another digest, or by a second untrusted key, does not count")
    func foreignAttestations() throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage(in: directory)
        let release = try makeKey("release", in: directory)
        let stranger = try makeKey("stranger", in: directory)
        let other = try Digest(parsing: "sha256:" + String(repeating: "e", count: 64))
        let lines = [
            try attestation("https://spdx.dev/Document", predicate: spdxSBOM, subject: other, key: release),
            try attestation("https://spdx.dev/Document", predicate: spdxSBOM, subject: image.digest, key: stranger),
        ]
        let file = try directory.write("atts.jsonl", lines.joined(separator: "\n") + "\n")
        let policyPath = try directory.write("p.yaml", "version: 1\nkeys: {release: release.pub}\nrules:\n  attestations: [{type: spdx}]\n")
        let report = try PolicyCheck(policy: try Policy(contentsOf: policyPath), policyPath: policyPath)
            .run(.init(image: image.path, attestationFiles: [file]))
        let rule = try #require(report.rules.first)
        #expect(!rule.passed)
        #expect(rule.details.count == 2)
        #expect(rule.details[0].contains("its subject is \(other), not \(image.digest)"))
        #expect(rule.details[1].hasPrefix("\(file)#1:"))
    }

    @Test("expired provenance fails with its age")
    func expiredProvenance() throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage(in: directory)
        let release = try makeKey("release", in: directory)
        let predicate = """
            {"buildDefinition": {"buildType": "https://actions.github.io/buildtypes/workflow/v1",
              "externalParameters": {"workflow": {"ref": "refs/tags/v1.0.0", "repository": "https://github.com/acme/gateway", "path": ".github/workflows/release.yml"}}},
             "runDetails": {"builder": {"id": "https://github.com/acme/gateway/.github/workflows/release.yml@refs/tags/v1.0.0"},
                            "metadata": {"finishedOn": "2025-06-01T00:00:00Z"}}}
            """
        let file = try directory.write("prov.jsonl", try attestation("https://slsa.dev/provenance/v1", predicate: predicate, subject: image.digest, key: release))
        let policyPath = try directory.write("p.yaml", """
            version: 1
            keys: {release: release.pub}
            rules:
              provenance: {sourceRepository: "https://github.com/acme/*", ref: "refs/tags/v*", maxAge: 30d}
            """)
        let report = try PolicyCheck(policy: try Policy(contentsOf: policyPath), policyPath: policyPath, clock: FixedWallClock.goldenInstant)
            .run(.init(image: image.path, attestationFiles: [file]))
        let rule = try #require(report.rules.first)
        #expect(!rule.passed)
        #expect(rule.details.first?.contains("the build is 215.1 days old; the limit is 30.0 days") == true)
    }

    @Test("without an attested SBOM, packages are computed from the image's filesystem")
    func computedPackages() throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage(in: directory)
        let policyPath = try directory.write("p.yaml", """
            version: 1
            rules:
              packages: {deny: [{name: Requests, versions: "<2.32.4", reason: CVE-2024-47081}]}
            """)
        let report = try PolicyCheck(policy: try Policy(contentsOf: policyPath), policyPath: policyPath).run(.init(image: image.path))
        let rule = try #require(report.rules.first)
        #expect(!rule.passed)
        #expect(rule.details == ["requests 2.32.3 is denied (<2.32.4): CVE-2024-47081"])
    }

    @Test("a missing key file or attestation file is an error naming it, not a verdict")
    func unreadableInputs() throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage(in: directory)
        let policyPath = try directory.write("p.yaml", "version: 1\nkeys: {release: nowhere.pub}\nrules:\n  integrity: true\n")
        let missingKey = try #require(throws: VouchError.self) {
            _ = try PolicyCheck(policy: try Policy(contentsOf: policyPath), policyPath: policyPath).run(.init(image: image.path))
        }
        #expect(missingKey.path == directory.url.appendingPathComponent("nowhere.pub").path)
        let plain = try directory.write("q.yaml", "version: 1\nrules:\n  integrity: true\n")
        let missingFile = try #require(throws: VouchError.self) {
            _ = try PolicyCheck(policy: try Policy(contentsOf: plain), policyPath: plain)
                .run(.init(image: image.path, attestationFiles: ["/no/such.intoto.jsonl"]))
        }
        #expect(missingFile.description == "/no/such.intoto.jsonl: no such file")
    }
}

/// An image whose second layer adds `/app/.env` holding a GitHub token and whose third layer deletes it.
private func makeImageWithDeletedSecret(in directory: TemporaryDirectory) throws -> String {
    // The token is assembled here so this source file itself holds no matching literal.
    let token = "ghp" + "_" + String("Zq8rT2vK9mX4bN7cW1yL5pH3dF6gJ0sA2eR8tU4i".prefix(36))
    let script = """
        import importlib.util, sys
        spec = importlib.util.spec_from_file_location("m", sys.argv[1])
        m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
        token = sys.argv[4]
        layers = [("base", m.base_layer),
                  ("secret", lambda: [("app", "dir", None, 0o755), ("app/.env", "file", "GITHUB_TOKEN=" + token + "\\n", 0o600)]),
                  ("cleanup", lambda: [("app", "dir", None, 0o755), ("app/.wh..env", "file", b"", 0o644)])]
        m.layout_image(sys.argv[2], sys.argv[3], m.Image(layers=layers))
        """
    let result = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, Fixtures.path("images/make-images.py"), directory.path, "leaky", token])
    #expect(result.status == 0, "\(result.stderr)")
    return directory.url.appendingPathComponent("leaky").path
}

@Suite("vouch policy check: signatures and secrets stored with the image")
struct PolicyCheckStoredEvidenceTests {
    @Test("a signature stored in the layout counts only when a trusted key made it")
    func storedSignatures() throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage(in: directory)
        let release = try makeKey("release", in: directory)
        let stranger = try makeKey("stranger", in: directory)
        let policyPath = try directory.write("p.yaml", "version: 1\nkeys: {release: release.pub}\nrules:\n  signatures: {keys: [release]}\n")
        let check = PolicyCheck(policy: try Policy(contentsOf: policyPath), policyPath: policyPath)

        _ = try ImageSignature.sign(layoutPath: image.path, tag: nil, key: try SigningKey(privateKey: stranger, scheme: stranger.algorithm.defaultScheme()), reference: "example.com/app", referrer: false)
        let untrusted = try #require(try check.run(.init(image: image.path)).rules.first)
        #expect(!untrusted.passed)
        #expect(untrusted.details.count == 1)
        #expect(untrusted.details[0].contains("does not verify"))

        _ = try ImageSignature.sign(layoutPath: image.path, tag: "latest", key: try SigningKey(privateKey: release, scheme: release.algorithm.defaultScheme()), reference: "example.com/app", referrer: false)
        let trusted = try #require(try check.run(.init(image: image.path)).rules.first)
        #expect(trusted.passed)
        #expect(trusted.details.contains { $0.hasSuffix("verified by key 'release'") })
    }

    @Test("an attestation attached to the layout (cosign .att tag) is found without naming a file")
    func storedAttestations() throws {
        let directory = try TemporaryDirectory()
        let image = try makeImage(in: directory)
        let release = try makeKey("release", in: directory)
        let signingKey = try SigningKey(privateKey: release, scheme: release.algorithm.defaultScheme())
        let attested = try ImageAttestation.attest(
            layoutPath: image.path, tag: nil, reference: nil, predicateJSON: Array(spdxSBOM.utf8), predicatePath: nil,
            predicateType: "https://spdx.dev/Document", key: signingKey)
        #expect(attested.digest == image.digest)
        try ImageAttestation.attach(attested.envelope, predicateType: "https://spdx.dev/Document", layoutPath: image.path, tag: nil, referrer: false)
        let policyPath = try directory.write("p.yaml", "version: 1\nkeys: {release: release.pub}\nrules:\n  attestations: [{type: spdx}]\n")
        let report = try PolicyCheck(policy: try Policy(contentsOf: policyPath), policyPath: policyPath).run(.init(image: image.path))
        let rule = try #require(report.rules.first)
        #expect(rule.passed)
        #expect(rule.details.first?.hasPrefix("tag sha256-\(image.digest.hex).att") == true, "\(rule.details)")
    }

    @Test("a secret added in one layer and deleted in the next still fails the secrets rule, with its layer")
    func deletedSecretStillFound() throws {
        let directory = try TemporaryDirectory()
        let image = try makeImageWithDeletedSecret(in: directory)
        let policyPath = try directory.write("p.yaml", "version: 1\nrules:\n  secrets: {maxFindings: 0}\n")
        let report = try PolicyCheck(policy: try Policy(contentsOf: policyPath), policyPath: policyPath).run(.init(image: image))
        let rule = try #require(report.rules.first)
        #expect(!rule.passed)
        #expect(rule.details == ["github-pat at layer 1: /app/.env:1"])
    }
}
