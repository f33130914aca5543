import VouchCore

/// `direct_url.json` (PyPA "Recording the Direct URL Origin of installed distributions"): how a
/// distribution that did not come from an index was installed.
enum DirectURL {
    /// The largest direct_url.json read.
    static let maximumBytes = 64 << 10

    /// The origin `bytes` records, or nil when the file is not a JSON object with a `url`.
    static func origin(parsing bytes: [UInt8]) -> PackageOrigin? {
        guard let object = try? JSONNode(parsing: bytes, path: "direct_url.json"), let url = object["url"]?.string else { return nil }
        if let dirInfo = object["dir_info"] {
            return .localDirectory(url: url, editable: dirInfo["editable"]?.bool ?? false)
        }
        if let vcsInfo = object["vcs_info"] {
            return .vcs(url: url, vcs: vcsInfo["vcs"]?.string ?? "git", commit: vcsInfo["commit_id"]?.string ?? "")
        }
        return .archive(url: url)  // archive_info, or no *_info at all
    }

    /// The archive's hashes `archive_info` records: its `hashes` table (`{"sha256": "..."}`), else the
    /// deprecated `hash` (`"sha256=..."`). These are the hashes of the file that was installed, checked by
    /// the installer; empty for a directory or VCS install.
    static func archiveHashes(parsing bytes: [UInt8]) -> [ComponentHash] {
        guard let object = try? JSONNode(parsing: bytes, path: "direct_url.json"), let info = object["archive_info"] else { return [] }
        var hashes: [ComponentHash] = []
        if let members = info["hashes"]?.members {
            for (algorithm, value) in members.sorted(by: { $0.key < $1.key }) {
                if let text = value.string, let hash = ProjectLock.hash(algorithm: algorithm, value: text) { hashes.append(hash) }
            }
        }
        if hashes.isEmpty, let legacy = info["hash"]?.string, let hash = ProjectLock.hash(legacy) { hashes.append(hash) }
        return hashes
    }
}
