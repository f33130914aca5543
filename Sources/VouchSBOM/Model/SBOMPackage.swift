/// One software package found in a source: a Python distribution, a Debian package, or a component that
/// a distribution declares in its own SBOM (PEP 770).
public struct SBOMPackage: Hashable, Sendable {
    /// Unique within a document and stable for the same input: `<ecosystem>:<normalized name>@<version>`,
    /// with `#<n>` appended when the same name and version are installed twice.
    public var id: String
    public var ecosystem: PackageEcosystem
    /// The name as the package's metadata spells it.
    public var name: String
    /// The version, or the empty string when the metadata has none.
    public var version: String
    /// Package URL (purl spec); nil for a package that did not come from a registry (local or editable).
    public var purl: String?
    /// The license the package declares (SPDX `licenseDeclared`, CycloneDX `acknowledgement: declared`).
    public var license: PackageLicense
    /// The license an SBOM's author concluded (SPDX 2.3 clause 7.13 `licenseConcluded`, CycloneDX 1.6
    /// `acknowledgement: concluded`); nil when the document makes no such assertion (NOASSERTION). Vouch
    /// concludes only what it analysed: a distribution's license files identified against the SPDX texts
    /// and agreeing with the declared license (``PythonLicenseResolver/conclude(_:licenseFiles:identifyFile:)``).
    public var concludedLicense: PackageLicense? = nil
    /// License files the metadata references (`License-File`, `licenses/`), as paths in the source.
    public var licenseFiles: [String]
    public var summary: String?
    public var homepage: String?
    /// The source repository the metadata names (`Project-URL: Source, https://...`); CycloneDX
    /// `externalReferences` type `vcs`.
    public var sourceRepository: String? = nil
    /// Author or maintainer, as written.
    public var supplier: String?
    /// Who supplies the package (PyPI `Maintainer`/`Maintainer-email`, else the authors; Debian
    /// `Maintainer`), every person named, in order; empty when the metadata names no one.
    public var suppliers: [SBOMParty] = []
    /// Who made it (PyPI `Author`/`Author-email`).
    public var originators: [SBOMParty] = []
    /// The organization that made it (CycloneDX 1.6 component `manufacturer`; SPDX 2.3 clause 7.6 an
    /// `Organization:` originator), only when a source says the maker is an organization: an embedded SBOM's
    /// component `manufacturer` or `Organization:` originator. Python core metadata names an `Author`, who may
    /// be a person or a group, and a `Home-page` / `Project-URL` that is the project's site, not its maker's;
    /// neither says an organization made the distribution, so nothing is made a manufacturer from them.
    public var manufacturer: SBOMParty? = nil
    /// Whether ``suppliers`` are those of the distribution this vendored or declared package ships inside
    /// (its own metadata names no one): SPDX 2.3 clause 7.5's supplier is "the actual distribution source",
    /// which for a crate compiled into a wheel is whoever supplies the wheel.
    public var suppliedByParent = false
    /// Hashes of the package's artifact as a source states them (a PEP 770 SBOM's component hashes), with
    /// CycloneDX algorithm names; never a hash of metadata presented as the artifact's.
    public var hashes: [ComponentHash] = []
    /// Where ``hashes`` come from when not from the package's own SBOM: the lock file that pinned the
    /// artifact (`uv.lock`), `direct_url.json`'s `archive_info`.
    public var hashSource: String? = nil
    /// The file name of the artifact it was installed from (`uvicorn-0.34.0-py3-none-any.whl`), when a lock
    /// file says it; CycloneDX property `bsi:component:filename` (BSI TR-03183-2 5.2.2).
    public var artifactFileName: String? = nil
    /// Where the package's metadata was found in the source (its `.dist-info` directory, status file...).
    public var location: String
    /// How it was installed (registry, local directory, editable, VCS, archive URL).
    public var origin: PackageOrigin
    /// For a Debian package, its source package.
    public var sourcePackage: String?
    /// For a Debian package, its architecture.
    public var architecture: String?
    /// For a Debian package, its source package's version (dpkg's `Source: name (version)`), when it
    /// differs from the binary version; what OSV's Debian records compare.
    public var sourceVersion: String?
    /// The distribution the package belongs to, `<ID>-<VERSION_ID>` from os-release (`debian-12`), as
    /// syft's purl `distro` qualifier spells it; nil when the tree does not say.
    public var distro: String?
    /// The id of the package this one is vendored into or declared by (nil for an installed package).
    public var parentID: String?
    /// How this package relates to its parent.
    public var containment: Containment
    /// Files the package installed, with their RECORD hashes (filled only when files are asked for).
    public var files: [PackageFile]
    /// What the SBOM this package was read from said about it (``SBOMReader``); nil when catalogued.
    public var evidence: ComponentEvidence?

    public enum Containment: String, Hashable, Sendable {
        /// An installed package.
        case installed
        /// A copy of a distribution's metadata inside another package's tree (`bleach/_vendor/...`).
        case vendored
        /// A component listed in a distribution's own SBOM (PEP 770 `.dist-info/sboms/`).
        case declared
    }

    public init(
        id: String, ecosystem: PackageEcosystem, name: String, version: String, purl: String? = nil,
        license: PackageLicense = .noAssertion, licenseFiles: [String] = [], summary: String? = nil,
        homepage: String? = nil, supplier: String? = nil, location: String, origin: PackageOrigin = .registry,
        sourcePackage: String? = nil, architecture: String? = nil, parentID: String? = nil,
        containment: Containment = .installed, files: [PackageFile] = [], sourceVersion: String? = nil, distro: String? = nil
    ) {
        self.id = id
        self.ecosystem = ecosystem
        self.name = name
        self.version = version
        self.purl = purl
        self.license = license
        self.licenseFiles = licenseFiles
        self.summary = summary
        self.homepage = homepage
        self.supplier = supplier
        self.location = location
        self.origin = origin
        self.sourcePackage = sourcePackage
        self.architecture = architecture
        self.parentID = parentID
        self.containment = containment
        self.files = files
        self.sourceVersion = sourceVersion
        self.distro = distro
    }
}
