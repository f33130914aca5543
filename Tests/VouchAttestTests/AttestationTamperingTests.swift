import Foundation
import Testing
import VouchAttest
import VouchCore
import VouchCrypto
import VouchTestSupport

/// Every tampering the issue lists, each caught with its own message (library level, then the CLI's exit code).
@Suite("verify-attestation catches tampering")
struct AttestationTamperingTests {
    let key: PrivateKey
    let verificationKey: VerificationKey
    let subject: Digest
    let envelope: DSSEEnvelope

    init() throws {
        key = try PrivateKey.generate(.ecdsaP256)
        verificationKey = VerificationKey(publicKey: key.publicKey, scheme: .ecdsaSHA256, name: "key.pub")
        subject = try DigestHasher.digest(of: Array("the artifact".utf8))
        let statement = try InTotoStatement(
            subjects: [.init(name: "artifact", digest: subject)], predicateType: "https://spdx.dev/Document", predicateJSON: Array(#"{"spdxVersion":"SPDX-2.3"}"#.utf8))
        let signingKey = try SigningKey(privateKey: key, scheme: .ecdsaSHA256)
        envelope = try DSSEEnvelope.sign(
            payload: statement.payload, payloadType: DSSEEnvelope.inTotoPayloadType, key: key, scheme: .ecdsaSHA256, keyid: signingKey.secureSystemsLibKeyID)
    }

    func verify(_ envelope: DSSEEnvelope, digest: Digest? = nil, keys: [VerificationKey]? = nil, type: String? = "https://spdx.dev/Document") throws -> AttestationVerification {
        try AttestationVerification.verify(subject: "artifact", subjectDigest: digest ?? subject, envelope: envelope, keys: keys ?? [verificationKey], expectedPredicateType: type)
    }

    @Test("the untouched envelope verifies")
    func untouched() throws {
        let result = try verify(envelope)
        #expect(result.passed)
        #expect(result.signatures.first?.verifiedBy == "key.pub")
    }

    @Test("an altered payload fails the signature")
    func payload() throws {
        var tampered = envelope
        let text = String(decoding: tampered.payload, as: UTF8.self).replacingOccurrences(of: "SPDX-2.3", with: "SPDX-2.2")
        tampered.payload = Array(text.utf8)
        let result = try verify(tampered)
        #expect(!result.passed)
        #expect(result.signatures[0].failures == ["key.pub: signature does not verify with this ecdsa-p256 key (payload, payloadType or signature altered, or another key signed)"])
    }

    @Test("an altered payloadType fails the signature and the payload type check")
    func payloadType() throws {
        var tampered = envelope
        tampered.payloadType = "application/json"
        let result = try verify(tampered)
        #expect(!result.passed)
        #expect(!result.signatures[0].verified)
        #expect(result.failures.map(\.description) == ["payloadType: not an in-toto payload type (expected application/vnd.in-toto+json, found application/json)"])
    }

    @Test("one flipped signature bit fails")
    func signatureBit() throws {
        var tampered = envelope
        var bytes = try #require(envelope.signatures[0].bytes)
        bytes[bytes.count / 2] ^= 0x10
        tampered.signatures[0] = .init(keyid: envelope.signatures[0].keyid, signature: bytes)
        #expect(!(try verify(tampered)).passed)
    }

    @Test("another key of the same type does not verify")
    func wrongKey() throws {
        let other = try PrivateKey.generate(.ecdsaP256)
        var anonymous = envelope
        anonymous.signatures[0].keyid = ""
        let result = try verify(anonymous, keys: [VerificationKey(publicKey: other.publicKey, scheme: .ecdsaSHA256, name: "other.pub")])
        #expect(!result.passed)
        #expect(result.signatures[0].failures[0].hasPrefix("other.pub: signature does not verify"))
    }

    @Test("a key of another type does not verify and the reason names the key type")
    func wrongKeyType() throws {
        let other = try PrivateKey.generate(.ed25519)
        var anonymous = envelope
        anonymous.signatures[0].keyid = ""
        let result = try verify(anonymous, keys: [VerificationKey(publicKey: other.publicKey, scheme: .ed25519, name: "ed.pub")])
        #expect(result.signatures[0].failures == ["ed.pub: signature does not verify with this ed25519 key (payload, payloadType or signature altered, or another key signed)"])
    }

    @Test("a keyid that is not the key's securesystemslib id is a keyid mismatch")
    func keyidMismatch() throws {
        var tampered = envelope
        tampered.signatures[0].keyid = String(repeating: "ab", count: 32)
        let result = try verify(tampered)
        #expect(!result.passed)
        #expect(result.signatures[0].failures[0].hasPrefix("key.pub: keyid mismatch (signature names abab"))
    }

    @Test("truncated or invalid signature base64 is reported as such")
    func invalidSignatureBase64() throws {
        var tampered = envelope
        tampered.signatures[0].encodedSignature = String(envelope.signatures[0].encodedSignature.dropLast(5)) + "*"
        let result = try verify(tampered)
        #expect(result.signatures[0].failures == ["signature is not valid base64 (truncated or altered)"])
    }

    @Test("truncated payload base64 makes the envelope unreadable, naming the file")
    func invalidPayloadBase64() throws {
        let line = envelope.jsonLine.replacingOccurrences(of: #""payload":""#, with: #""payload":"%"#)
        let error = #expect(throws: VouchError.self) { try DSSEEnvelope(json: Array(line.utf8), path: "a.jsonl") }
        #expect(error?.description == "a.jsonl: $.payload: the envelope payload is not valid base64 (truncated or altered)")
    }

    @Test("URL-safe base64 is accepted")
    func urlSafeBase64() throws {
        func urlSafe(_ base64: String) -> String {
            base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        let payload = Data(envelope.payload).base64EncodedString()
        let line = #"{"payload":"\#(urlSafe(payload))","payloadType":"\#(envelope.payloadType)","signatures":[{"keyid":"","sig":"\#(urlSafe(envelope.signatures[0].encodedSignature))"}]}"#
        // The standard encodings must have had something to translate, or this would test standard base64 again.
        try #require((payload + envelope.signatures[0].encodedSignature).contains { "+/=".contains($0) },
                     "the test needs a payload or signature whose standard base64 has + / or =")
        let parsed = try DSSEEnvelope(json: Array(line.utf8))
        #expect(try verify(parsed).passed)
    }

    @Test("a swapped subject digest (the attestation is for another artifact) is caught")
    func subjectSwapped() throws {
        let other = try DigestHasher.digest(of: Array("another artifact".utf8))
        let result = try verify(envelope, digest: other)
        #expect(result.signatures[0].verified)
        #expect(!result.passed)
        #expect(result.failures.map(\.reason) == ["subject digest mismatch: the attestation is about another artifact"])
        #expect(result.failures.first?.expected == other.description)
        #expect(result.failures.first?.actual == subject.description)
    }

    @Test("a predicate type other than the one required is caught")
    func predicateType() throws {
        let result = try verify(envelope, type: "https://cyclonedx.org/bom")
        #expect(result.failures.map(\.description) == ["predicateType: predicate type mismatch (expected https://cyclonedx.org/bom, found https://spdx.dev/Document)"])
    }

    @Test("the CLI exits 1 for a tampered envelope and 2 for an unreadable one")
    func cliExitCodes() throws {
        let directory = try TemporaryDirectory()
        _ = try SigningFixtures.generate("ed25519", in: directory, prefix: "key")
        try directory.write("subject.bin", "subject")
        // A minimal cosign vuln predicate: `--type vuln` requires that shape (CosignVulnPredicate).
        try directory.write("predicate.json", #"{"scanner":{"result":{}},"metadata":{"scanStartedOn":"2026-01-01T00:00:00Z","scanFinishedOn":"2026-01-01T00:00:01Z"}}"#)
        let made = try SigningFixtures.vouch(["attest", "subject.bin", "--predicate", "predicate.json", "--type", "vuln", "--key", "key.key", "--output", "a.jsonl"], in: directory.path)
        try #require(made.status == 0, "\(made.stderr)")
        let ok = try SigningFixtures.vouch(["verify-attestation", "subject.bin", "--key", "key.pub", "--attestation", "a.jsonl", "--type", "vuln"], in: directory.path)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        try directory.write("subject.bin", "subject changed")
        let swapped = try SigningFixtures.vouch(["verify-attestation", "subject.bin", "--key", "key.pub", "--attestation", "a.jsonl"], in: directory.path)
        #expect(swapped.status == 1)
        #expect(swapped.stdout.contains("subject digest mismatch"))
        try directory.write("broken.jsonl", "{not json")
        let broken = try SigningFixtures.vouch(["verify-attestation", "subject.bin", "--key", "key.pub", "--attestation", "broken.jsonl"], in: directory.path)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("broken.jsonl: line 1: $: invalid JSON at byte 1: expected a string key"))
    }

    @Test("PAE is exactly the DSSE spec's example")
    func preAuthenticationEncoding() {
        let pae = DSSEEnvelope.preAuthenticationEncoding(payloadType: "http://example.com/HelloWorld", payload: Array("hello world".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
        let utf8 = DSSEEnvelope.preAuthenticationEncoding(payloadType: "é", payload: Array("ø".utf8))
        #expect(utf8 == Array("DSSEv1 2 é 2 ø".utf8))
    }

    @Test("the DSSE spec's own test vector (raw r||s ECDSA) verifies, and fails with one byte changed")
    func specTestVector() throws {
        let envelope = try DSSEEnvelope(json: try Fixtures.bytes("signing/dsse-spec-vector.json"))
        #expect(envelope.payload == Array("hello world".utf8))
        let key = VerificationKey(publicKey: try PublicKey(contentsOf: Fixtures.path("signing/dsse-spec-vector.pub")), scheme: .ecdsaSHA256, name: "spec")
        #expect(try envelope.checkSignatures(with: [key]).first?.verifiedBy == "spec")
        var altered = envelope
        altered.payload = Array("hello world!".utf8)
        #expect(try altered.checkSignatures(with: [key]).first?.verified == false)
    }
}
