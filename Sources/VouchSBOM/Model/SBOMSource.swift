/// The thing an SBOM is about.
public struct SBOMSource: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case virtualEnvironment = "venv"
        case sitePackages = "site-packages"
        case directory
        case image
    }

    public var kind: Kind
    /// The venv or directory path, or the image reference.
    public var name: String
    /// For an image, its manifest digest.
    public var digest: String?
    /// The interpreter markers were evaluated for, e.g. `CPython 3.11.7`.
    public var interpreter: String?

    public init(kind: Kind, name: String, digest: String? = nil, interpreter: String? = nil) {
        self.kind = kind
        self.name = name
        self.digest = digest
        self.interpreter = interpreter
    }
}
