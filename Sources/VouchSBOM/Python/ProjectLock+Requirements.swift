import Foundation
public import VouchCore

extension ProjectLock {
    /// A pip requirements file (pip's "Requirements File Format"): one PEP 508 requirement a line, `\`
    /// continuing a line, `#` comments, `-r FILE` / `--requirement FILE` including another (relative to this
    /// one, at most ``maxIncludeDepth`` deep), `--hash=ALG:HEX` options pinning the artifact. Global options
    /// (`--index-url`, `-c` constraints, `-e` editable paths) name no direct dependency and are skipped.
    /// A requirement's hashes are kept only when it pins one version (`==`) with exactly one hash: several
    /// hashes name several artifacts (wheels per platform, the sdist), and nothing says which was installed.
    static func readRequirements(_ path: String, depth: Int) throws(VouchError) -> ProjectLock {
        guard depth <= maxIncludeDepth else {
            throw VouchError.limitExceeded("maxIncludeDepth", limit: Int64(maxIncludeDepth), found: Int64(depth), path: path, what: "-r include depth")
        }
        let text = try Self.text(path)
        var direct: [Requirement] = []
        var locked: [String: [Locked]] = [:]
        var logical = ""
        var startLine = 0
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        try checkCount(lines.count, "lines")
        for (number, raw) in lines.enumerated() {
            var line = Substring(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if logical.isEmpty { startLine = number + 1 }
            if line.hasSuffix("\\") {
                logical += line.dropLast() + " "
                continue
            }
            logical += line
            defer { logical = "" }
            // A comment starts at `#` at the line's start or after whitespace (pip: a URL may hold `#egg=`).
            var content = Substring(logical)
            if let hash = content.indices.first(where: { content[$0] == "#" && ($0 == content.startIndex || content[content.index(before: $0)] == " " || content[content.index(before: $0)] == "\t") }) {
                content = content[..<hash]
            }
            let trimmed = content.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            func fail(_ why: String) -> VouchError { VouchError(.malformedInput, "line \(startLine): \(why)", path: path) }
            if trimmed.hasPrefix("-") {
                let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "=" }).map(String.init)
                if words.first == "-r" || words.first == "--requirement" {
                    guard words.count >= 2 else { throw fail("\(words[0]) without a file") }
                    let included = words[1].hasPrefix("/") ? words[1] : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(words[1]).path
                    let lock = try readRequirements(included, depth: depth + 1)
                    direct += lock.direct ?? []
                    locked.merge(lock.locked) { $0 + $1 }
                }
                continue
            }
            // The requirement is what comes before the first ` --option`.
            let optionStart = trimmed.range(of: " --")?.lowerBound ?? trimmed.range(of: "\t--")?.lowerBound
            let requirementText = optionStart.map { String(trimmed[..<$0]) } ?? trimmed
            let options = optionStart.map { String(trimmed[$0...]) } ?? ""
            // A bare path or URL (`./pkg`, `https://...whl`) names an artifact, not a project.
            if requirementText.hasPrefix(".") || requirementText.hasPrefix("/") || requirementText.contains("://") && !requirementText.contains("@") { continue }
            let requirement: Requirement
            do throws(VouchError) {
                requirement = try Requirement(parsing: requirementText)
            } catch {
                throw fail(error.reason)
            }
            direct.append(requirement)
            try checkCount(direct.count, "requirements")
            var hashes: [ComponentHash] = []
            for word in options.split(whereSeparator: { $0 == " " || $0 == "\t" }) where word.hasPrefix("--hash") {
                let value = word.drop { $0 != "=" }.dropFirst()
                guard let hash = Self.hash(String(value)) else { throw fail("'\(word)' is not --hash=ALGORITHM:HEX") }
                hashes.append(hash)
            }
            let pinned = requirement.specifier.flatMap { set -> String? in
                guard set.clauses.count == 1, set.clauses[0].op == "==", !set.clauses[0].version.contains("*") else { return nil }
                return set.clauses[0].version
            }
            if let pinned {
                let artifacts = hashes.count == 1 ? [Artifact(fileName: nil, hashes: hashes)] : []
                locked[requirement.normalizedName, default: []].append(Locked(version: pinned, artifacts: artifacts))
            }
        }
        return ProjectLock(path: path, kind: .requirements, direct: direct, locked: locked)
    }
}
