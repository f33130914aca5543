import PropertyBased
import Testing
import VouchCore
@testable import VouchSigstore

/// The RFC 9162 inclusion-proof verifier over generated trees (issue 19): every audit path of every leaf
/// computes the tree's root, and a path with any byte, leaf, or index changed does not.
@Suite("properties: Merkle inclusion proofs verify, and mutated ones do not")
struct MerkleInclusionPropertyTests {
    /// RFC 6962 section 2.1: MTH of `leaves` (already leaf-hashed), splitting at the largest power of two
    /// below the count.
    static func root(_ leaves: ArraySlice<[UInt8]>) throws -> [UInt8] {
        if leaves.count == 1 { return leaves.first! }
        let split = Self.split(leaves.count)
        return try MerkleInclusion.nodeHash(root(leaves.prefix(split)), root(leaves.dropFirst(split)))
    }

    /// RFC 6962 section 2.1.1: PATH(m, D[n]).
    static func path(_ index: Int, _ leaves: ArraySlice<[UInt8]>) throws -> [[UInt8]] {
        guard leaves.count > 1 else { return [] }
        let split = Self.split(leaves.count)
        if index < split { return try path(index, leaves.prefix(split)) + [root(leaves.dropFirst(split))] }
        return try path(index - split, leaves.dropFirst(split)) + [root(leaves.prefix(split))]
    }

    static func split(_ count: Int) -> Int {
        var k = 1
        while k << 1 < count { k <<= 1 }
        return k
    }

    static func tree(_ size: Int, _ salt: UInt8) throws -> [[UInt8]] {
        try (0..<size).map { (index) throws(VouchError) in try MerkleInclusion.leafHash([salt, UInt8(index & 0xFF), UInt8(index >> 8)]) }
    }

    @Test("every leaf's audit path computes the root, for every tree size up to 70")
    func validProofsVerify() async {
        await propertyCheck(count: 150, input: Gen.int(in: 1...70), Gen.uint8()) { size, salt in
            let leaves = try Self.tree(size, salt)
            let expected = try Self.root(leaves[...])
            for index in 0..<size {
                let proof = try Self.path(index, leaves[...])
                let computed = try MerkleInclusion.root(leafHash: leaves[index], index: Int64(index), size: Int64(size), proof: proof)
                #expect(computed == expected, "leaf \(index) of \(size)")
            }
        }
    }

    @Test("a proof with one bit flipped, a wrong leaf, a wrong index, or an element added or dropped does not compute the root")
    func mutatedProofsFail() async {
        await propertyCheck(count: 400, input: Gen.int(in: 2...70), Gen.int(in: 0...69), Gen.int(in: 0...4095), Gen.int(in: 0...4)) { size, rawIndex, position, kind in
            let index = rawIndex % size
            let leaves = try Self.tree(size, 7)
            let expected = try Self.root(leaves[...])
            var proof = try Self.path(index, leaves[...])
            var leaf = leaves[index]
            var claimed = Int64(index)
            switch kind {
            case 0 where !proof.isEmpty:
                let element = position % proof.count
                proof[element][position / 8 % 32] ^= 1 << UInt8(position % 8)
            case 1:
                leaf[position % 32] ^= 1
            case 2:
                claimed = Int64((index + 1 + position % (size - 1)) % size)
            case 3:
                proof.append(leaves[position % size])
            default:
                if proof.isEmpty { return }
                proof.removeLast()
            }
            let computed = try MerkleInclusion.root(leafHash: leaf, index: claimed, size: Int64(size), proof: proof)
            #expect(computed != expected, "mutation \(kind) at \(position) of leaf \(index)/\(size) still verifies")
        }
    }

    @Test("indexes outside the tree and elements that are not 32 bytes are refused outright")
    func malformedProofsAreRefused() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1...40), Gen.int(in: 0...40)) { size, offset in
            let leaves = try Self.tree(size, 3)
            let proof = try Self.path(0, leaves[...])
            #expect(try MerkleInclusion.root(leafHash: leaves[0], index: Int64(size + offset), size: Int64(size), proof: proof) == nil)
            #expect(try MerkleInclusion.root(leafHash: leaves[0], index: -1 - Int64(offset), size: Int64(size), proof: proof) == nil)
            if !proof.isEmpty {
                var short = proof
                short[0].removeLast()
                #expect(try MerkleInclusion.root(leafHash: leaves[0], index: 0, size: Int64(size), proof: short) == nil)
            }
        }
    }
}
