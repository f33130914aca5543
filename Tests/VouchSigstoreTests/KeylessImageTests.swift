import Foundation
import Testing
import VouchCore
import VouchCrypto
import VouchTestSupport

/// `vouch verify LAYOUT` with keyless flags reads cosign's keyless layer annotations (certificate, Rekor
/// bundle) and verifies them as a Sigstore bundle. No real keyless-signed image is available offline, so the
/// layout is built here from the conformance suite's real production signature over `a.txt`: every Sigstore
/// step verifies, and the payload (a.txt, not a simple-signing document naming the image) is refused.
@Suite struct KeylessImageTests {
    static let suite = ConformanceTests.suite

    /// An OCI layout with one image (any manifest) and a `sha256-<hex>.sig` manifest whose one layer is the
    /// payload with cosign's keyless annotations.
    static func layout(payload: [UInt8], annotations: [String: String], in directory: TemporaryDirectory) throws -> String {
        func blob(_ bytes: [UInt8]) throws -> (digest: String, size: Int) {
            let digest = try DigestHasher.digest(of: bytes)
            try directory.write("layout/blobs/sha256/\(digest.hex)", bytes)
            return (digest.description, bytes.count)
        }
        let image = try blob(Array(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}"#.utf8))
        let layer = try blob(payload)
        let config = try blob(Array("{}".utf8))
        let annotationJSON = String(decoding: try JSONSerialization.data(withJSONObject: annotations), as: UTF8.self)
        let signatureManifest = try blob(Array(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\#(config.digest)","size":\#(config.size)},"layers":[{"mediaType":"application/vnd.dev.cosign.simplesigning.v1+json","digest":"\#(layer.digest)","size":\#(layer.size),"annotations":\#(annotationJSON)}]}"#.utf8))
        let tag = "sha256-" + image.digest.dropFirst(7) + ".sig"
        try directory.write("layout/oci-layout", #"{"imageLayoutVersion":"1.0.0"}"#)
        try directory.write("layout/index.json", #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(image.digest)","size":\#(image.size),"annotations":{"org.opencontainers.image.ref.name":"latest"}},{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(signatureManifest.digest)","size":\#(signatureManifest.size),"annotations":{"org.opencontainers.image.ref.name":"\#(tag)"}}]}"#)
        return directory.url.appendingPathComponent("layout").path
    }

    /// cosign's annotations for the happy-path-v0.3 signature: signature, certificate PEM, Rekor bundle.
    static func annotations(setByteFlipped: Bool = false) throws -> [String: String] {
        let path = try SharedData.require("\(suite)/happy-path-v0.3/bundle.sigstore.json")
        let bundle = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let material = try #require(bundle["verificationMaterial"] as? [String: Any])
        let certificate = try #require((material["certificate"] as? [String: Any])?["rawBytes"] as? String)
        let entry = try #require((material["tlogEntries"] as? [[String: Any]])?.first)
        var set = try #require((entry["inclusionPromise"] as? [String: Any])?["signedEntryTimestamp"] as? String)
        if setByteFlipped { set = set.replacingOccurrences(of: "MEYCIQDMNM49", with: "MEYCIQDMNM4A") }
        let keyID = try #require((entry["logId"] as? [String: Any])?["keyId"] as? String)
        let logID = Hex.encode(try #require(Data(base64Encoded: keyID)))
        let rekor: [String: Any] = ["SignedEntryTimestamp": set, "Payload": [
            "body": try #require(entry["canonicalizedBody"] as? String),
            "integratedTime": Int(try #require(entry["integratedTime"] as? String))!,
            "logIndex": Int(try #require(entry["logIndex"] as? String))!, "logID": logID]]
        let pemBody = stride(from: 0, to: certificate.count, by: 64).map { offset in
            String(certificate.dropFirst(offset).prefix(64))
        }.joined(separator: "\n")
        return [
            "dev.cosignproject.cosign/signature": try #require((bundle["messageSignature"] as? [String: Any])?["signature"] as? String),
            "dev.sigstore.cosign/certificate": "-----BEGIN CERTIFICATE-----\n\(pemBody)\n-----END CERTIFICATE-----\n",
            "dev.sigstore.cosign/bundle": String(decoding: try JSONSerialization.data(withJSONObject: rekor), as: UTF8.self),
        ]
    }

    static func verify(_ layout: String) throws -> (CommandResult, [String: Any]) {
        let result = try CommandRunner.vouch(["verify", layout, "--certificate-identity", ConformanceTests.defaultIdentity,
                                              "--certificate-oidc-issuer", ConformanceTests.defaultIssuer, "--format", "json"])
        return (result, (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:])
    }

    @Test(.enabled(if: SharedData.shouldRun(suite)))
    func keylessAnnotationsVerifyButThePayloadMustNameTheImage() throws {
        let directory = try TemporaryDirectory("vouch-keyless-image")
        let payload = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try SharedData.require("\(Self.suite)/a.txt"))))
        let (result, report) = try Self.verify(try Self.layout(payload: payload, annotations: try Self.annotations(), in: directory))
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let check = try #require((report["signatures"] as? [[String: Any]])?.first)
        let verification = try #require(check["verification"] as? [String: Any])
        #expect((verification["failures"] as? [Any])?.isEmpty == true, "every Sigstore step verifies: \(result.stdout)")
        #expect((verification["signer"] as? [String]) == [ConformanceTests.defaultIdentity])
        let failures = (check["failures"] as? [[String: Any]] ?? []).compactMap { $0["subject"] as? String }
        #expect(failures == ["payload"], "\(result.stdout)")
    }

    @Test(.enabled(if: SharedData.shouldRun(suite)))
    func anAlteredRekorBundleFailsTheSET() throws {
        let directory = try TemporaryDirectory("vouch-keyless-image")
        let payload = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try SharedData.require("\(Self.suite)/a.txt"))))
        let (result, report) = try Self.verify(try Self.layout(payload: payload, annotations: try Self.annotations(setByteFlipped: true), in: directory))
        #expect(result.status == 1)
        let check = try #require((report["signatures"] as? [[String: Any]])?.first)
        let steps = ((check["verification"] as? [String: Any])?["failures"] as? [[String: Any]] ?? []).compactMap { $0["subject"] as? String }
        #expect(Set(steps) == ["SET", "timestamp"], "\(result.stdout)")
    }
}
