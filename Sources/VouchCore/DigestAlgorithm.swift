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

    /// The FIPS 180-4 name, e.g. `SHA-256` (OpenSSL 3 fetches its implementation by this name). Every
    /// name below is an exhaustive switch here, so an algorithm added to the backing enum cannot reach a
    /// caller's `default:` and be hashed or labelled as SHA-256.
    public var standardName: String {
        switch backing {
        case .sha256: "SHA-256"
        case .sha384: "SHA-384"
        case .sha512: "SHA-512"
        }
    }

    /// The name in Sigstore's protobuf-specs `HashAlgorithm` enum, e.g. `SHA2_256`.
    public var sigstoreName: String {
        switch backing {
        case .sha256: "SHA2_256"
        case .sha384: "SHA2_384"
        case .sha512: "SHA2_512"
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
