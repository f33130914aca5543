/// One signature found for an image: where it was, what digest its payload names, and which key verified it.
public struct ImageSignatureCheck: Sendable, Codable, Hashable {
    /// `tag sha256-<hex>.sig` or `referrer sha256:...`.
    public var source: String
    /// The layer's position in the signature manifest.
    public var layer: Int
    /// The digest the payload names.
    public var signedDigest: String?
    public var signature: SignatureCheck
}
