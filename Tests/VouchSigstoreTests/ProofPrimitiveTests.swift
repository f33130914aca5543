import Testing
import VouchAttest
import VouchCore
import VouchCrypto
@testable import VouchSigstore

/// The primitives under the proofs: RFC 3339 times, Merkle audit paths, signed notes, named limits.
@Suite struct ProofPrimitiveTests {
    @Test func rfc3339TimesParseWithFractionsAndOffsets() {
        #expect(TimeRange.parseTimestamp("1970-01-01T00:00:00Z") == 0)
        #expect(TimeRange.parseTimestamp("2021-01-12T11:53:27Z") == 1_610_452_407)
        #expect(TimeRange.parseTimestamp("2022-12-31T23:59:59.999Z") == 1_672_531_199.999)
        #expect(TimeRange.parseTimestamp("2021-01-12T12:53:27+01:00") == 1_610_452_407)
        #expect(TimeRange.parseTimestamp("2021-01-12 11:53:27Z") == nil)
        #expect(TimeRange.parseTimestamp("2021-13-12T11:53:27Z") == nil)
        #expect(TimeRange.parseTimestamp("2021-01-12T11:53:27") == nil)
    }

    @Test func timeRangesAreClosedAtBothEnds() {
        let range = TimeRange(start: 100, end: 200)
        #expect(range.contains(100) && range.contains(200))
        #expect(!range.contains(99) && !range.contains(201))
        #expect(TimeRange(start: 100).contains(Int64.max))
    }

    /// A four-leaf tree built here; every leaf's audit path must lead to the root, and no other leaf's.
    @Test func merkleAuditPathsLeadToTheRoot() throws {
        let leaves = try (0..<5).map { (index) throws(VouchError) in try MerkleInclusion.leafHash([UInt8(index)]) }
        let ab = try MerkleInclusion.nodeHash(leaves[0], leaves[1]), cd = try MerkleInclusion.nodeHash(leaves[2], leaves[3])
        let abcd = try MerkleInclusion.nodeHash(ab, cd)
        let root = try MerkleInclusion.nodeHash(abcd, leaves[4])  // RFC 6962: a 5-leaf tree splits 4 + 1
        #expect(try MerkleInclusion.root(leafHash: leaves[2], index: 2, size: 5, proof: [leaves[3], ab, leaves[4]]) == root)
        #expect(try MerkleInclusion.root(leafHash: leaves[4], index: 4, size: 5, proof: [abcd]) == root)
        #expect(try MerkleInclusion.root(leafHash: leaves[3], index: 2, size: 5, proof: [leaves[3], ab, leaves[4]]) != root)
        #expect(try MerkleInclusion.root(leafHash: leaves[2], index: 2, size: 5, proof: [leaves[3], ab]) == nil)
        #expect(try MerkleInclusion.root(leafHash: leaves[2], index: 5, size: 5, proof: [leaves[3], ab, leaves[4]]) == nil)
    }

    @Test func signedNotesNeedOriginSizeRootAndASignature() {
        let root = "rs1YPY0ydAV0lxgfrq5pE4oRpUJwo3syeps5+eGUTDI="
        let signature = "\u{2014} log.example 8w1amdbj1mjNN674dHAkD92+QZoE\n"
        guard case .success(let note) = SignedNote.parse("log.example\n736\n\(root)\nTimestamp: 1\n\n\(signature)") else {
            Issue.record("a well-formed checkpoint must parse")
            return
        }
        #expect(note.origin == "log.example" && note.size == 736 && note.signatures.count == 1)
        #expect(note.text == Array("log.example\n736\n\(root)\nTimestamp: 1\n".utf8))
        for broken in ["736\n\(root)\n\n\(signature)", "log.example\n\(root)\n\n\(signature)", "log.example\n736\n\n\(signature)",
                       "log.example\n736\n\(root)\n\n", "log.example\n736\n\(root)\n\(signature)"] {
            guard case .failure = SignedNote.parse(broken) else {
                Issue.record("must not parse: \(broken.debugDescription)")
                continue
            }
        }
    }

    /// Named limits on bundle input: `maxEnvelopeBytes` (size) and the strict reader's depth limit.
    @Test func bundleSizeLimitIsNamed() {
        let huge = [UInt8](repeating: 0x20, count: AttestationLimits.maxEnvelopeBytes + 1)
        #expect {
            _ = try SigstoreBundle(json: huge, path: "big.json")
        } throws: { ($0 as? VouchError)?.description.contains("maxEnvelopeBytes") == true }
    }

    @Test func bundleNestingDepthLimitIsNamed() {
        let deep = Array((String(repeating: "[", count: SigstoreJSON.maxDepth + 1) + String(repeating: "]", count: SigstoreJSON.maxDepth + 1)).utf8)
        #expect {
            _ = try SigstoreBundle(json: deep, path: "deep.json")
        } throws: { ($0 as? VouchError)?.description.contains("maxJSONDepth") == true }
    }

    /// The Rekor entry body is read by the one strict reader, not Foundation's decoder (which keeps the last
    /// of duplicate keys): a body naming its digest twice could show two readers two different artifacts.
    @Test func aRekorEntryBodyWithADuplicateKeyIsNotAnEntry() throws {
        let body = #"{"apiVersion": "0.0.1", "kind": "hashedrekord", "spec": {"data": {"hash": {"algorithm": "sha256", "value": "aa", "value": "bb"}}, "signature": {"content": "", "publicKey": {"content": ""}}}}"#
        let material = SignedMaterial(signature: [1], certificateDER: nil, publicKeySPKI: [], messageDigest: try Digest(parsing: "sha256:" + String(repeating: "b", count: 64)), envelope: nil)
        let reason = try #require(RekorEntryBody.mismatch(kind: "hashedrekord", version: "0.0.1", body: Array(body.utf8), material: material))
        #expect(reason.hasPrefix("the canonicalized body is not a hashedrekord 0.0.1 entry: Rekor entry body: "), "\(reason)")
        #expect(reason.contains("duplicate key 'value'"), "\(reason)")
    }

    @Test func duplicateKeysInABundleAreRejected() {
        let text = Array(#"{"mediaType":"a","mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}"#.utf8)
        #expect(throws: VouchError.self) { _ = try SigstoreBundle(json: text, path: "dup.json") }
    }
}
