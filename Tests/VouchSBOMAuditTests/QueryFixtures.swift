import Foundation

/// A CycloneDX 1.6 BOM with components chosen for `sbom query`, `sbom licenses` and `sbom report`: two
/// pydantic distributions, PyPI and Cargo `idna`, a Debian package, one without supplier or license, and
/// (when asked) one whose name and license are hostile HTML.
enum QueryFixtures {
    typealias Object = [String: Any]

    static func component(_ name: String, _ version: String, purl: String, license: String?, supplier: String? = "Example Org") -> Object {
        var object: Object = ["type": "library", "bom-ref": purl, "name": name, "version": version, "purl": purl]
        if let license { object["licenses"] = [["expression": license]] }
        if let supplier { object["supplier"] = ["name": supplier] }
        return object
    }

    static let hostileName = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>"

    static func bom(hostile: Bool = false) -> Object {
        var components = [
            component("pydantic", "2.9.2", purl: "pkg:pypi/pydantic@2.9.2", license: "MIT"),
            component("pydantic_core", "2.23.4", purl: "pkg:pypi/pydantic-core@2.23.4", license: "MIT"),
            component("idna", "3.10", purl: "pkg:pypi/idna@3.10", license: "BSD-3-Clause"),
            component("idna", "1.0.3", purl: "pkg:cargo/idna@1.0.3", license: "MIT OR Apache-2.0"),
            component("libc6", "2.36-9", purl: "pkg:deb/debian/libc6@2.36-9?arch=amd64", license: "LGPL-2.1-or-later AND GPL-2.0-only", supplier: "Debian"),
            component("mystery", "0.1", purl: "pkg:pypi/mystery@0.1", license: nil, supplier: nil),
        ]
        if hostile {
            components.append(component(hostileName, "1.0<b>", purl: "pkg:pypi/evil@1.0", license: "MIT", supplier: "</td><script>alert(3)</script>"))
        }
        let refs = components.map { $0["bom-ref"] as! String }
        return [
            "bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", "version": 1,
            "metadata": [
                "timestamp": "2026-01-02T03:04:05Z",
                "tools": ["components": [["type": "application", "name": "vouch", "version": "1.0.0"]]],
                "component": ["type": "application", "bom-ref": "app", "name": "app", "version": "1.0.0"],
            ],
            "components": components,
            "dependencies": [["ref": "app", "dependsOn": [refs[0]]], ["ref": refs[0], "dependsOn": [refs[1]]]] + refs.dropFirst().map { ["ref": $0, "dependsOn": []] },
        ]
    }

    static func write(_ object: Object, to path: String) throws {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
    }
}
