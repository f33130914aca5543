import Foundation
public import VouchCore

extension ProjectLock {
    /// uv's `uv.lock` (`version = 1`): `[[package]]` tables with `name`, `version`, `source`,
    /// `dependencies` (`{ name, extra = [...], marker }`), `[package.optional-dependencies]`,
    /// `[package.dev-dependencies]`, and `sdist` / `wheels` artifacts with `url` and `hash = "sha256:..."`.
    /// The root is the project itself: the package whose `source` is `virtual` or `editable` (`"."` first,
    /// else every workspace member); its `dependencies` and dev-dependency groups (`uv sync` installs the
    /// `dev` group by default) are the direct dependencies, with their extras.
    static func readUVLock(_ path: String) throws(VouchError) -> ProjectLock {
        let table = try parseTOML(path)
        guard let packages = table["package"]?.array else {
            throw VouchError(.malformedInput, "no [[package]] tables: not a uv.lock", path: path)
        }
        try checkCount(packages.count, "[[package]] tables")
        var locked: [String: [Locked]] = [:]
        var roots: [(isDot: Bool, table: LockTOMLTable)] = []
        for (index, value) in packages.enumerated() {
            guard let package = value.table, let name = package["name"]?.string else {
                throw VouchError(.malformedInput, "[[package]] number \(index + 1) has no name", path: path)
            }
            let source = package["source"]?.table
            if let source, let member = source["virtual"]?.string ?? source["editable"]?.string {
                roots.append((member == ".", package))
                continue
            }
            var artifacts: [Artifact] = []
            if let sdist = package["sdist"]?.table { artifacts.append(uvArtifact(sdist)) }
            for wheel in package["wheels"]?.array ?? [] {
                if let wheel = wheel.table { artifacts.append(uvArtifact(wheel)) }
            }
            locked[PythonPackageName.normalize(name), default: []].append(Locked(version: package["version"]?.string, artifacts: artifacts))
        }
        let chosen = roots.contains { $0.isDot } ? roots.filter(\.isDot) : roots
        guard !chosen.isEmpty else {
            return ProjectLock(path: path, kind: .uvLock, direct: nil, locked: locked)
        }
        let members = Set(roots.compactMap { $0.table["name"]?.string.map(PythonPackageName.normalize) })
        var direct: [Requirement] = []
        for root in chosen {
            var entries = root.table["dependencies"]?.array ?? []
            for group in (root.table["dev-dependencies"]?.table).map({ table in table.keys.sorted().compactMap { table[$0]?.array } }) ?? [] {
                entries += group
            }
            for entry in entries {
                guard let dependency = entry.table, let name = dependency["name"]?.string else {
                    throw VouchError(.malformedInput, "a dependency of \(root.table["name"]?.string ?? "the project") has no name", path: path)
                }
                if members.contains(PythonPackageName.normalize(name)) { continue }
                let extras = (dependency["extra"]?.array).map { Array($0).compactMap(\.string) } ?? []
                var text = name + (extras.isEmpty ? "" : "[" + extras.joined(separator: ",") + "]")
                if let marker = dependency["marker"]?.string { text += " ; " + marker }
                do throws(VouchError) {
                    direct.append(try Requirement(parsing: text))
                } catch {
                    throw VouchError(.malformedInput, "dependency \(name): \(error.reason)", path: path)
                }
            }
        }
        return ProjectLock(path: path, kind: .uvLock, direct: direct, locked: locked)
    }

    private static func uvArtifact(_ table: LockTOMLTable) -> Artifact {
        let url = table["url"]?.string ?? table["path"]?.string ?? table["filename"]?.string
        let fileName = url.map { String($0.split(separator: "/").last ?? Substring($0)).removingPercentEncoding ?? String($0.split(separator: "/").last ?? "") }
        return Artifact(fileName: fileName, hashes: table["hash"]?.string.flatMap(hash).map { [$0] } ?? [])
    }

    /// PEP 751 `pylock.toml`: `[[packages]]` with `name`, `version`, `[[packages.wheels]]` and
    /// `[packages.sdist]`, each with a `name` (the file name) and a `hashes` table (`sha256 = "..."`).
    /// The format lists every package flat and says nothing of which are direct: ``direct`` is nil (a
    /// `pyproject.toml` beside it gives them, see ``find(in:venv:)``).
    static func readPylock(_ path: String) throws(VouchError) -> ProjectLock {
        let table = try parseTOML(path)
        guard table["lock-version"]?.string != nil, let packages = table["packages"]?.array else {
            throw VouchError(.malformedInput, "no lock-version and [[packages]]: not a PEP 751 pylock.toml", path: path)
        }
        try checkCount(packages.count, "[[packages]] tables")
        var locked: [String: [Locked]] = [:]
        for (index, value) in packages.enumerated() {
            guard let package = value.table, let name = package["name"]?.string else {
                throw VouchError(.malformedInput, "[[packages]] number \(index + 1) has no name", path: path)
            }
            var artifacts: [Artifact] = []
            func artifact(_ table: LockTOMLTable) -> Artifact {
                let url = table["url"]?.string ?? table["path"]?.string
                let fileName = table["name"]?.string ?? url.map { String($0.split(separator: "/").last ?? "") }
                var hashes: [ComponentHash] = []
                if let given = table["hashes"]?.table {
                    for algorithm in given.keys.sorted() { if let value = given[algorithm]?.string, let hash = hash(algorithm: algorithm, value: value) { hashes.append(hash) } }
                }
                return Artifact(fileName: fileName, hashes: hashes)
            }
            if let sdist = package["sdist"]?.table { artifacts.append(artifact(sdist)) }
            for wheel in package["wheels"]?.array ?? [] { if let wheel = wheel.table { artifacts.append(artifact(wheel)) } }
            if let archive = package["archive"]?.table { artifacts.append(artifact(archive)) }
            locked[PythonPackageName.normalize(name), default: []].append(Locked(version: package["version"]?.string, artifacts: artifacts))
        }
        return ProjectLock(path: path, kind: .pylock, direct: nil, locked: locked)
    }

    /// `pyproject.toml`'s `[project] dependencies` (PEP 621: PEP 508 strings); ``direct`` is nil when it
    /// has no `[project]` table. It pins nothing.
    static func readPyproject(_ path: String) throws(VouchError) -> ProjectLock {
        let table = try parseTOML(path)
        guard let project = table["project"]?.table else { return ProjectLock(path: path, kind: .pyproject, direct: nil) }
        let dependencies = project["dependencies"]?.array ?? []
        try checkCount(dependencies.count, "dependencies")
        var direct: [Requirement] = []
        for value in dependencies {
            guard let text = value.string else { throw VouchError(.malformedInput, "[project] dependencies holds a value that is not a string", path: path) }
            do throws(VouchError) {
                direct.append(try Requirement(parsing: text))
            } catch {
                throw VouchError(.malformedInput, "[project] dependencies: \(error.reason)", path: path)
            }
        }
        return ProjectLock(path: path, kind: .pyproject, direct: direct)
    }

    /// Parses `path` as TOML (``LockTOMLReader``) within ``maxLockBytes``.
    static func parseTOML(_ path: String) throws(VouchError) -> LockTOMLTable {
        try LockTOMLReader.parse(try Self.text(path), path: path)
    }
}
