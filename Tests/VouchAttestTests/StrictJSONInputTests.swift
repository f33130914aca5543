import Foundation
import Testing
import VouchAttest
import VouchCore
import VouchCrypto

/// Attestation documents are read by the one strict JSON reader: the symptoms of the old
/// `JSONSerialization` + `try?` reading, each refused or reported with its JSON path now.
@Suite("attestation JSON is read strictly")
struct StrictJSONInputTests {
    private static let digest = String(repeating: "ab", count: 32)

    private func envelopeLine(payload: String, extra: String = "", signatures: String = #"[{"keyid":"k","sig":"AAAA"}]"#) -> [UInt8] {
        Array(#"{"payload":"\#(Base64.encode(Array(payload.utf8)))","payloadType":"application/vnd.in-toto+json"\#(extra),"signatures":\#(signatures)}"#.utf8)
    }

    private func statement(predicate: String, subject: String? = nil) -> String {
        let subjects = subject ?? #"[{"name":"a","digest":{"sha256":"\#(Self.digest)"}}]"#
        return #"{"_type":"https://in-toto.io/Statement/v1","subject":\#(subjects),"predicateType":"https://spdx.dev/Document","predicate":\#(predicate)}"#
    }

    @Test func duplicateKeyInADSSEEnvelopeIsRefused() {
        // Two payloads: Go's decoder would verify one and a reader keeping the other would evaluate another.
        let line = envelopeLine(payload: statement(predicate: "{}"), extra: #","payload":"e30=""#)
        let error = #expect(throws: VouchError.self) { try DSSEEnvelope(json: line, path: "a.intoto.jsonl") }
        #expect(error?.description.hasPrefix("a.intoto.jsonl: $.payload: invalid JSON at byte") == true)
        #expect(error?.description.hasSuffix("duplicate key 'payload'") == true)
    }

    @Test func malformedSignatureFieldIsReportedWithItsPathInsteadOfReadAsEmpty() {
        let line = envelopeLine(payload: statement(predicate: "{}"), signatures: #"[{"keyid":"k","sig":"AAAA"},{"keyid":"k","sig":5}]"#)
        let error = #expect(throws: VouchError.self) { try DSSEEnvelope(json: line, path: "a.intoto.jsonl") }
        #expect(error?.description == "a.intoto.jsonl: $.signatures[1].sig: expected a string, found a number")
    }

    @Test func envelopeWithoutSignaturesListNamesTheMissingMember() {
        let line = Array(#"{"payload":"e30=","payloadType":"t"}"#.utf8)
        let error = #expect(throws: VouchError.self) { try DSSEEnvelope(json: line, path: "e.json") }
        #expect(error?.description == "e.json: $: required member 'signatures' is missing")
    }

    @Test func duplicateSubjectListInAStatementIsRefused() {
        let other = String(repeating: "cd", count: 32)
        let payload = #"{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a","digest":{"sha256":"\#(Self.digest)"}}],"subject":[{"name":"b","digest":{"sha256":"\#(other)"}}],"predicateType":"t","predicate":{}}"#
        let error = #expect(throws: VouchError.self) { try InTotoStatement(payload: Array(payload.utf8)) }
        #expect(error?.reason.hasSuffix("duplicate key 'subject'") == true)
        #expect(error?.reason.hasPrefix("$.subject: ") == true)
    }

    @Test func malformedSubjectDigestIsReportedWithItsPathInsteadOfReadAsEmpty() {
        let payload = statement(predicate: "{}", subject: #"[{"name":"a","digest":{"sha256":7}}]"#)
        let error = #expect(throws: VouchError.self) { try InTotoStatement(payload: Array(payload.utf8)) }
        #expect(error?.reason == "$.subject[0].digest.sha256: expected a string, found a number")
    }

    @Test func predicateThatIsNotAnObjectIsRefusedWithItsPath() {
        let error = #expect(throws: VouchError.self) { try InTotoStatement(payload: Array(statement(predicate: "[1]").utf8)) }
        #expect(error?.reason == "$.predicate: expected an object, found an array")
    }

    @Test func predicateBytesArePreservedExactly() throws {
        // Key order, spacing, escapes and number spelling as the signer wrote them: the old reader
        // re-serialized the predicate (sorted, pretty-printed), so the gate evaluated other bytes.
        let predicate = #"{ "spdxVersion":"SPDX-2.3",  "b":[1.50, 2e3] , "a":"\u00e9\/x" }"#
        let parsed = try InTotoStatement(payload: Array(statement(predicate: predicate).utf8))
        #expect(parsed.predicateJSON == Array(predicate.utf8))
        // Signing embeds the given bytes (trimmed) and reading them back gives the same bytes.
        let built = try InTotoStatement(subjects: [.init(name: "a", digest: ["sha256": Self.digest])], predicateType: "t",
                                        predicateJSON: Array(("\n" + predicate + "\n").utf8))
        #expect(try InTotoStatement(payload: built.payload).predicateJSON == Array(predicate.utf8))
    }

    @Test func verificationReportsThePredicateAsTheSignedBytes() throws {
        let key = try PrivateKey.generate(.ecdsaP256)
        let subject = try DigestHasher.digest(of: Array("artifact".utf8))
        let predicate = #"{"z" : 1,"a":{ "nested" :true }}"#
        let statement = try InTotoStatement(subjects: [.init(name: "artifact", digest: subject)], predicateType: "https://spdx.dev/Document",
                                            predicateJSON: Array(predicate.utf8))
        let envelope = try DSSEEnvelope.sign(payload: statement.payload, payloadType: DSSEEnvelope.inTotoPayloadType, key: key, scheme: .ecdsaSHA256, keyid: "")
        let reread = try DSSEEnvelope(json: Array(envelope.jsonLine.utf8))
        let result = try AttestationVerification.verify(
            subject: "artifact", subjectDigest: subject, envelope: reread,
            keys: [VerificationKey(publicKey: key.publicKey, scheme: .ecdsaSHA256, name: "k")], expectedPredicateType: nil)
        #expect(result.passed)
        #expect(result.predicate == predicate)
    }

    @Test func duplicateDigestInASimpleSigningPayloadIsRefused() {
        let payload = Array(#"{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"sha256:\#(Self.digest)","docker-manifest-digest":"sha256:00"},"type":"cosign container image signature"},"optional":null}"#.utf8)
        #expect(CosignSimpleSigning.signedDigest(in: payload) == nil)
        let error = #expect(throws: VouchError.self) { try CosignSimpleSigning.signedDigest(parsing: payload) }
        #expect(error?.reason.hasPrefix(#"$.critical.image["docker-manifest-digest"]: invalid JSON at byte"#) == true)
    }

    @Test func simpleSigningPayloadOfTheWrongTypeNamesTheField() {
        let payload = Array(#"{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"sha256:\#(Self.digest)"},"type":"other"},"optional":null}"#.utf8)
        let error = #expect(throws: VouchError.self) { try CosignSimpleSigning.signedDigest(parsing: payload) }
        #expect(error?.reason == #"$.critical.type: expected "cosign container image signature", found "other""#)
    }
}
