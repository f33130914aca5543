import Foundation
import Testing
@testable import VouchAttest
import VouchCore
@testable import VouchCrypto
import VouchImage
import VouchTestSupport

/// One test per named limit of the signing modules, named after the limit: each asserts the error names
/// the limit and the value found.
@Suite("signing limits")
struct SigningLimitTests {
    private static let digest = String(repeating: "ab", count: 32)

    @Test func maxEnvelopeBytes() {
        let json = [UInt8](repeating: UInt8(ascii: " "), count: AttestationLimits.maxEnvelopeBytes + 1)
        let error = #expect(throws: VouchError.self) { try DSSEEnvelope(json: json, path: "big.json") }
        #expect(error?.limit == VouchError.LimitViolation(name: "maxEnvelopeBytes", limit: Int64(AttestationLimits.maxEnvelopeBytes),
                                                         found: Int64(AttestationLimits.maxEnvelopeBytes + 1)))
        #expect(error?.path == "big.json")
    }

    @Test func maxSignatures() {
        let signatures = Array(repeating: #"{"keyid":"","sig":"AAAA"}"#, count: AttestationLimits.maxSignatures + 1).joined(separator: ",")
        let json = Array(#"{"payload":"e30=","payloadType":"t","signatures":[\#(signatures)]}"#.utf8)
        let error = #expect(throws: VouchError.self) { try DSSEEnvelope(json: json, path: "e.json") }
        #expect(error?.limit == VouchError.LimitViolation(name: "maxSignatures", limit: Int64(AttestationLimits.maxSignatures),
                                                         found: Int64(AttestationLimits.maxSignatures + 1)))
        #expect(error?.reason == "$.signatures: signature count 65 exceeds the limit maxSignatures=64")
    }

    @Test func maxSubjects() {
        let subjects = Array(repeating: #"{"name":"a","digest":{"sha256":"\#(Self.digest)"}}"#, count: AttestationLimits.maxSubjects + 1).joined(separator: ",")
        let payload = Array(#"{"_type":"https://in-toto.io/Statement/v1","subject":[\#(subjects)],"predicateType":"t","predicate":{}}"#.utf8)
        let error = #expect(throws: VouchError.self) { try InTotoStatement(payload: payload) }
        #expect(error?.limit == VouchError.LimitViolation(name: "maxSubjects", limit: Int64(AttestationLimits.maxSubjects),
                                                         found: Int64(AttestationLimits.maxSubjects + 1)))
    }

    /// Cosign manifests and payload blobs are read through the one layout reader, within its maxJSONBytes
    /// (the old reader's maxDocumentBytes had the same value and is gone with it).
    @Test func maxJSONBytesForLayoutBlobs() throws {
        let directory = try TemporaryDirectory("signing-limit")
        try directory.write("oci-layout", #"{"imageLayoutVersion":"1.0.0"}"#)
        try directory.write("index.json", #"{"schemaVersion":2,"manifests":[]}"#)
        let limits = ImageLimits()
        let blob = [UInt8](repeating: UInt8(ascii: " "), count: Int(limits.maxJSONBytes) + 1)
        let digest = try DigestHasher.digest(of: blob)
        try FileManager.default.createDirectory(atPath: directory.path + "/blobs/sha256", withIntermediateDirectories: true)
        try Data(blob).write(to: URL(fileURLWithPath: directory.path + "/blobs/sha256/" + digest.hex))
        let layout = try OCILayout.open(directory.path)
        let descriptor = Descriptor(mediaType: "application/vnd.dev.cosign.simplesigning.v1+json", digest: digest, size: Int64(blob.count))
        let error = #expect(throws: VouchError.self) { try layout.readDocumentBlob(descriptor) }
        #expect(error?.limit == VouchError.LimitViolation(name: "maxJSONBytes", limit: limits.maxJSONBytes, found: Int64(blob.count)))
    }

    @Test func maxScryptRTimesP() {
        let parameters = ScryptParameters(n: 1 << 10, r: 8, p: KeyLimits.maxScryptRTimesP / 8 + 1)
        let error = #expect(throws: VouchError.self) { try parameters.validate(path: "cosign.key") }
        #expect(error?.limit == VouchError.LimitViolation(name: "maxScryptRTimesP", limit: KeyLimits.maxScryptRTimesP, found: 8 * (KeyLimits.maxScryptRTimesP / 8 + 1)))
        #expect(error?.path == "cosign.key")
    }

    /// Pure Ed25519 reads the whole message into memory, so `sign-blob` with an Ed25519 key stops past the
    /// limit (the production 1 GiB bound is a parameter with that default; a small one is tested here).
    @Test func maximumEd25519MessageBytes() throws {
        let key = try SigningKey(privateKey: PrivateKey(contentsOf: Fixtures.path("signing/golden-ed25519.key"), password: nil), scheme: .ed25519)
        let directory = try TemporaryDirectory("ed25519-limit")
        let blob = try directory.write("blob", [UInt8](repeating: 7, count: 1001))
        #expect(BlobSignature.maximumEd25519MessageBytes == 1 << 30)
        let error = #expect(throws: VouchError.self) { try BlobSignature.sign(path: blob, key: key, maximumEd25519MessageBytes: 1000) }
        #expect(error?.limit?.name == "maximumEd25519MessageBytes")
        #expect(error?.limit == VouchError.LimitViolation(name: "maximumEd25519MessageBytes", limit: 1000, found: 1001))
        #expect(error?.path == blob)
        #expect(throws: Never.self) { _ = try BlobSignature.sign(path: blob, key: key, maximumEd25519MessageBytes: 1001) }
    }
}
