/// The package world a package belongs to.
public enum PackageEcosystem: String, Hashable, Sendable, CaseIterable {
    case python
    case debian
    /// A component described by another SBOM (PEP 770); its purl says what it is when it has one.
    case embedded
}
