/// A hash algorithm Vouch computes digests with.
///
/// OCI image-spec (descriptor.md, "Registered algorithms") registers `sha256` and `sha512`; `sha384` is
/// accepted too because signature schemes (ECDSA P-384) pair with it.
public struct DigestAlgorithm: Hashable, Sendable, CustomStringConvertible, CaseIterable {
    private enum Backing: String, Hashable, Sendable, CaseIterable {
        case sha256, sha384, sha512
    }

    private let backing: Backing
    private init(_ backing: Backing) { self.backing = backing }

    public static let sha256 = DigestAlgorithm(.sha256)
    public static let sha384 = DigestAlgorithm(.sha384)
    public static let sha512 = DigestAlgorithm(.sha512)

    public static var allCases: [DigestAlgorithm] { Backing.allCases.map(DigestAlgorithm.init) }

    /// The algorithm's identifier in a digest string, e.g. `sha256`.
    public var name: String { backing.rawValue }

    /// Length of the raw digest in bytes.
    public var byteCount: Int {
        switch backing {
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    /// Length of the lowercase hex encoding.
    public var hexCount: Int { byteCount * 2 }

    /// The algorithm named `name`, or nil when Vouch does not support it.
    public init?(name: String) {
        guard let backing = Backing(rawValue: name) else { return nil }
        self.backing = backing
    }

    public var description: String { name }
}
