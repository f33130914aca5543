/// The kind of file a component is delivered as, known from the file Vouch names for it (a wheel's name
/// follows from its `WHEEL` tags, a `.deb`'s from dpkg's fields, a lock file names its artifact) or from the
/// source itself (an image), with what BSI TR-03183-2 v2.1.0 section 5.2.2 asks of every component's file:
/// whether it is executable, an archive, structured (CycloneDX properties `bsi:component:executable`,
/// `bsi:component:archive`, `bsi:component:structured`, BSI's CycloneDX property taxonomy).
///
/// Annex 8.1 defines them for the file: executable files are compiled binaries, interpreted code and shared
/// libraries; an archive is a combination of several components (compressed or not); a structured archive
/// keeps the metadata that tells its original components apart (containers, packages, `.zip`, `.tar`,
/// `.tar.gz`), and an archive may be an executable file too (a self-extracting one). Every kind here is a
/// package or a container: a structured archive that is not itself run, whatever the files inside it are.
/// A file Vouch cannot tell the kind of gets no properties rather than a guess.
public enum ArtifactKind: String, Hashable, Sendable {
    /// A wheel (PyPA binary distribution format, PEP 427): a zip archive with its file list (`RECORD`) and
    /// metadata in `.dist-info`.
    case wheel
    /// A Debian binary package (deb(5)): an ar archive of the control metadata and a tar of the files.
    case debianPackage
    /// A Python source distribution (PyPA source distribution format, PEP 625 `.tar.gz`; `.zip` of old):
    /// a tar or zip archive with `PKG-INFO`.
    case sourceDistribution
    /// An OCI or Docker image: a manifest naming its layers, each a tar archive.
    case containerImage

    /// The kind a file name says; nil for any other name.
    public init?(fileName: String) {
        let lowered = fileName.lowercased()
        if lowered.hasSuffix(".whl") {
            self = .wheel
        } else if lowered.hasSuffix(".deb") {
            self = .debianPackage
        } else if [".tar.gz", ".zip", ".tar.bz2", ".tar.xz", ".tgz"].contains(where: lowered.hasSuffix) {
            self = .sourceDistribution
        } else {
            return nil
        }
    }

    /// Whether the file itself is executable (Annex 8.1: a binary, interpreted code, a shared library).
    public var isExecutable: Bool { false }
    /// Whether the file combines several components.
    public var isArchive: Bool { true }
    /// Whether the file keeps the metadata that names what it combines.
    public var isStructured: Bool { true }

    /// The three CycloneDX properties with the values BSI's taxonomy allows.
    public var bsiProperties: [(name: String, value: String)] {
        [("bsi:component:executable", isExecutable ? "executable" : "non-executable"),
         ("bsi:component:archive", isArchive ? "archive" : "no archive"),
         ("bsi:component:structured", isStructured ? "structured" : "unstructured")]
    }
}
