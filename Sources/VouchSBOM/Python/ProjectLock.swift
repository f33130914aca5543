import Foundation
public import VouchCore
import VouchFiles

/// What a project's lock or requirement file says about the environment built from it: the root's direct
/// dependencies with the extras it asked for (which nothing in a venv records), and the hashes of the
/// artifacts it pinned. Read from `uv.lock` (uv's lock format), `pylock.toml` (PEP 751), `requirements*.txt`
/// (pip's requirements file format) or `pyproject.toml` (`[project] dependencies`, PEP 621).
///
/// Lock files are untrusted input: each is read within ``maxLockBytes`` and ``maxLockedPackages``, and an
/// error names the file and, where the format has one, the line.
public struct ProjectLock: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case uvLock = "uv.lock"
        case pylock = "pylock.toml"
        case requirements = "requirements.txt"
        case pyproject = "pyproject.toml"
    }

    /// One artifact (a wheel or an sdist) the lock pins, with its hashes.
    public struct Artifact: Hashable, Sendable {
        /// The file name (`uvicorn-0.34.0-py3-none-any.whl`), when the lock says it.
        public var fileName: String?
        public var hashes: [ComponentHash]
        public var isWheel: Bool { fileName?.hasSuffix(".whl") ?? false }

        public init(fileName: String?, hashes: [ComponentHash]) {
            self.fileName = fileName
            self.hashes = hashes
        }
    }

    /// A package the lock pins: its version and artifacts.
    public struct Locked: Hashable, Sendable {
        public var version: String?
        public var artifacts: [Artifact]

        public init(version: String?, artifacts: [Artifact]) {
            self.version = version
            self.artifacts = artifacts
        }
    }

    /// Which lock file a run reads (`vouch sbom --lock FILE`, `--project DIR`).
    public enum Request: Hashable, Sendable {
        /// The one next to a venv source (``find(in:venv:)``), if any; none for an image.
        case automatic
        case file(String)
        /// The lock of the project in this directory; an error when it has none.
        case project(String)
        case none
    }

    /// The lock `request` names for the source at `path` (`isVenv`: a directory with `pyvenv.cfg`).
    public static func resolve(_ request: Request, source path: String, isVenv: Bool) throws(VouchError) -> ProjectLock? {
        switch request {
        case .none: return nil
        case .file(let file):
            guard FileManager.default.fileExists(atPath: file) else { throw VouchError(.fileNotFound, "no such lock or requirement file", path: file) }
            return try read(file)
        case .project(let directory):
            guard let lock = try find(in: directory, venv: false) else {
                throw VouchError(.fileNotFound, "no uv.lock, pylock.toml, requirements.txt or pyproject.toml with a [project] table in it", path: directory)
            }
            return lock
        case .automatic:
            return isVenv ? try find(in: path, venv: true) : nil
        }
    }

    /// The file read.
    public var path: String
    public var kind: Kind
    /// The root's direct dependencies (PEP 508), extras and markers as the file states them; nil when the
    /// format does not say which packages are direct (a `pylock.toml` alone lists every package flat).
    public var direct: [Requirement]?
    /// Pinned packages by PEP 503 name.
    public var locked: [String: [Locked]]

    public init(path: String, kind: Kind, direct: [Requirement]?, locked: [String: [Locked]] = [:]) {
        self.path = path
        self.kind = kind
        self.direct = direct
        self.locked = locked
    }

    /// The largest lock or requirement file read.
    public static let maxLockBytes = 16 << 20
    /// The most packages (or requirement lines) one lock file may pin.
    public static let maxLockedPackages = 20_000
    /// How deep `-r other.txt` includes of requirement files may nest.
    public static let maxIncludeDepth = 8

    /// Reads `path`, its kind told by its name: `uv.lock`, `pylock.toml` / `pylock.*.toml`,
    /// `pyproject.toml`, anything else as a requirements file.
    public static func read(_ path: String) throws(VouchError) -> ProjectLock {
        let name = URL(fileURLWithPath: path).lastPathComponent
        do throws(VouchError) {
            if name == "uv.lock" { return try readUVLock(path) }
            if name == "pylock.toml" || (name.hasPrefix("pylock.") && name.hasSuffix(".toml")) { return try readPylock(path) }
            if name == "pyproject.toml" { return try readPyproject(path) }
            return try readRequirements(path, depth: 0)
        } catch {
            throw error.attributed(to: path)
        }
    }

    /// The lock file of the project in `directory` (`--project DIR`), or of the venv at `directory` (the
    /// directory holding it: `project/.venv`): `uv.lock`, then `pylock.toml`, then `requirements.txt`, then
    /// `pyproject.toml` with a `[project]` table. A `pylock.toml` states no direct dependencies, so a
    /// `pyproject.toml` beside it gives them. Nil when there is none.
    public static func find(in directory: String, venv: Bool) throws(VouchError) -> ProjectLock? {
        let base = URL(fileURLWithPath: directory).standardizedFileURL
        let directories = venv ? [base.path, base.deletingLastPathComponent().path] : [base.path]
        for candidate in directories {
            func exists(_ name: String) -> String? {
                let path = candidate == "/" ? "/" + name : candidate + "/" + name
                return FileManager.default.fileExists(atPath: path) ? path : nil
            }
            if let path = exists("uv.lock") { return try read(path) }
            if let path = exists("pylock.toml") {
                var lock = try read(path)
                if let pyproject = exists("pyproject.toml") { lock.direct = try read(pyproject).direct }
                return lock
            }
            if let path = exists("requirements.txt") { return try read(path) }
            if let path = exists("pyproject.toml") {
                let lock = try read(path)
                if lock.direct != nil { return lock }
            }
        }
        return nil
    }

    /// The hashes of the artifact `installed` came from: the one wheel whose tags are the installed
    /// `WHEEL`'s (`wheelTags`), else, when no locked wheel has them (built locally from the sdist), the
    /// sdist's. Empty when the lock pins another version or cannot tell which artifact it was.
    public func artifactHashes(name: String, version: String, wheelTags: Set<String>) -> [ComponentHash] {
        installedArtifact(name: name, version: version, wheelTags: wheelTags)?.hashes ?? []
    }

    /// The artifact ``artifactHashes(name:version:wheelTags:)`` takes the hashes of.
    public func installedArtifact(name: String, version: String, wheelTags: Set<String>) -> Artifact? {
        guard let entries = locked[name] else { return nil }
        let matching = entries.filter { entry in
            guard let locked = entry.version else { return true }
            guard let a = PythonVersion(locked), let b = PythonVersion(version) else { return locked == version }
            return PythonVersion.compare(a, b, ignoringLocal: false) == 0
        }
        guard matching.count == 1, let entry = matching.first else { return nil }
        let artifacts = entry.artifacts.filter { !$0.hashes.isEmpty }
        if artifacts.count == 1, artifacts[0].fileName == nil { return artifacts[0] }
        let wheels = artifacts.filter(\.isWheel)
        let fitting = wheels.filter { !wheelTags.isEmpty && Self.tags(ofWheel: $0.fileName!) == wheelTags }
        if fitting.count == 1 { return fitting[0] }
        if fitting.isEmpty, !wheelTags.isEmpty {
            let sdists = artifacts.filter { !$0.isWheel && $0.fileName != nil }
            let lockedTags = wheels.reduce(into: Set<String>()) { tags, wheel in tags.formUnion(Self.tags(ofWheel: wheel.fileName!)) }
            if sdists.count == 1, wheelTags.isDisjoint(with: lockedTags) {
                return sdists[0]
            }
        }
        return nil
    }

    /// The expanded tags of a wheel file name (`{name}-{ver}(-{build})?-{py}-{abi}-{plat}.whl`, compressed tag
    /// sets split on `.`), as the `Tag:` lines of its `WHEEL` file list them.
    static func tags(ofWheel fileName: String) -> Set<String> {
        let stem = fileName.hasSuffix(".whl") ? String(fileName.dropLast(4)) : fileName
        let parts = stem.split(separator: "-")
        guard parts.count >= 5 else { return [] }
        return expand(tag: parts.suffix(3).joined(separator: "-"))
    }

    /// A tag triple with compressed sets (`cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64`, as
    /// maturin writes it in `WHEEL`) as the plain triples it stands for.
    static func expand(tag: String) -> Set<String> {
        let parts = tag.split(separator: "-")
        guard parts.count == 3 else { return [] }
        let python = parts[0].split(separator: "."), abi = parts[1].split(separator: "."), platform = parts[2].split(separator: ".")
        var tags: Set<String> = []
        for p in python { for a in abi { for l in platform { tags.insert("\(p)-\(a)-\(l)") } } }
        return tags
    }

    /// A hash written `sha256:HEX` (uv, pip's `--hash`) as a component hash; nil for an algorithm CycloneDX
    /// does not name or a value that is not hex.
    static func hash(_ text: String) -> ComponentHash? {
        guard let colon = text.firstIndex(of: ":") ?? text.firstIndex(of: "=") else { return nil }
        return hash(algorithm: String(text[..<colon]), value: String(text[text.index(after: colon)...]))
    }

    static func hash(algorithm: String, value: String) -> ComponentHash? {
        let algorithm = ComponentHash.normalizedAlgorithm(algorithm)
        guard ComponentHash.cycloneDXAlgorithms.contains(algorithm), !value.isEmpty, value.allSatisfy(\.isHexDigit) else { return nil }
        return ComponentHash(algorithm: algorithm, value: value.lowercased())
    }

    /// The file's bytes as text, within ``maxLockBytes``.
    static func text(_ path: String) throws(VouchError) -> String {
        String(decoding: try BoundedFileReader.read(path, limit: maxLockBytes, limitName: "maxLockBytes"), as: UTF8.self)
    }

    /// Refuses more than ``maxLockedPackages`` entries.
    static func checkCount(_ count: Int, _ what: String) throws(VouchError) {
        guard count <= maxLockedPackages else {
            throw VouchError.limitExceeded("maxLockedPackages", limit: Int64(maxLockedPackages), found: Int64(count), path: nil, what: what)
        }
    }
}
