import VouchCore

/// The outcome for one signature: which key verified it, or why none did.
public struct SignatureCheck: Sendable, Hashable, Codable {
    /// Position of the signature in its envelope or bundle, from 0.
    public var index: Int
    /// The key id the signature carried (may be empty).
    public var keyid: String
    /// The key that verified it, when one did.
    public var verifiedBy: String?
    /// Why it did not verify, one reason per key tried (empty when verified).
    public var failures: [String]

    public var verified: Bool { verifiedBy != nil }

    public init(index: Int, keyid: String, verifiedBy: String?, failures: [String]) {
        self.index = index
        self.keyid = keyid
        self.verifiedBy = verifiedBy
        self.failures = failures
    }
}
