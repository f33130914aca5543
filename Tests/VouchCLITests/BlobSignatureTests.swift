import Foundation
import Testing
import VouchTestSupport

@Suite("sign-blob / verify-blob against openssl, both directions", .enabled(if: Peers.shouldRun("openssl")))
struct BlobSignatureTests {
    /// The openssl command that verifies `sig.bin` over `blob` with `pub`, per key type.
    static func opensslVerify(_ algorithm: String, pss: Bool = false) -> String {
        switch algorithm {
        case "ed25519": "openssl pkeyutl -verify -pubin -inkey key.pub -rawin -in blob -sigfile sig.bin"
        case "ecdsa-p384": "openssl dgst -sha384 -verify key.pub -signature sig.bin blob"
        default: "openssl dgst -sha256 -verify key.pub -signature sig.bin" + (pss ? " -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:auto" : "") + " blob"
        }
    }

    static func opensslSign(_ algorithm: String, pss: Bool = false) -> String {
        switch algorithm {
        case "ed25519": "openssl pkeyutl -sign -inkey plain.key -rawin -in blob -out sig.bin"
        case "ecdsa-p384": "openssl dgst -sha384 -sign plain.key -out sig.bin blob"
        default: "openssl dgst -sha256 -sign plain.key -out sig.bin" + (pss ? " -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest" : "") + " blob"
        }
    }

    @Test("openssl accepts Vouch's blob signature", arguments: SigningFixtures.allAlgorithms)
    func opensslAcceptsVouch(algorithm: String) throws {
        _ = try Peers.require("openssl")
        let directory = try TemporaryDirectory()
        let (_, _) = try SigningFixtures.generate(algorithm, in: directory, prefix: "key")
        try directory.write("blob", Array((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
        let signed = try SigningFixtures.vouch(["sign-blob", "blob", "--key", "key.key", "--output-signature", "blob.sig"], in: directory.path)
        try #require(signed.status == 0, "\(signed.stderr)")
        let result = try CommandRunner.shell("base64 -d blob.sig > sig.bin && " + Self.opensslVerify(algorithm), in: directory.path)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("Verified OK") || result.stdout.contains("Signature Verified Successfully"))
    }

    @Test("openssl accepts Vouch's RSA-PSS blob signature")
    func opensslAcceptsPSS() throws {
        _ = try Peers.require("openssl")
        let directory = try TemporaryDirectory()
        _ = try SigningFixtures.generate("rsa-3072", in: directory, prefix: "key")
        try directory.write("blob", "pss message")
        let signed = try SigningFixtures.vouch(["sign-blob", "blob", "--key", "key.key", "--rsa-pss", "--output-signature", "blob.sig"], in: directory.path)
        try #require(signed.status == 0, "\(signed.stderr)")
        let result = try CommandRunner.shell("base64 -d blob.sig > sig.bin && " + Self.opensslVerify("rsa-3072", pss: true), in: directory.path)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let plain = try CommandRunner.shell("base64 -d blob.sig > sig.bin && " + Self.opensslVerify("rsa-3072"), in: directory.path)
        #expect(plain.status != 0, "a PSS signature must not pass as PKCS#1 v1.5")
    }

    @Test("Vouch verifies signatures openssl made", arguments: SigningFixtures.allAlgorithms)
    func vouchAcceptsOpenSSL(algorithm: String) throws {
        _ = try Peers.require("openssl")
        let directory = try TemporaryDirectory()
        _ = try SigningFixtures.generate(algorithm, in: directory, prefix: "key")
        try directory.write("blob", "signed by openssl\n")
        let script = "openssl pkey -in key.key -passin pass:'\(SigningFixtures.password)' -out plain.key && "
            + Self.opensslSign(algorithm) + " && base64 -w0 sig.bin > blob.sig"
        let made = try CommandRunner.shell(script, in: directory.path)
        try #require(made.status == 0, "\(made.stderr)")
        let verified = try SigningFixtures.vouch(["verify-blob", "blob", "--key", "key.pub", "--signature", "blob.sig"], in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        #expect(verified.stdout.contains("signature 0: verified by key.pub"))
    }

    @Test("Vouch verifies an RSA-PSS signature openssl made, with --rsa-pss")
    func vouchAcceptsOpenSSLPSS() throws {
        _ = try Peers.require("openssl")
        let directory = try TemporaryDirectory()
        _ = try SigningFixtures.generate("rsa-3072", in: directory, prefix: "key")
        try directory.write("blob", "pss by openssl")
        let script = "openssl pkey -in key.key -passin pass:'\(SigningFixtures.password)' -out plain.key && "
            + Self.opensslSign("rsa-3072", pss: true) + " && base64 -w0 sig.bin > blob.sig"
        try #require(try CommandRunner.shell(script, in: directory.path).status == 0)
        let verified = try SigningFixtures.vouch(["verify-blob", "blob", "--key", "key.pub", "--rsa-pss", "--signature", "blob.sig"], in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
    }

    @Test("a Sigstore bundle v0.3 is written with a key hint and empty tlogEntries, and verifies offline")
    func bundleRoundTrip() throws {
        let directory = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ecdsa-p256", in: directory, prefix: "key")
        try directory.write("blob", "bundle me")
        let signed = try SigningFixtures.vouch(["sign-blob", "blob", "--key", "key.key", "--bundle", "blob.sigstore.json"], in: directory.path)
        try #require(signed.status == 0, "\(signed.stderr)")
        let bundle = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.url.appendingPathComponent("blob.sigstore.json"))) as? [String: Any])
        #expect(bundle["mediaType"] as? String == "application/vnd.dev.sigstore.bundle.v0.3+json")
        let material = try #require(bundle["verificationMaterial"] as? [String: Any])
        #expect((material["tlogEntries"] as? [Any])?.isEmpty == true)
        #expect(((material["publicKey"] as? [String: Any])?["hint"] as? String)?.isEmpty == false)
        let message = try #require(bundle["messageSignature"] as? [String: Any])
        let digest = try #require(message["messageDigest"] as? [String: Any])
        #expect(digest["algorithm"] as? String == "SHA2_256")
        let expectedDigest = try CommandRunner.shell("printf 'bundle me' | openssl dgst -sha256 -binary | base64").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(digest["digest"] as? String == expectedDigest)
        let verified = try SigningFixtures.vouch(["verify-blob", "blob", "--key", "key.pub", "--bundle", "blob.sigstore.json"], in: directory.path)
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        try directory.write("blob", "bundle me!")
        let tampered = try SigningFixtures.vouch(["verify-blob", "blob", "--key", "key.pub", "--bundle", "blob.sigstore.json"], in: directory.path)
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("messageDigest: the bundle is for another file"))
    }

    @Test("a changed file, a flipped signature bit, another key and bad base64 each fail with exit 1 and say why")
    func blobTampering() throws {
        let directory = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ecdsa-p256", in: directory, prefix: "key")
        _ = try SigningFixtures.generate("ecdsa-p256", in: directory, prefix: "other")
        try directory.write("blob", "original")
        try #require(try SigningFixtures.vouch(["sign-blob", "blob", "--key", "key.key", "--output-signature", "blob.sig"], in: directory.path).status == 0)
        let good = try String(contentsOfFile: directory.path + "/blob.sig", encoding: .utf8)

        try directory.write("changed", "Original")
        let changed = try SigningFixtures.vouch(["verify-blob", "changed", "--key", "key.pub", "--signature", "blob.sig"], in: directory.path)
        #expect(changed.status == 1)
        #expect(changed.stdout.contains("key.pub: signature does not verify with this ecdsa-p256 key"))

        var bytes = try #require(Data(base64Encoded: good).map { [UInt8]($0) })
        bytes[bytes.count - 3] ^= 0x01
        try directory.write("flipped.sig", Data(bytes).base64EncodedString())
        let flipped = try SigningFixtures.vouch(["verify-blob", "blob", "--key", "key.pub", "--signature", "flipped.sig"], in: directory.path)
        #expect(flipped.status == 1)
        #expect(flipped.stdout.contains("signature does not verify"))

        let other = try SigningFixtures.vouch(["verify-blob", "blob", "--key", "other.pub", "--signature", "blob.sig"], in: directory.path)
        #expect(other.status == 1)

        let both = try SigningFixtures.vouch(["verify-blob", "blob", "--key", "other.pub", "--key", "key.pub", "--signature", "blob.sig"], in: directory.path)
        #expect(both.status == 0)
        #expect(both.stdout.contains("verified by key.pub"))

        try directory.write("bad.sig", String(good.prefix(10)) + "!!!")
        let bad = try SigningFixtures.vouch(["verify-blob", "blob", "--key", "key.pub", "--signature", "bad.sig"], in: directory.path)
        // Not base64 is "could not read" (2), as an envelope's payload is; issue 12 moved it from 1.
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("vouch: error: bad.sig: the signature is not valid base64"), "\(bad.stderr)")
    }

    @Test("a missing signed file or key is exit 2 with the file named")
    func unreadableInput() throws {
        let directory = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ed25519", in: directory, prefix: "key")
        try directory.write("blob.sig", "AAAA")
        let missing = try SigningFixtures.vouch(["verify-blob", "nope", "--key", "key.pub", "--signature", "blob.sig"], in: directory.path)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope: no such file"))
        let noKey = try SigningFixtures.vouch(["sign-blob", "blob.sig", "--key", "absent.key"], in: directory.path)
        #expect(noKey.status == 2)
        #expect(noKey.stderr.contains("absent.key: no such key file"))
    }

    @Test("wrong key type: an Ed25519 key does not verify an ECDSA signature, and the reason names the key type")
    func wrongKeyType() throws {
        let directory = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ecdsa-p256", in: directory, prefix: "ec")
        _ = try SigningFixtures.generate("ed25519", in: directory, prefix: "ed")
        try directory.write("blob", "x")
        try #require(try SigningFixtures.vouch(["sign-blob", "blob", "--key", "ec.key", "--output-signature", "blob.sig"], in: directory.path).status == 0)
        let result = try SigningFixtures.vouch(["verify-blob", "blob", "--key", "ed.pub", "--signature", "blob.sig"], in: directory.path)
        #expect(result.status == 1)
        #expect(result.stdout.contains("ed.pub: signature does not verify with this ed25519 key"))
    }
}
