/// The file name of the wheel a distribution was installed from (binary distribution format:
/// `{distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl`), rebuilt from what
/// the installed `.dist-info` keeps: its directory name (`{distribution}-{version}.dist-info`, escaped as
/// the file name's parts are), the `WHEEL` file's `Build:` and its `Tag:` lines, which are the expansion
/// of the file name's compressed tag sets (`py2.py3-none-any` is `py2-none-any` and `py3-none-any`).
/// BSI TR-03183-2 5.2.2 "Filename of the component" (`bsi:component:filename`).
enum WheelFileName {
    /// Nil when the directory name is not `{name}-{version}.dist-info`, there is no tag, or the tags are
    /// not one product of three tag sets (no file name expands to them).
    static func name(distInfoDirectory: String, wheelFile: String) -> String? {
        guard distInfoDirectory.hasSuffix(".dist-info") else { return nil }
        let stem = distInfoDirectory.dropLast(".dist-info".count).split(separator: "-", omittingEmptySubsequences: false)
        guard stem.count == 2, !stem[0].isEmpty, !stem[1].isEmpty else { return nil }
        var tags: [[String]] = []
        var build: String?
        for line in wheelFile.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("Tag:") {
                let parts = line.dropFirst(4).trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && !$0.contains(".") && !$0.contains(" ") }) else { return nil }
                tags.append(parts)
            } else if line.hasPrefix("Build:") {
                build = line.dropFirst(6).trimmingCharacters(in: .whitespaces)
            }
        }
        guard !tags.isEmpty else { return nil }
        if let build {
            guard let first = build.first, first.isNumber, !build.contains("-"), !build.contains(" ") else { return nil }
        }
        var sets: [[String]] = [[], [], []]
        for tag in tags {
            for position in 0..<3 where !sets[position].contains(tag[position]) { sets[position].append(tag[position]) }
        }
        // The tags must be exactly the product of the three sets, each once.
        let unique = Set(tags.map { $0.joined(separator: "-") })
        guard unique.count == tags.count, unique.count == sets[0].count * sets[1].count * sets[2].count else { return nil }
        let parts = [String(stem[0]), String(stem[1])] + (build.map { [$0] } ?? []) + sets.map { $0.joined(separator: ".") }
        return parts.joined(separator: "-") + ".whl"
    }
}
