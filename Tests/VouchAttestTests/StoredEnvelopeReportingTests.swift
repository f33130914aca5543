import Foundation
import Testing
import VouchAttest
import VouchCore
import VouchCrypto
import VouchTestSupport

/// An attestation envelope stored in a layout that cannot be read as stored is reported, never dropped.
/// Before the one OCILayout reader, `ImageAttestation` skipped such an envelope (`try?` and `continue`), so
/// a layout holding one good and one tampered attestation verified as if only the good one were there.
@Suite struct StoredEnvelopeReportingTests {
    /// The image fixture script's small image laid out in `directory/image`.
    static func makeImage(in directory: TemporaryDirectory) throws -> String {
        let script = """
            import importlib.util, sys
            spec = importlib.util.spec_from_file_location("m", sys.argv[1])
            m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
            m.layout_image(sys.argv[2], "image", m.Image())
            """
        let result = try CommandRunner.run("/usr/bin/env", ["python3", "-c", script, Fixtures.path("images/make-images.py"), directory.path])
        try #require(result.status == 0, "\(result.stderr)")
        return directory.path + "/image"
    }

    /// The blob path of layer `index` of the `.att` manifest in the layout at `layout`.
    static func attestationLayerBlob(_ layout: String, layer index: Int) throws -> String {
        func json(_ path: String) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        }
        func blob(_ digest: String) -> String { layout + "/blobs/sha256/" + digest.dropFirst("sha256:".count) }
        let manifests = try #require(try json(layout + "/index.json")["manifests"] as? [[String: Any]])
        let entry = try #require(manifests.first {
            (($0["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"])?.hasSuffix(".att") == true
        })
        let manifestDigest = try #require(entry["digest"] as? String)
        let layers = try #require(try json(blob(manifestDigest))["layers"] as? [[String: Any]])
        let layerDigest = try #require(layers[index]["digest"] as? String)
        return blob(layerDigest)
    }

    @Test func aTamperedSecondEnvelopeFailsTheReportBesideAVerifiedOne() throws {
        let directory = try TemporaryDirectory()
        let layout = try Self.makeImage(in: directory)
        let privateKey = try PrivateKey.generate(.ed25519)
        let key = try SigningKey(privateKey: privateKey, scheme: .ed25519)
        let trusted = [VerificationKey(publicKey: privateKey.publicKey, scheme: .ed25519, name: "release")]
        for predicate in [#"{"spdxVersion": "SPDX-2.3", "name": "first"}"#, #"{"spdxVersion": "SPDX-2.3", "name": "second"}"#] {
            let attested = try ImageAttestation.attest(
                layoutPath: layout, tag: nil, reference: nil, predicateJSON: Array(predicate.utf8), predicatePath: nil,
                predicateType: "https://spdx.dev/Document", key: key)
            try ImageAttestation.attach(attested.envelope, predicateType: "https://spdx.dev/Document", layoutPath: layout, tag: nil, referrer: false)
        }
        let intact = try ImageAttestation.verify(layoutPath: layout, tag: nil, keys: trusted, expectedPredicateType: nil)
        #expect(intact.passed)
        #expect(intact.attestations.count == 2)

        // Alter the second envelope's stored bytes: its blob no longer matches the digest its descriptor names.
        let blob = try Self.attestationLayerBlob(layout, layer: 1)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: blob)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: blob))

        let report = try ImageAttestation.verify(layoutPath: layout, tag: nil, keys: trusted, expectedPredicateType: nil)
        #expect(!report.passed, "a layout with a tampered attestation must not verify because another one does")
        #expect(report.attestations.count == 1)
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.subject.hasSuffix("layer 1") == true, "\(report.failures)")
        #expect(report.failures.first?.reason.contains("digest") == true, "\(report.failures)")
        #expect(report.verdict.failures.contains { $0.subject.hasSuffix("layer 1") })
    }
}
