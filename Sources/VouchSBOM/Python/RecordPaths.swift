/// Paths in RECORD are relative to site-packages and may climb out of it (`../../../bin/uvicorn`).
enum RecordPaths {
    static func treePath(_ recorded: String, sitePackages: String) -> String {
        var components = TreePath.components(sitePackages)
        for component in TreePath.components(recorded) {
            if component == ".." { if !components.isEmpty { components.removeLast() } } else { components.append(component) }
        }
        return "/" + components.joined(separator: "/")
    }
}
