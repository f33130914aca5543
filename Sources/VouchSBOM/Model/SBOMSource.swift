/// The thing an SBOM is about.
public struct SBOMSource: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case virtualEnvironment = "venv"
        case sitePackages = "site-packages"
        case directory
        case image
    }

    public var kind: Kind
    /// The root component's name: `--name`; an image's registry reference (never the local path it was
    /// read from); a venv's project (pyproject.toml) or directory name; a directory's path.
    public var name: String
    /// For an image, its manifest digest.
    public var digest: String?
    /// The root component's version: `--subject-version`, an image's manifest digest, the project's
    /// version; nil when nothing says it (SPDX then writes NOASSERTION).
    public var version: String?
    /// The root component's package URL: `pkg:oci/NAME@sha256%3A...` for an image; nil otherwise.
    public var purl: String?
    /// The interpreter markers were evaluated for, e.g. `CPython 3.11.7`.
    public var interpreter: String?
    /// Who supplies the root component (`--supplier`): SPDX 2.3 clause 7.5 `supplier` of the described
    /// package, CycloneDX `metadata.component.supplier` and `metadata.supplier`. Nil when nobody said it:
    /// the source itself does not name its supplier, and Vouch invents none.
    public var supplier: SBOMParty? = nil
    /// For an image, its layers in order: the manifest's blob digest and the config's `diff_id` (the
    /// uncompressed tar's digest), each as `sha256:HEX`; either is nil when the image does not record it.
    public var layers: [Layer] = []

    public struct Layer: Hashable, Sendable {
        public var digest: String?
        public var diffID: String?

        public init(digest: String?, diffID: String?) {
            self.digest = digest
            self.diffID = diffID
        }

        /// `sha256:... (diff_id sha256:...)`.
        public var description: String {
            [digest, diffID.map { "diff_id " + $0 }].compactMap { $0 }.joined(separator: " ")
        }
    }

    public init(kind: Kind, name: String, digest: String? = nil, interpreter: String? = nil, version: String? = nil, purl: String? = nil) {
        self.kind = kind
        self.name = name
        self.digest = digest
        self.interpreter = interpreter
        self.version = version
        self.purl = purl
    }
}
