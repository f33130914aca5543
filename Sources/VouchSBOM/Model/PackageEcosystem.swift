/// The package world a package belongs to.
public enum PackageEcosystem: String, Hashable, Sendable, CaseIterable {
    case python
    case debian
    /// A Swift package a SwiftPM lock file pins, or the package a `Package.swift` declares.
    case swift
    /// A component described by another SBOM (PEP 770); its purl says what it is when it has one.
    case embedded
}
