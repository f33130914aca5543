import VouchCore
import VouchCrypto

/// RFC 6962 section 2.1 / RFC 9162 section 2.1.3.2: verifying a Merkle audit path.
enum MerkleInclusion {
    /// RFC 6962 section 2.1: `MTH({d0}) = SHA-256(0x00 || d0)`.
    static func leafHash(_ entry: [UInt8]) throws(VouchError) -> [UInt8] {
        try DigestHasher.digest(of: [0] + entry).bytes
    }

    /// `SHA-256(0x01 || left || right)`.
    static func nodeHash(_ left: [UInt8], _ right: [UInt8]) throws(VouchError) -> [UInt8] {
        try DigestHasher.digest(of: [1] + left + right).bytes
    }

    /// The root the audit path `proof` computes for leaf `index` of a tree of `size` leaves, or nil when the
    /// path cannot belong to such a tree (RFC 9162 section 2.1.3.2, steps 1 to 6).
    static func root(leafHash: [UInt8], index: Int64, size: Int64, proof: [[UInt8]]) throws(VouchError) -> [UInt8]? {
        guard index >= 0, size > 0, index < size, proof.allSatisfy({ $0.count == 32 }) else { return nil }
        var fn = index, sn = size - 1
        var r = leafHash
        for p in proof {
            guard sn != 0 else { return nil }
            if fn & 1 == 1 || fn == sn {
                r = try nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = try nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? r : nil
    }
}
