/// How a Python distribution was installed, from its `direct_url.json` (PyPA "Recording the Direct URL
/// Origin of installed distributions").
public enum PackageOrigin: Hashable, Sendable {
    /// From an index (no `direct_url.json`): the purl names PyPI.
    case registry
    /// From a local directory (`dir_info`), `editable` when installed in development mode.
    case localDirectory(url: String, editable: Bool)
    /// From a version-control URL (`vcs_info`), at `commit`.
    case vcs(url: String, vcs: String, commit: String)
    /// From an archive URL (`archive_info`) that is not a registry.
    case archive(url: String)
    /// Not from an index (it has a `direct_url.json`), but that file could not be read.
    case unknownDirect

    /// The source location when the package did not come from a registry.
    public var sourceLocation: String? {
        switch self {
        case .registry: nil
        case .localDirectory(let url, _): url
        case .vcs(let url, let vcs, let commit): "\(vcs)+\(url)@\(commit)"
        case .archive(let url): url
        case .unknownDirect: nil
        }
    }

    /// `registry`, `local-directory`, `editable`, `vcs` or `archive`.
    public var label: String {
        switch self {
        case .registry: "registry"
        case .localDirectory(_, let editable): editable ? "editable" : "local-directory"
        case .vcs: "vcs"
        case .archive: "archive"
        case .unknownDirect: "direct-url-unreadable"
        }
    }
}
