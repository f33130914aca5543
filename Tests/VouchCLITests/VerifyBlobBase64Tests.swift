import Foundation
import Testing
import VouchTestSupport

/// Issue 12: `verify-blob` reads the signature encodings the ecosystem writes, and a signature that is not
/// base64 could not be read (exit 2) wherever it appears, as an envelope's payload already was.
@Suite(.enabled(if: Peers.shouldRun("openssl")))
struct VerifyBlobBase64Tests {
    @Test("verify-blob accepts line-wrapped base64 from openssl base64", arguments: SigningFixtures.allAlgorithms)
    func verifyBlobAcceptsLineWrappedBase64FromOpensslBase64(_ algorithm: String) throws {
        _ = try Peers.require("openssl")
        let directory = try TemporaryDirectory("wrapped-base64")
        _ = try SigningFixtures.generate(algorithm, in: directory, prefix: "key", noPassword: true)
        try directory.write("blob", Array((0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }))
        let sign = switch algorithm {
        case "ed25519": "openssl pkeyutl -sign -inkey key.key -rawin -in blob"
        case "ecdsa-p384": "openssl dgst -sha384 -sign key.key blob"
        default: "openssl dgst -sha256 -sign key.key blob"
        }
        let made = try CommandRunner.shell("\(sign) | openssl base64 > blob.sig", in: directory.path)
        try #require(made.status == 0, "\(made.stderr)")
        let text = try String(contentsOfFile: directory.path + "/blob.sig", encoding: .utf8)
        #expect(text.contains("\n"), "openssl base64 ends each 64-column line with a newline")
        if algorithm == "rsa-3072" { #expect(text.split(separator: "\n").count == 8, "a 384-byte signature is 512 base64 characters, 8 lines") }
        let verified = try SigningFixtures.vouch(["verify-blob", "blob", "--key", "key.pub", "--signature", "blob.sig"], in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        // CRLF line ends (a signature that went through Windows) read the same.
        try directory.write("crlf.sig", text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(try SigningFixtures.vouch(["verify-blob", "blob", "--key", "key.pub", "--signature", "crlf.sig"], in: directory.path).status == 0)
    }

    @Test("an invalid-base64 signature is exit 2 for blob signatures, bundles and DSSE payloads alike")
    func anInvalidBase64SignatureIsExitTwoForBlobsAndDSSEPayloadsAlike() throws {
        let directory = try TemporaryDirectory("invalid-base64")
        _ = try SigningFixtures.generate("ecdsa-p256", in: directory, prefix: "key", noPassword: true)
        try directory.write("blob", "the signed bytes\n")
        try directory.write("predicate.json", #"{"checked": true}"#)

        for (name, text) in [("bang.sig", "MEUCIQ!!"), ("space.sig", "MEUC IQDx"), ("empty.sig", "\n")] {
            try directory.write(name, text)
            let result = try SigningFixtures.vouch(["verify-blob", "blob", "--key", "key.pub", "--signature", name], in: directory.path)
            #expect(result.status == 2, "\(name): \(result.stdout)")
            #expect(result.stderr.contains("vouch: error: \(name): the signature is not valid base64"), "\(result.stderr)")
        }

        let bundled = try SigningFixtures.vouch(["sign-blob", "blob", "--key", "key.key", "--bundle", "blob.sigstore.json"], in: directory.path)
        try #require(bundled.status == 0, "\(bundled.stderr)")
        var bundle = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/blob.sigstore.json"))) as? [String: Any])
        var message = try #require(bundle["messageSignature"] as? [String: Any])
        message["signature"] = "%%%not base64%%%"
        bundle["messageSignature"] = message
        try directory.write("bad.sigstore.json", [UInt8](try JSONSerialization.data(withJSONObject: bundle)))
        let fromBundle = try SigningFixtures.vouch(["verify-blob", "blob", "--key", "key.pub", "--bundle", "bad.sigstore.json"], in: directory.path)
        #expect(fromBundle.status == 2, "\(fromBundle.stdout)")
        #expect(fromBundle.stderr.contains("bad.sigstore.json: bundle messageSignature.signature is not valid base64"), "\(fromBundle.stderr)")

        let attested = try SigningFixtures.vouch(["attest", "blob", "--predicate", "predicate.json", "--type", "custom", "--key", "key.key", "--output", "blob.intoto.jsonl"], in: directory.path)
        try #require(attested.status == 0, "\(attested.stderr)")
        let line = try String(contentsOfFile: directory.path + "/blob.intoto.jsonl", encoding: .utf8)
        try directory.write("bad.intoto.jsonl", line.replacingOccurrences(of: #""payload":""#, with: #""payload":"%"#))
        let fromEnvelope = try SigningFixtures.vouch(["verify-attestation", "blob", "--key", "key.pub", "--attestation", "bad.intoto.jsonl"], in: directory.path)
        #expect(fromEnvelope.status == 2, "\(fromEnvelope.stdout)")
        #expect(fromEnvelope.stderr.contains("not valid base64"), "\(fromEnvelope.stderr)")
    }

    @Test("a DSSE envelope whose sig is not valid base64 could not be read: exit 2 naming the file and field")
    func aDSSEEnvelopeWhoseSigIsNotValidBase64CouldNotBeRead() throws {
        let directory = try TemporaryDirectory("invalid-dsse-sig")
        _ = try SigningFixtures.generate("ecdsa-p256", in: directory, prefix: "key", noPassword: true)
        try directory.write("blob", "the signed bytes\n")
        try directory.write("predicate.json", #"{"checked": true}"#)
        let attested = try SigningFixtures.vouch(["attest", "blob", "--predicate", "predicate.json", "--type", "custom", "--key", "key.key", "--output", "blob.intoto.jsonl"], in: directory.path)
        try #require(attested.status == 0, "\(attested.stderr)")
        let line = try String(contentsOfFile: directory.path + "/blob.intoto.jsonl", encoding: .utf8)
        try #require(line.contains(#""sig":""#))
        try directory.write("bad-sig.intoto.jsonl", line.replacingOccurrences(of: #""sig":""#, with: #""sig":"%%not base64%%"#))
        let result = try SigningFixtures.vouch(["verify-attestation", "blob", "--key", "key.pub", "--attestation", "bad-sig.intoto.jsonl"], in: directory.path)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("bad-sig.intoto.jsonl"), "\(result.stderr)")
        #expect(result.stderr.contains("sig"), "\(result.stderr)")
        #expect(result.stderr.contains("not valid base64"), "\(result.stderr)")
        // The untouched envelope still verifies, so the failure above is the signature text alone.
        let good = try SigningFixtures.vouch(["verify-attestation", "blob", "--key", "key.pub", "--attestation", "blob.intoto.jsonl"], in: directory.path)
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
    }
}
