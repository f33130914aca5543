import Foundation
import Testing
import VouchTestSupport

/// Issue 15, "hashes an auditor can use": a component's hash is the hash of the artifact that was
/// installed (what pip recorded in `direct_url.json`'s `archive_info`), never a hash taken from RECORD;
/// an image SBOM names each layer's blob digest and diff_id as the image's manifest and config record them.
@Suite struct SbomArtifactHashesCLITests {
    typealias Object = [String: Any]

    /// Writes a minimal pure-Python wheel (`vouchdemo-1.0`) at `directory/vouchdemo-1.0-py3-none-any.whl`
    /// and prints its path and SHA-256.
    static let makeWheel = """
        import base64, hashlib, sys, zipfile
        path = sys.argv[1] + "/vouchdemo-1.0-py3-none-any.whl"
        files = {
            "vouchdemo/__init__.py": b"VALUE = 1\\n",
            "vouchdemo-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\\nName: vouchdemo\\nVersion: 1.0\\nAuthor-email: Demo <demo@example.com>\\n",
            "vouchdemo-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\\nGenerator: vouch-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
        }
        record = ""
        for name, data in files.items():
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record += f"{name},sha256={digest},{len(data)}\\n"
        record += "vouchdemo-1.0.dist-info/RECORD,,\\n"
        with zipfile.ZipFile(path, "w") as wheel:
            for name, data in files.items():
                wheel.writestr(name, data)
            wheel.writestr("vouchdemo-1.0.dist-info/RECORD", record)
        print(path)
        print(hashlib.sha256(open(path, "rb").read()).hexdigest())
        """

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func aWheelInstalledFromAFileIsHashedByWhatDirectURLRecordsNotByRECORD() throws {
        let python = try Peers.require("python3")
        let directory = try TemporaryDirectory("sbom-direct-url-hash")
        let made = try CommandRunner.run(python, ["-c", Self.makeWheel, directory.path])
        try #require(made.status == 0, "\(made.stderr)")
        let lines = made.stdout.split(separator: "\n").map(String.init)
        let wheel = lines[0], wheelSHA256 = lines[1]
        let venv = directory.path + "/venv"
        let created = try CommandRunner.run(python, ["-m", "venv", venv])
        try #require(created.status == 0, "\(created.stderr)")
        let installed = try CommandRunner.run(venv + "/bin/python", ["-m", "pip", "install", "--no-index", "--no-deps", "--disable-pip-version-check", "-q", wheel])
        try #require(installed.status == 0, "\(installed.stderr)")

        // What pip recorded: the wheel file's hash (PyPA "Recording the Direct URL Origin", archive_info).
        let distInfo = try #require(try FileManager.default.subpathsOfDirectory(atPath: venv).first { $0.hasSuffix("vouchdemo-1.0.dist-info") })
        let directURL = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: venv + "/" + distInfo + "/direct_url.json"))) as? Object
        let hashes = (directURL?["archive_info"] as? Object)?["hashes"] as? Object
        #expect(hashes?["sha256"] as? String == wheelSHA256, "pip records the wheel's SHA-256: \(String(describing: directURL))")
        let record = try Data(contentsOf: URL(fileURLWithPath: venv + "/" + distInfo + "/RECORD"))
        let recordHashes = Self.recordHashes(String(decoding: record, as: UTF8.self))

        let spdxFile = directory.path + "/sbom.spdx.json", cdxFile = directory.path + "/sbom.cdx.json"
        let run = try CommandRunner.vouch(["sbom", venv, "--format", "spdx-json", "-o", spdxFile, "--format", "cyclonedx-json", "-o", cdxFile])
        try #require(run.status == 0, "\(run.stderr)")

        let spdx = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: spdxFile))) as? Object)
        let package = try #require((spdx["packages"] as? [Object])?.first { $0["name"] as? String == "vouchdemo" })
        let checksums = (package["checksums"] as? [Object] ?? []).map { "\($0["algorithm"] ?? ""):\($0["checksumValue"] ?? "")" }
        #expect(checksums == ["SHA256:\(wheelSHA256)"], "\(checksums)")
        #expect((package["comment"] as? String ?? "").contains("checksums: of the artifact direct_url.json pins"), "\(package["comment"] ?? "")")

        let cdx = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cdxFile))) as? Object)
        let component = try #require((cdx["components"] as? [Object])?.first { $0["name"] as? String == "vouchdemo" })
        let cdxHashes = (component["hashes"] as? [Object] ?? []).map { "\($0["alg"] ?? ""):\($0["content"] ?? "")" }
        #expect(cdxHashes == ["SHA-256:\(wheelSHA256)"], "\(cdxHashes)")

        // Never a hash RECORD lists (of an installed file), nor RECORD's own.
        let recordSHA256 = Self.hex(try CommandRunner.run(python, ["-c", "import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest())",
                                                                    venv + "/" + distInfo + "/RECORD"]).stdout)
        #expect(!recordHashes.isEmpty)
        for value in recordHashes + [recordSHA256] {
            #expect(!checksums.contains { $0.hasSuffix(value) } && !cdxHashes.contains { $0.hasSuffix(value) }, "\(value) comes from RECORD")
        }
    }

    /// The SHA-256 hashes RECORD lists, as lower-case hex (RECORD writes urlsafe base64 without padding).
    static func recordHashes(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 2, fields[1].hasPrefix("sha256=") else { return nil }
            var base64 = fields[1].dropFirst(7).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while base64.count % 4 != 0 { base64 += "=" }
            return Data(base64Encoded: base64).map { $0.map { String(format: "%02x", $0) }.joined() }
        }
    }

    static func hex(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    @Test(.enabled(if: Peers.shouldRun("python3")))
    func anImageSBOMNamesEveryLayerDigestAndDiffIDOfTheManifest() throws {
        let directory = try TemporaryDirectory("sbom-layer-digests")
        let made = try CommandRunner.run("/usr/bin/env", ["python3", Fixtures.path("sbom/make-image.py"), directory.path + "/image"])
        try #require(made.status == 0, "\(made.stderr)")
        let layout = directory.path + "/image/oci"

        // The layers as the image records them: the manifest's blob digests, the config's diff_ids.
        func blob(_ digest: String) throws -> Object {
            let path = layout + "/blobs/" + digest.replacingOccurrences(of: ":", with: "/")
            return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? Object)
        }
        let index = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: layout + "/index.json"))) as? Object)
        let manifestDigest = try #require(((index["manifests"] as? [Object])?.first)?["digest"] as? String)
        let manifest = try blob(manifestDigest)
        let digests = (manifest["layers"] as? [Object] ?? []).compactMap { $0["digest"] as? String }
        let config = try blob(try #require((manifest["config"] as? Object)?["digest"] as? String))
        let diffIDs = ((config["rootfs"] as? Object)?["diff_ids"] as? [String]) ?? []
        try #require(digests.count == 2 && diffIDs.count == 2, "the fixture image has two layers")
        #expect(digests != diffIDs, "the layers are compressed: blob digest and diff_id differ")
        let expected = zip(digests, diffIDs).enumerated().map { "\($0.offset): \($0.element.0) diff_id \($0.element.1)" }

        let spdxFile = directory.path + "/sbom.spdx.json", cdxFile = directory.path + "/sbom.cdx.json"
        let run = try CommandRunner.vouch(["sbom", layout, "--format", "spdx-json", "-o", spdxFile, "--format", "cyclonedx-json", "-o", cdxFile])
        try #require(run.status == 0, "\(run.stderr)")

        // SPDX: the root package's comment, one `layer N: DIGEST diff_id DIFF_ID` line per layer, in order;
        // its checksum is the manifest digest.
        let spdx = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: spdxFile))) as? Object)
        let root = try #require((spdx["packages"] as? [Object])?.first { $0["SPDXID"] as? String == "SPDXRef-Source" })
        let layerLines = (root["comment"] as? String ?? "").split(separator: "\n").filter { $0.hasPrefix("layer ") }.map { String($0.dropFirst(6)) }
        #expect(layerLines == expected, "\(root["comment"] ?? "")")
        let rootChecksums = (root["checksums"] as? [Object] ?? []).map { "sha256:\($0["checksumValue"] ?? "")" }
        #expect(rootChecksums == [manifestDigest])

        // CycloneDX: the root component's `vouch:layer` properties, in order; its version the manifest digest.
        let cdx = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cdxFile))) as? Object)
        let component = try #require((cdx["metadata"] as? Object)?["component"] as? Object)
        let properties = (component["properties"] as? [Object] ?? []).filter { $0["name"] as? String == "vouch:layer" }.compactMap { $0["value"] as? String }
        #expect(properties == expected, "\(properties)")
        #expect(component["version"] as? String == manifestDigest)
    }
}
