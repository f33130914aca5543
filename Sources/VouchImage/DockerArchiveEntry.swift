/// One entry of a docker-save `manifest.json` (moby image/tarexport: `Config`, `RepoTags`, `Layers`).
public struct DockerArchiveEntry: Hashable, Sendable, Codable {
    public var config: String
    public var repoTags: [String]?
    public var layers: [String]

    private enum CodingKeys: String, CodingKey {
        case config = "Config"
        case repoTags = "RepoTags"
        case layers = "Layers"
    }
}
