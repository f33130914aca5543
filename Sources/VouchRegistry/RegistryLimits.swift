/// Named limits that a registry's responses meet. Going past one stops with a `VouchError` whose
/// `limit` names it and the value found.
public struct RegistryLimits: Hashable, Sendable {
    /// Largest manifest or index accepted from a registry (distribution's own limit is 4 MiB).
    public var maxRegistryManifestBytes: Int64
    /// Largest token-server response, error body or referrers list read into memory.
    public var maxRegistryResponseBytes: Int64
    /// Most `Link`-paginated pages of `tags/list` followed.
    public var maxRegistryTagPages: Int

    public init(maxRegistryManifestBytes: Int64 = 4 << 20, maxRegistryResponseBytes: Int64 = 1 << 20, maxRegistryTagPages: Int = 100) {
        self.maxRegistryManifestBytes = maxRegistryManifestBytes
        self.maxRegistryResponseBytes = maxRegistryResponseBytes
        self.maxRegistryTagPages = maxRegistryTagPages
    }
}
