import Foundation
import Testing
import VouchAttest
import VouchCore
import VouchCrypto
import VouchTestSupport

/// Golden vectors with the fixed Ed25519 key in Fixtures/signing (Ed25519 is deterministic), one per format.
/// Record with VOUCH_RECORD_GOLDENS=1; each vector is also checked by an independent verifier below, so a
/// wrong golden cannot be recorded silently.
@Suite("golden vectors (fixed Ed25519 key)")
struct GoldenVectorTests {
    let key: SigningKey
    let subject = Fixtures.path("signing/golden-subject.txt")

    init() throws {
        key = try SigningKey(privateKey: PrivateKey(contentsOf: Fixtures.path("signing/golden-ed25519.key"), password: nil), scheme: .ed25519)
    }

    @Test("the public key and its securesystemslib key id")
    func publicKey() throws {
        #expect(key.privateKey.publicKey.pem == (try String(contentsOfFile: Fixtures.path("signing/golden-ed25519.pub"), encoding: .utf8)))
        Golden.assertMatches(key.secureSystemsLibKeyID + "\n" + key.privateKey.publicKey.hint + "\n", named: "signing/golden-keyid-and-hint.txt")
    }

    @Test("blob signature (base64) and Sigstore bundle v0.3")
    func blob() throws {
        let signed = try BlobSignature.sign(path: subject, key: key)
        Golden.assertMatches(signed.base64 + "\n", named: "signing/golden-blob.sig")
        Golden.assertMatches(signed.bundle.json, named: "signing/golden-blob.sigstore.json")
        let verification = try BlobSignature.verify(path: subject, bundle: SigstoreBundle(json: Array(signed.bundle.json.utf8)), keys: [verificationKey])
        #expect(verification.passed)
    }

    @Test("DSSE envelope with an in-toto Statement v1, and its bundle")
    func attestation() throws {
        let envelope = try Attestation.attestFile(
            subjectPath: subject, predicateJSON: Fixtures.bytes("signing/golden-predicate.json"), predicatePath: nil,
            predicateType: "https://slsa.dev/provenance/v1", key: key)
        Golden.assertMatches(envelope.jsonLine + "\n", named: "signing/golden-attestation.intoto.jsonl")
        Golden.assertMatches(String(decoding: envelope.payload, as: UTF8.self) + "\n", named: "signing/golden-statement.json")
        var bundled = envelope
        bundled.signatures[0].keyid = ""
        Golden.assertMatches(SigstoreBundle(publicKeyHint: key.privateKey.publicKey.hint, content: .dsseEnvelope(bundled)).json, named: "signing/golden-attestation.sigstore.json")
        let result = try AttestationVerification.verifyFile(subjectPath: subject, envelope: envelope, keys: [verificationKey], expectedPredicateType: "https://slsa.dev/provenance/v1")
        #expect(result.passed)
    }

    @Test("cosign simple-signing payload and its signature for a fixed image digest")
    func simpleSigning() throws {
        let digest = try Digest(parsing: "sha256:" + String(repeating: "ab", count: 32))
        let payload = CosignSimpleSigning.payload(manifestDigest: digest, reference: "registry.example.com/app:1.0")
        let signature = try key.privateKey.sign(.bytes(payload), scheme: .ed25519)
        Golden.assertMatches(String(decoding: payload, as: UTF8.self) + "\n" + Base64.encode(signature) + "\n", named: "signing/golden-simple-signing.txt")
        #expect(CosignSimpleSigning.signedDigest(in: payload) == digest.description)
        #expect(try key.privateKey.publicKey.isValidSignature(signature, for: .bytes(payload), scheme: .ed25519))
    }

    @Test("the golden blob signature verifies with openssl pkeyutl", .enabled(if: Peers.shouldRun("openssl")))
    func opensslChecksGolden() throws {
        _ = try Peers.require("openssl")
        let directory = try TemporaryDirectory()
        let signature = try String(contentsOf: Golden.directory.appendingPathComponent("signing/golden-blob.sig"), encoding: .utf8)
        try directory.write("sig.b64", signature)
        let result = try CommandRunner.shell(
            "base64 -d sig.b64 > sig.bin && openssl pkeyutl -verify -pubin -inkey '\(Fixtures.path("signing/golden-ed25519.pub"))' -rawin -in '\(subject)' -sigfile sig.bin",
            in: directory.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    private var verificationKey: VerificationKey {
        VerificationKey(publicKey: key.privateKey.publicKey, scheme: .ed25519, name: "golden")
    }
}
