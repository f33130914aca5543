import VouchSBOM

/// An OSV ecosystem Vouch matches: `PyPI`, or `Debian:<VERSION_ID>` (one Debian release; a bare
/// `Debian` names no release and never matches).
public enum VulnEcosystem: Hashable, Sendable, CustomStringConvertible {
    case pypi
    /// `release` is os-release's `VERSION_ID` (`11`, `12`).
    case debian(release: String)

    /// The ecosystem an OSV `package.ecosystem` names, or nil when Vouch does not match it.
    public init?(osv name: String) {
        if name == "PyPI" {
            self = .pypi
        } else if name.hasPrefix("Debian:"), name.count > 7 {
            self = .debian(release: String(name.dropFirst(7)))
        } else {
            return nil
        }
    }

    /// The OSV spelling.
    public var description: String {
        switch self {
        case .pypi: "PyPI"
        case .debian(let release): "Debian:\(release)"
        }
    }

    /// How names are compared: PEP 503 normalisation for PyPI; Debian source names as they are.
    public func matchingName(_ name: String) -> String {
        switch self {
        case .pypi: PythonPackageName.normalize(name)
        case .debian: name
        }
    }
}
