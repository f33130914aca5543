/// The Python a tree's packages were installed for: what PEP 508 markers are evaluated against.
public struct PythonInterpreter: Hashable, Sendable, CustomStringConvertible {
    /// `3.11.7`, or `3.11` when only the minor version is known.
    public var fullVersion: String
    /// `CPython`, `PyPy`...
    public var implementation: String
    /// `platform_machine`, e.g. `x86_64`, `aarch64`.
    public var machine: String

    public init(fullVersion: String, implementation: String = "CPython", machine: String) {
        self.fullVersion = fullVersion
        self.implementation = implementation
        self.machine = machine
    }

    public var description: String { "\(implementation) \(fullVersion) (\(machine))" }

    public var markerEnvironment: MarkerEnvironment {
        .linux(fullVersion: fullVersion, machine: machine, implementation: implementation)
    }

    /// The interpreter a `pyvenv.cfg` (PEP 405) names: `version` / `version_info`, and `implementation`
    /// when the tool that made the venv recorded it (uv does).
    static func fromVenvConfig(_ text: String, machine: String) -> PythonInterpreter? {
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals]).trimmingSpaces().lowercased()] = String(line[line.index(after: equals)...]).trimmingSpaces()
        }
        guard var version = values["version"] ?? values["version_info"] else { return nil }
        // version_info may read 3.12.1.final.0.
        let parts = version.split(separator: ".")
        if parts.count > 3 { version = parts.prefix(3).joined(separator: ".") }
        guard PythonVersion(version) != nil else { return nil }
        let implementation = values["implementation"].map { $0.lowercased() == "pypy" ? "PyPy" : $0 } ?? "CPython"
        return PythonInterpreter(fullVersion: version, implementation: implementation, machine: machine)
    }

    /// Whether `text` can be an interpreter's version for markers: PEP 440 with at least major.minor
    /// (`3.12`, `3.12.1`, `3.13.0rc1`), no epoch or local part.
    public static func isVersion(_ text: String) -> Bool {
        guard let version = PythonVersion(text) else { return false }
        return version.release.count >= 2 && version.release.count <= 3 && version.epoch == 0 && version.local.isEmpty
            && text.first?.isNumber == true
    }

    /// `3.11` from a path component `python3.11`, or nil.
    static func minorVersion(inPath path: String) -> String? {
        for component in path.split(separator: "/") where component.hasPrefix("python") {
            let rest = component.dropFirst("python".count)
            let parts = rest.split(separator: ".")
            if parts.count == 2, parts.allSatisfy({ Int($0) != nil }) { return String(rest) }
        }
        return nil
    }
}
