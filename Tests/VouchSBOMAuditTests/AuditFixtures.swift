import Foundation
import VouchSBOM
import VouchTestSupport

/// SBOMs built in the test, as JSON objects, so each profile rule gets a document that meets every
/// element and, from it, one that lacks exactly that element.
enum AuditFixtures {
    typealias Object = [String: Any]

    static let sha512 = String(repeating: "ab", count: 64)
    static let sha256 = String(repeating: "cd", count: 32)

    /// A component with every field any profile asks for.
    static func cycloneDXComponent(ref: String, name: String, version: String, purl: String, type: String = "library") -> Object {
        [
            "type": type, "bom-ref": ref, "name": name, "version": version, "purl": purl,
            "cpe": "cpe:2.3:a:example:\(name):\(version):*:*:*:*:*:*:*",
            "supplier": ["name": "Example Org", "url": ["https://example.com"]],
            "manufacturer": ["name": "Example Org", "url": ["https://example.com"], "contact": [["name": "Maintainer", "email": "dev@example.com"]]],
            "authors": [["name": "Jane Doe", "email": "jane@example.com"]],
            "hashes": [["alg": "SHA-512", "content": sha512], ["alg": "SHA-256", "content": sha256]],
            "licenses": [["license": ["id": "BSD-3-Clause", "acknowledgement": "declared"]], ["license": ["id": "BSD-3-Clause", "acknowledgement": "concluded"]]],
            "copyright": "Copyright 2026 Example Org",
            "externalReferences": [["type": "vcs", "url": "https://example.com/\(name).git"]],
            "properties": [
                ["name": "bsi:component:filename", "value": "\(name)-\(version).whl"],
                ["name": "bsi:component:executable", "value": "non-executable"],
                ["name": "bsi:component:archive", "value": "archive"],
                ["name": "bsi:component:structured", "value": "structured"],
            ],
        ]
    }

    /// A CycloneDX 1.6 BOM meeting every element of every profile.
    static func cycloneDX() -> Object {
        [
            "bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", "version": 1,
            "metadata": [
                "timestamp": "2026-01-02T03:04:05Z",
                "lifecycles": [["phase": "build"]],
                "tools": ["components": [["type": "application", "name": "vouch", "version": "1.0.0"]]],
                "authors": [["name": "Example Org SBOM team", "email": "sbom@example.com"]],
                "manufacturer": ["name": "Example Org", "url": ["https://example.com"]],
                "supplier": ["name": "Example Org", "url": ["https://example.com"]],
                "licenses": [["license": ["id": "CC0-1.0"]]],
                "component": cycloneDXComponent(ref: "app", name: "app", version: "1.0.0", purl: "pkg:oci/app@sha256%3A\(sha256)", type: "container"),
            ],
            "components": [cycloneDXComponent(ref: "pkg:pypi/idna@3.7", name: "idna", version: "3.7", purl: "pkg:pypi/idna@3.7")],
            "dependencies": [["ref": "app", "dependsOn": ["pkg:pypi/idna@3.7"]], ["ref": "pkg:pypi/idna@3.7", "dependsOn": []]],
            "compositions": [["aggregate": "complete", "dependencies": ["app"]]],
            "signature": ["algorithm": "ES256", "value": "c2lnbmF0dXJl"],
        ]
    }

    static func spdxPackage(id: String, name: String, version: String, purl: String?) -> Object {
        var package: Object = [
            "SPDXID": id, "name": name, "versionInfo": version, "downloadLocation": "NOASSERTION",
            "supplier": "Organization: Example Org (dev@example.com)", "originator": "Person: Jane Doe (jane@example.com)",
            "checksums": [["algorithm": "SHA256", "checksumValue": sha256], ["algorithm": "SHA512", "checksumValue": sha512]],
            "licenseDeclared": "BSD-3-Clause", "licenseConcluded": "BSD-3-Clause", "copyrightText": "Copyright 2026 Example Org",
            "primaryPackagePurpose": "LIBRARY", "filesAnalyzed": false,
        ]
        if let purl { package["externalRefs"] = [["referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": purl]] }
        return package
    }

    /// An SPDX 2.3 document meeting every NTIA and FSCT 3 element.
    static func spdx() -> Object {
        [
            "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": "app",
            "documentNamespace": "https://example.com/spdx/app-1.0.0",
            "creationInfo": ["created": "2026-01-02T03:04:05Z", "creators": ["Organization: Example Org (sbom@example.com)", "Tool: vouch-1.0.0"],
                             "comment": "SBOM type: Build (CISA SBOM types)"],
            "packages": [spdxPackage(id: "SPDXRef-app", name: "app", version: "1.0.0", purl: nil),
                         spdxPackage(id: "SPDXRef-idna", name: "idna", version: "3.7", purl: "pkg:pypi/idna@3.7")],
            "relationships": [
                ["spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-app"],
                ["spdxElementId": "SPDXRef-app", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-idna"],
            ],
        ]
    }

    /// Applies `change` to every CycloneDX component (the primary one included).
    static func eachComponent(_ bom: inout Object, _ change: (inout Object) -> Void) {
        var metadata = bom["metadata"] as! Object
        var primary = metadata["component"] as! Object
        change(&primary)
        metadata["component"] = primary
        bom["metadata"] = metadata
        var components = bom["components"] as! [Object]
        for index in components.indices { change(&components[index]) }
        bom["components"] = components
    }

    static func eachPackage(_ document: inout Object, _ change: (inout Object) -> Void) {
        var packages = document["packages"] as! [Object]
        for index in packages.indices { change(&packages[index]) }
        document["packages"] = packages
    }

    static func metadata(_ bom: inout Object, _ change: (inout Object) -> Void) {
        var metadata = bom["metadata"] as! Object
        change(&metadata)
        bom["metadata"] = metadata
    }

    static func removeProperty(_ name: String) -> @Sendable (inout Object) -> Void {
        { component in component["properties"] = (component["properties"] as! [Object]).filter { $0["name"] as? String != name } }
    }

    static func setProperty(_ name: String, _ value: String) -> @Sendable (inout Object) -> Void {
        { component in
            component["properties"] = (component["properties"] as! [Object]).map { $0["name"] as? String == name ? ["name": name, "value": value] : $0 }
        }
    }

    static func bytes(_ object: Object) -> [UInt8] {
        [UInt8](try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    static func document(_ object: Object) throws -> SBOMDocument {
        try SBOMReader.read(bytes(object), path: "fixture.json")
    }
}
