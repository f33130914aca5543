import Foundation
import Testing
import VouchTestSupport

/// `policy check` reads the cosign signatures and attestations stored in an OCI layout inside a tar
/// (oci-archive) as it reads them from a layout directory: a signed layout packed with `tar` keeps them.
@Suite("policy check on a signed oci-archive")
struct PolicyCheckOCIArchiveCLITests {
    /// Packs the layout directory `layout` into the tar `path`; with `tamper`, the `.sig` manifest's
    /// signature annotation is replaced by another well-formed signature and the manifest's digest in
    /// `index.json` updated to match, so the layout stays intact and only the signature is wrong.
    static func pack(_ layout: String, into path: String, tamper: Bool) throws {
        let script = """
            import base64, hashlib, io, json, os, sys, tarfile
            layout, out, tamper = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
            files = {}
            for root, _, names in os.walk(layout):
                for name in names:
                    full = os.path.join(root, name)
                    files[os.path.relpath(full, layout)] = open(full, "rb").read()
            if tamper:
                index = json.loads(files["index.json"])
                entry = next(m for m in index["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name", "").endswith(".sig"))
                manifest = json.loads(files["blobs/sha256/" + entry["digest"][7:]])
                manifest["layers"][0]["annotations"]["dev.cosignproject.cosign/signature"] = base64.b64encode(bytes(64)).decode()
                data = json.dumps(manifest).encode()
                entry["digest"] = "sha256:" + hashlib.sha256(data).hexdigest(); entry["size"] = len(data)
                files["blobs/sha256/" + entry["digest"][7:]] = data
                files["index.json"] = json.dumps(index).encode()
            with tarfile.open(out, mode="w", format=tarfile.PAX_FORMAT) as t:
                for name in sorted(files):
                    info = tarfile.TarInfo(name); info.size = len(files[name]); t.addfile(info, io.BytesIO(files[name]))
            """
        let packed = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, layout, path, tamper ? "1" : "0"])
        try #require(packed.status == 0, "\(packed.stderr)")
    }

    @Test("a signed and attested layout packed as an oci-archive passes; the same archive with a tampered signature fails")
    func signedArchivePassesAndTamperedArchiveFails() throws {
        let directory = try TemporaryDirectory()
        let (archive, _) = try PolicySignatureFilesCLITests.ociArchive(in: directory)
        let generated = try CommandRunner.vouch(["key", "generate", "--no-password", "--output-prefix", directory.path + "/release"])
        try #require(generated.status == 0, "\(generated.stderr)")
        let key = directory.path + "/release.key"
        let layout = directory.path + "/signed-layout"
        let signed = try CommandRunner.vouch(["sign", archive, "--key", key, "--output", layout, "--reference", "ghcr.io/acme/app"])
        try #require(signed.status == 0, "\(signed.stderr)")
        let predicate = try directory.write("sbom.spdx.json", #"{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "app", "packages": []}"#)
        let attested = try CommandRunner.vouch(["attest", layout, "--predicate", predicate, "--type", "spdx", "--key", key, "--attach"])
        try #require(attested.status == 0, "\(attested.stderr)")
        let policy = try directory.write("policy.yaml", """
            version: 1
            keys:
              release: release.pub
            rules:
              integrity: true
              signatures:
                threshold: 1
                keys: [release]
              attestations:
                - type: spdx

            """)

        let signedArchive = directory.path + "/signed-oci.tar"
        try Self.pack(layout, into: signedArchive, tamper: false)
        let passed = try CommandRunner.vouch(["policy", "check", signedArchive, "--policy", policy])
        #expect(passed.status == 0, "\(passed.stdout) \(passed.stderr)")
        #expect(passed.stdout.contains("result: PASS"), "\(passed.stdout)")
        #expect(passed.stdout.contains("PASS  signatures"), "\(passed.stdout)")
        // verify and verify-attestation read the same tar as the gate does (they used to need a directory).
        let verified = try CommandRunner.vouch(["verify", signedArchive, "--key", directory.path + "/release.pub"])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        let attestationVerified = try CommandRunner.vouch(["verify-attestation", signedArchive, "--key", directory.path + "/release.pub", "--type", "spdx"])
        #expect(attestationVerified.status == 0, "\(attestationVerified.stdout) \(attestationVerified.stderr)")
        let otherKey = try CommandRunner.vouch(["key", "generate", "--no-password", "--output-prefix", directory.path + "/other"])
        try #require(otherKey.status == 0, "\(otherKey.stderr)")
        let wrongKey = try CommandRunner.vouch(["verify-attestation", signedArchive, "--key", directory.path + "/other.pub", "--type", "spdx"])
        #expect(wrongKey.status == 1, "\(wrongKey.stdout) \(wrongKey.stderr)")

        let tamperedArchive = directory.path + "/tampered-oci.tar"
        try Self.pack(layout, into: tamperedArchive, tamper: true)
        let failed = try CommandRunner.vouch(["policy", "check", tamperedArchive, "--policy", policy])
        #expect(failed.status == 1, "\(failed.stdout) \(failed.stderr)")
        #expect(failed.stdout.contains("result: FAIL"), "\(failed.stdout)")
        #expect(failed.stdout.contains("FAIL  signatures"), "\(failed.stdout)")
        #expect(failed.stdout.contains(".sig layer 0: release: signature does not verify"), "\(failed.stdout)")
        // The attestation in the same tar is read and still verifies: only the signature was tampered.
        #expect(failed.stdout.contains("PASS  attestations[0] (spdx)"), "\(failed.stdout)")
    }
}
