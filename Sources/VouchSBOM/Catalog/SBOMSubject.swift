import Foundation

/// What the user says the SBOM's root component is (`vouch sbom --name`, `--subject-version`; syft's
/// `--source-name`, `--source-version`), over what the source says of itself.
public struct SBOMSubject: Hashable, Sendable {
    public var name: String?
    public var version: String?
    /// Who supplies the root component (`--supplier "Org (email)"`).
    public var supplier: SBOMParty?

    public init(name: String? = nil, version: String? = nil, supplier: SBOMParty? = nil) {
        self.name = name
        self.version = version
        self.supplier = supplier
    }

    /// Names a directory source's root once the catalogers said what it is: a venv after its project
    /// (`pyproject.toml` in it or next to it), else after its own directory, or the one holding it when it
    /// has a conventional name (`project/.venv` is `project`); other directories keep their path. The
    /// version is the project's when nothing overrides it.
    func describe(_ source: inout SBOMSource, directory: String, project: PythonProject?) {
        source.supplier = supplier ?? source.supplier
        switch source.kind {
        case .virtualEnvironment:
            source.name = name ?? project?.name ?? Self.venvName(directory)
            source.version = version ?? project?.version
        case .directory:
            source.name = name ?? project?.name ?? source.name
            source.version = version ?? project?.version
        case .sitePackages, .image:
            source.name = name ?? source.name
            source.version = version ?? source.version
        }
    }

    /// Directory names that say "a venv" rather than which one.
    static let conventionalVenvNames: Set<String> = [".venv", "venv", "env", ".env", "virtualenv", ".virtualenv"]

    static func venvName(_ directory: String) -> String {
        let url = URL(fileURLWithPath: directory).standardizedFileURL
        let own = url.lastPathComponent
        guard conventionalVenvNames.contains(own) else { return own }
        let parent = url.deletingLastPathComponent().lastPathComponent
        return parent.isEmpty || parent == "/" ? own : parent
    }
}
